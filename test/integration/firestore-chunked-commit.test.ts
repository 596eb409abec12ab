/**
 * Change sets larger than one Firestore commit, on Google's emulator (the fallback server's
 * batches are not all-or-nothing, so it cannot show what a failed commit leaves): a first import
 * of 5,000 rows commits in one reconcile; a reconcile failing at its k-th commit, then run again,
 * ends with every row stored once and no number of ID spent for nothing. Also the TTL fields.
 */
import type { Firestore } from '@google-cloud/firestore';
import { C2RA } from '../../shared/domain/operator';
import { formatRecordId } from '../../shared/domain/record-id';
import { syncWorkbook } from '../../shared/use-cases/sync-workbook';
import {
  EVENT_REPLAY_DAYS,
  FIRESTORE_COMMIT_LIMITS,
  FirestoreRecordStore,
} from '../../functions/adapters/firestore-record-store';
import { benchClock, benchData, scaleForProviders } from '../../bench/lib/bench-data';
import { aCreation, aStoredRecord } from '../support/builders/stored-record-builder';
import { headerOf, JOURNAL_HEADER, rowOf } from '../support/builders/workbook-rows';
import { InMemoryWorkbookGateway } from '../support/fakes/in-memory-workbook-gateway';
import {
  createFirestoreClient,
  detectGoogleFirestoreEmulator,
  firestorePreferenceFromEnvironment,
  startFirestoreTestServer,
  uniqueProjectId,
  type FirestoreTestServer,
} from '../support/firestore-test-server';

jest.setTimeout(600_000);

const detection = detectGoogleFirestoreEmulator();
const required = firestorePreferenceFromEnvironment() === 'google';
const run = detection.available || required;
if (!run) {
  console.warn(
    `SKIP firestore-chunked-commit: Google's Firestore emulator is not installed (${detection.reason}). ` +
      'Install it with: apt-get install -y google-cloud-cli-firestore-emulator openjdk-17-jre-headless; ' +
      'DLA_TEST_FIRESTORE=google makes its absence a failure (CI).',
  );
}

/** The register rows of the benchmark generator: `count` providers as the C2RA types them. */
function registerRows(count: number) {
  return benchData(scaleForProviders(count))
    .register.slice(0, count)
    .map((row) => rowOf('provider', row));
}

/** A workbook gateway holding the C2RA's « Registre » with these rows, no ID typed yet. */
function registerWorkbook(rows: ReturnType<typeof registerRows>): InMemoryWorkbookGateway {
  const gateway = new InMemoryWorkbookGateway();
  gateway.setTab(C2RA, 'Registre', headerOf('provider'), rows);
  gateway.setTab(C2RA, 'Journal', JOURNAL_HEADER);
  return gateway;
}

/** A client whose `k`-th read-write transaction fails before committing (a crash, a timeout). */
function failingAt(db: Firestore, k: number): { db: Firestore; transactions: () => number } {
  let count = 0;
  const proxy = new Proxy(db, {
    get(target, property) {
      if (property === 'runTransaction') {
        const runTransaction: Firestore['runTransaction'] = (fn, options) => {
          if (options?.readOnly !== true) {
            count += 1;
            if (count === k) return Promise.reject(new Error(`commit ${k} lost (injected)`));
          }
          return target.runTransaction(fn, options);
        };
        return runTransaction;
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
  return { db: proxy, transactions: () => count };
}

(run ? describe : describe.skip)(
  'Firestore change sets larger than one commit (Google emulator)',
  () => {
    let server: FirestoreTestServer | undefined;

    beforeAll(async () => {
      server = await startFirestoreTestServer({ prefer: 'google' });
    }, 120_000);

    afterAll(async () => {
      await server?.stop();
    });

    function host(): string {
      if (server === undefined) throw new Error('the emulator did not start');
      return server.host;
    }

    it('commits a first import of 5,000 rows in one reconcile, in commits within the limits', async () => {
      const rows = registerRows(5_000);
      const counted = failingAt(createFirestoreClient(host(), uniqueProjectId('import')), 0);
      const store = new FirestoreRecordStore(counted.db);
      try {
        const started = performance.now();
        const report = await syncWorkbook(
          { store, clock: benchClock, gateway: registerWorkbook(rows) },
          C2RA,
          'import initial',
        );
        const seconds = (performance.now() - started) / 1000;
        if (!report.ok) throw new Error(report.error.message);
        expect(report.value.created).toBe(5_000);
        const register = await store.loadRegister();
        expect(register).toHaveLength(5_000);
        expect(await store.nextSequence(C2RA, 'provider')).toBe(5_001);
        const audit = await store.listAudit(C2RA);
        const commits = counted.transactions();
        console.log(
          `[firestore-chunked-commit] 5,000 rows: ${commits} commits, ${audit.length} audit entries, ${seconds.toFixed(1)} s`,
        );
        // Each commit holds at most 500 writes: records and audit entries need at least this many.
        expect(commits).toBeGreaterThanOrEqual(
          Math.ceil((register.length + audit.length) / FIRESTORE_COMMIT_LIMITS.maxWrites),
        );
      } finally {
        await store.close();
      }
    });

    it.each([2, 5])(
      'after losing commit %i of a reconcile, the next reconcile stores every row once and spends no number',
      async (k) => {
        const rows = registerRows(600);
        const projectId = uniqueProjectId(`crash${k}`);
        const gateway = registerWorkbook(rows);
        const faulty = failingAt(createFirestoreClient(host(), projectId), k);
        const crashing = new FirestoreRecordStore(faulty.db);
        await expect(
          syncWorkbook({ store: crashing, clock: benchClock, gateway }, C2RA, 'import initial'),
        ).rejects.toThrow(`commit ${k} lost`);
        await crashing.close();

        const store = new FirestoreRecordStore(createFirestoreClient(host(), projectId));
        try {
          const before = (await store.loadRegister()).length;
          expect(before).toBeLessThan(rows.length);
          const retried = await syncWorkbook(
            { store, clock: benchClock, gateway },
            C2RA,
            'import initial',
          );
          if (!retried.ok) throw new Error(retried.error.message);
          expect(retried.value.created).toBe(rows.length - before);
          const register = await store.loadRegister();
          const ids = register.map((r) => r.id);
          expect(ids).toStrictEqual(
            rows.map((_, i) =>
              formatRecordId({ kind: 'provider', operator: null, sequence: i + 1 }),
            ),
          );
          expect(await store.nextSequence(C2RA, 'provider')).toBe(rows.length + 1);
          const sirets = register.map((r) => r.data['siret']);
          expect(new Set(sirets).size).toBe(new Set(rows.map((r) => r[2])).size);
          const created = (await store.listAudit(C2RA)).filter((a) => a.field === '@created');
          expect(created.map((a) => a.recordId).sort()).toStrictEqual(ids);
          // The sheet now holds every ID, each once.
          const idColumn = gateway
            .tab(C2RA, 'Registre')
            .slice(1)
            .map((row) => row[0]?.value);
          expect([...idColumn].sort()).toStrictEqual(ids);
        } finally {
          await store.close();
        }
      },
    );

    it('writes the replay window of an event, and the audit retention only when one is set, as Timestamps', async () => {
      const db = createFirestoreClient(host(), uniqueProjectId('ttl'));
      try {
        const kept = new FirestoreRecordStore(db);
        const limited = new FirestoreRecordStore(db, { auditRetentionDays: 3650 });
        const mission = aStoredRecord();
        await kept.apply(aCreation(mission, { eventId: 'evt-ttl-1' }));
        const other = aStoredRecord({ id: 'MIS-CBE-LM-0002' });
        await limited.apply(aCreation(other, { eventId: 'evt-ttl-2' }));
        const event = await db.doc('events/evt-ttl-1').get();
        const at = Date.parse(mission.createdAt);
        expect(event.get('expireAt')?.toMillis()).toBe(at + EVENT_REPLAY_DAYS * 86_400_000);
        const audit = await db.collection('owners/CBE-LM/audit').orderBy('seq').get();
        expect(audit.docs.map((d) => d.get('expireAt')?.toMillis() ?? null)).toStrictEqual([
          null,
          Date.parse(other.createdAt) + 3650 * 86_400_000,
        ]);
      } finally {
        await db.terminate();
      }
    });
  },
);
