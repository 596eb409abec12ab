/**
 * The contract every adapter of the {@link RecordStore} port honours, as a jest `describe` block
 * that an adapter's test file runs on its own store (SQLite, Firestore, …). It knows nothing of
 * any adapter: only the port, and the capabilities the adapter declares.
 *
 * @packageDocumentation
 */
import type { AuditEntry, ChangeSet, SequenceClaim } from '../../shared/domain/change-set';
import type { RecordStore, StoreArchive, StoreExport } from '../../shared/ports/record-store';
import type { StoredRecord } from '../../shared/domain/stored-record';
import type { OperatorCode, WorkbookOwner } from '../../shared/domain/operator';
import { formatRecordId, parseRecordId, type RecordKind } from '../../shared/domain/record-id';
import {
  aBeneficiary,
  aChangeSet,
  aCreation,
  anAuditEntry,
  anUpdate,
  aProvider,
  aPut,
  aQuarantineEntry,
  aSolicitation,
  aStoredRecord,
  missionId,
} from '../support/builders/stored-record-builder';
import { describeEntriesContract } from './record-store-contract-entries';

/** What a server can guarantee; a case it cannot honour is skipped with its reason printed. */
export interface RecordStoreCapabilities {
  /** Concurrent transactions are serialised (no lost update, no number given twice). */
  readonly isolatedTransactions: boolean;
  /** A change set refused on a version conflict leaves nothing written. */
  readonly atomicBatches: boolean;
}

/**
 * A store under test: `makeStore` gives an empty one each time; `cleanup` closes and forgets it.
 * Every adapter also offers backup and restore ({@link StoreArchive}).
 */
export interface StoreUnderTest {
  readonly store: RecordStore & StoreArchive;
  readonly capabilities: RecordStoreCapabilities;
  cleanup(): Promise<void>;
}

const MISSION = aStoredRecord();
const OTHER_MISSION = aStoredRecord({
  id: 'MIS-CBE-LM-0002',
  data: {
    planId: 'ACC-CBE-LM-0004',
    title: 'Structuration de la fonction employeur',
    requiredCompetence: 'Fonction employeur et RH',
    budgetCeilingCents: 450000,
    replyDeadline: '2025-04-02',
    competences: [],
  },
  fieldTimes: {},
  rejected: {},
});

/** The instant of the n-th edit after creation, so later edits have later times. */
function edit(n: number): string {
  return new Date(Date.UTC(2025, 1, 4, 10, n)).toISOString();
}

function byId(records: readonly StoredRecord[]): StoredRecord[] {
  return [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Everything the store holds for one owner, to compare before and after a refused change set. */
async function snapshot(store: RecordStore, owner: WorkbookOwner) {
  const state = await store.loadOwner(owner);
  return {
    records: byId(state.records),
    quarantineKeys: [...state.quarantineKeys].sort(),
    audit: await store.listAudit(owner),
    quarantine: await store.listQuarantine(owner),
  };
}

async function applied(store: RecordStore, changeSet: ChangeSet): Promise<number> {
  const outcome = await store.apply(changeSet);
  if (outcome.status !== 'applied') {
    throw new Error(`expected the change set to apply, got ${JSON.stringify(outcome)}`);
  }
  return outcome.writes;
}

async function loadOne(
  store: RecordStore,
  owner: WorkbookOwner,
  id: string,
): Promise<StoredRecord> {
  const found = (await store.loadOwner(owner)).records.find((r) => r.id === id);
  if (found === undefined) throw new Error(`record ${id} of ${owner} was not loaded`);
  return found;
}

/** The claim of the one number of a record's ID (its sequence, as the ID says). */
function claimOf(record: StoredRecord): SequenceClaim {
  const parsed = parseRecordId(record.id);
  if (!parsed.ok) throw new Error(`not a record ID: ${record.id}`);
  return { owner: record.owner, kind: record.kind, first: parsed.value.sequence, ids: [record.id] };
}

/** Claims the next `count` numbers of an owner and kind, with no record (a spent reservation). */
async function claimNumbers(
  target: RecordStore,
  owner: WorkbookOwner,
  kind: RecordKind,
  count: number,
): Promise<void> {
  const first = await target.nextSequence(owner, kind);
  const operator = kind === 'provider' ? null : (owner as OperatorCode);
  const ids = Array.from({ length: count }, (_, i) =>
    formatRecordId({ kind, operator, sequence: first + i }),
  );
  await applied(target, aChangeSet({ owner, claims: [{ owner, kind, first, ids }] }));
}

function skip(testName: string, reason: string): void {
  console.warn(`SKIP ${testName}: ${reason}`);
}

/**
 * Declares the contract of {@link RecordStore} for one adapter. `makeStore` is called before each
 * case and must give an empty store; `cleanup` is called after it.
 */
export function describeRecordStoreContract(
  name: string,
  makeStore: () => Promise<StoreUnderTest>,
): void {
  describe(`RecordStore contract: ${name}`, () => {
    let current: StoreUnderTest | undefined;

    beforeEach(async () => {
      current = await makeStore();
    });

    afterEach(async () => {
      const done = current;
      current = undefined;
      if (done !== undefined) await done.cleanup();
    });

    function under(): StoreUnderTest {
      if (current === undefined) throw new Error('makeStore did not give a store');
      return current;
    }

    function store(): RecordStore & StoreArchive {
      return under().store;
    }

    describe('records', () => {
      it('loads back a created record exactly: text, numbers, arrays, nulls, booleans, field times, refusals', async () => {
        const solicitation = aSolicitation();
        const writes = await applied(store(), aCreation(MISSION, { eventId: 'evt-create-1' }));
        await applied(store(), aCreation(solicitation));
        await applied(store(), aCreation(OTHER_MISSION));

        const state = await store().loadOwner('CBE-LM');
        expect(byId(state.records)).toStrictEqual([MISSION, OTHER_MISSION, solicitation]);
        const loaded = await loadOne(store(), 'CBE-LM', MISSION.id);
        expect(Array.isArray(loaded.data['competences'])).toBe(true);
        expect(loaded.data['awardedOn']).toBeNull();
        expect(loaded.version).toBe(1);
        const loadedSolicitation = await loadOne(store(), 'CBE-LM', solicitation.id);
        expect(loadedSolicitation.data['lateAdmitted']).toBe(true);
        expect(loadedSolicitation.data['reasonRequested']).toBe(false);
        expect(
          (await loadOne(store(), 'CBE-LM', OTHER_MISSION.id)).data['competences'],
        ).toStrictEqual([]);
        // At least the record, its audit entry and the event.
        expect(writes).toBeGreaterThanOrEqual(3);
      });

      it('updates a record read at its current version, and counts the version up', async () => {
        await applied(store(), aCreation(MISSION));
        const writes = await applied(
          store(),
          anUpdate(MISSION, 'replyDeadline', '2025-03-21', edit(1)),
        );
        const once = await loadOne(store(), 'CBE-LM', MISSION.id);
        expect(once.version).toBe(2);
        expect(once.data['replyDeadline']).toBe('2025-03-21');
        expect(once.fieldTimes['replyDeadline']).toBe(edit(1));
        expect(once.updatedAt).toBe(edit(1));
        expect(once.createdAt).toBe(MISSION.createdAt);
        expect(writes).toBeGreaterThanOrEqual(2);

        await applied(store(), anUpdate(once, 'competences', ['Gouvernance'], edit(2)));
        const twice = await loadOne(store(), 'CBE-LM', MISSION.id);
        expect(twice).toStrictEqual({
          ...MISSION,
          data: { ...MISSION.data, replyDeadline: '2025-03-21', competences: ['Gouvernance'] },
          fieldTimes: { ...MISSION.fieldTimes, replyDeadline: edit(1), competences: edit(2) },
          version: 3,
          updatedAt: edit(2),
        });
      });

      it('refuses a change set with a stale expected version and writes nothing of it', async () => {
        await applied(store(), aCreation(MISSION));
        const current = await loadOne(store(), 'CBE-LM', MISSION.id);
        await applied(
          store(),
          anUpdate(current, 'title', 'Modèle économique et tarification', edit(1)),
        );
        const before = await snapshot(store(), 'CBE-LM');

        // Read at version 1 while version 2 is stored; the new record comes first in the set.
        const staleMission: StoredRecord = {
          ...current,
          data: { ...current.data, estimatedDays: 9 },
        };
        const stale = aChangeSet({
          eventId: 'evt-stale',
          at: edit(2),
          puts: [aPut(OTHER_MISSION, 0), aPut(staleMission, 1)],
          audit: [
            anAuditEntry({
              at: edit(2),
              recordId: OTHER_MISSION.id,
              field: '@created',
              oldValue: null,
              newValue: null,
              eventId: 'evt-stale',
            }),
            anAuditEntry({
              at: edit(2),
              recordId: MISSION.id,
              field: 'estimatedDays',
              oldValue: 7.5,
              newValue: 9,
              eventId: 'evt-stale',
            }),
          ],
          quarantine: [aQuarantineEntry({ key: 'q-stale', at: edit(2), eventId: 'evt-stale' })],
        });
        expect(await store().apply(stale)).toStrictEqual({
          status: 'conflict',
          recordId: MISSION.id,
        });

        if (!under().capabilities.atomicBatches) {
          skip(
            'nothing written on conflict',
            'this server cannot apply a change set all-or-nothing',
          );
          return;
        }
        // Records, audit and quarantine: unchanged.
        expect(await snapshot(store(), 'CBE-LM')).toStrictEqual(before);
        // The event: not recorded, so the same event read at the right version still applies.
        const retried: ChangeSet = {
          ...stale,
          puts: [aPut(OTHER_MISSION, 0), aPut(staleMission, 2)],
        };
        expect((await store().apply(retried)).status).toBe('applied');
      });

      it('refuses to create a record that already exists (expected version 0)', async () => {
        await applied(store(), aCreation(MISSION));
        const before = await snapshot(store(), 'CBE-LM');
        const duplicate = aStoredRecord({ data: { ...MISSION.data, title: 'Autre intitulé' } });
        expect(
          await store().apply(aCreation(duplicate, { eventId: 'evt-dup-create' })),
        ).toStrictEqual({
          status: 'conflict',
          recordId: MISSION.id,
        });
        expect(await snapshot(store(), 'CBE-LM')).toStrictEqual(before);
      });

      it('refuses to update a record that was never created', async () => {
        const outcome = await store().apply(
          anUpdate(aStoredRecord({ version: 2 }), 'title', 'Autre intitulé', edit(1)),
        );
        expect(outcome).toStrictEqual({ status: 'conflict', recordId: MISSION.id });
        expect((await store().loadOwner('CBE-LM')).records).toStrictEqual([]);
        expect(await store().listAudit('CBE-LM')).toStrictEqual([]);
      });

      it('keeps archived records, loaded with archived = true', async () => {
        await applied(store(), aCreation(MISSION));
        const archived: StoredRecord = { ...MISSION, archived: true, updatedAt: edit(1) };
        await applied(
          store(),
          aChangeSet({
            at: edit(1),
            puts: [aPut(archived, 1)],
            audit: [
              anAuditEntry({ at: edit(1), field: '@archived', oldValue: false, newValue: true }),
            ],
          }),
        );
        const loaded = await loadOne(store(), 'CBE-LM', MISSION.id);
        expect(loaded).toStrictEqual({ ...archived, version: 2 });
        expect(loaded.archived).toBe(true);
      });
    });

    describe('reads of an edit: by key and by indexed query', () => {
      const solicitationOf = (id: string, mission: string, archived = false): StoredRecord => ({
        ...aSolicitation({ id }),
        data: { ...aSolicitation().data, missionId: mission },
        archived,
      });
      const later = (record: StoredRecord, createdAt: string): StoredRecord => ({
        ...record,
        createdAt,
        updatedAt: createdAt,
      });

      it('gets records by ID, of the owner only, leaving out the absent ones', async () => {
        await applied(store(), aCreation(MISSION));
        await applied(store(), aCreation(OTHER_MISSION));
        const ids = [MISSION.id, 'MIS-CBE-LM-0099', OTHER_MISSION.id, MISSION.id];
        expect(byId(await store().getRecords('CBE-LM', ids))).toStrictEqual([
          MISSION,
          OTHER_MISSION,
        ]);
        expect(await store().getRecords('EE-DK', [MISSION.id])).toStrictEqual([]);
        expect(await store().getRecords('CBE-LM', [])).toStrictEqual([]);
      });

      it('finds the records referencing an ID (archived ones too), and follows a changed reference', async () => {
        const first = solicitationOf('SOL-CBE-LM-0001', MISSION.id);
        const second = solicitationOf('SOL-CBE-LM-0002', MISSION.id, true);
        const elsewhere = solicitationOf('SOL-CBE-LM-0003', OTHER_MISSION.id);
        for (const record of [MISSION, OTHER_MISSION, first, second, elsewhere])
          await applied(store(), aCreation(record));
        expect(byId(await store().findReferencing('CBE-LM', MISSION.id))).toStrictEqual([
          first,
          second,
        ]);
        expect(await store().findReferencing('CBE-LM', 'ACC-CBE-LM-0003')).toStrictEqual([MISSION]);
        expect(await store().findReferencing('EE-DK', MISSION.id)).toStrictEqual([]);
        // The solicitation moves to the other mission: the index follows.
        await applied(store(), anUpdate(first, 'missionId', OTHER_MISSION.id, edit(1)));
        expect(
          (await store().findReferencing('CBE-LM', MISSION.id)).map((r) => r.id),
        ).toStrictEqual([second.id]);
        expect(
          byId(await store().findReferencing('CBE-LM', OTHER_MISSION.id)).map((r) => r.id),
        ).toStrictEqual([first.id, elsewhere.id]);
      });

      it('finds the records of a kind created since an instant', async () => {
        const old = later(MISSION, '2025-01-06T08:00:00.000Z');
        const recent = later(OTHER_MISSION, '2025-02-04T10:00:00.000Z');
        const solicitation = later(aSolicitation(), '2025-02-05T10:00:00.000Z');
        for (const record of [old, recent, solicitation]) await applied(store(), aCreation(record));
        const since = (at: string) =>
          store()
            .findCreatedSince('CBE-LM', 'mission', at)
            .then((found) => found.map((r) => r.id).sort());
        expect(await since('2025-02-04T10:00:00.000Z')).toStrictEqual([recent.id]);
        expect(await since('')).toStrictEqual([old.id, recent.id]);
        expect(await since('2025-03-01T00:00:00.000Z')).toStrictEqual([]);
        expect(await store().findCreatedSince('EE-DK', 'mission', '')).toStrictEqual([]);
      });
    });

    describe('edit events', () => {
      it('applies a replayed event only once, even when the replay differs', async () => {
        const first = aCreation(MISSION, { eventId: 'evt-1' });
        await applied(store(), first);
        const before = await snapshot(store(), 'CBE-LM');

        // The same request delivered twice: a duplicate, not a version conflict.
        expect(await store().apply(first)).toStrictEqual({ status: 'duplicate-event' });
        // Another change set under the same event ID, otherwise valid.
        const other = anUpdate(MISSION, 'title', 'Intitulé rejoué', edit(1), {
          eventId: 'evt-1',
          puts: [
            aPut({ ...MISSION, data: { ...MISSION.data, title: 'Intitulé rejoué' } }, 1),
            aPut(OTHER_MISSION, 0),
          ],
          quarantine: [aQuarantineEntry({ key: 'q-replay', eventId: 'evt-1' })],
        });
        expect(await store().apply(other)).toStrictEqual({ status: 'duplicate-event' });
        expect(await snapshot(store(), 'CBE-LM')).toStrictEqual(before);
      });

      it('never counts a change set without event ID as a duplicate', async () => {
        await applied(store(), aCreation(MISSION));
        const v1 = await loadOne(store(), 'CBE-LM', MISSION.id);
        await applied(store(), anUpdate(v1, 'estimatedDays', 8, edit(1)));
        const v2 = await loadOne(store(), 'CBE-LM', MISSION.id);
        await applied(store(), anUpdate(v2, 'estimatedDays', 9, edit(2)));
        await applied(store(), aChangeSet({ quarantine: [aQuarantineEntry()] }));
        await applied(store(), aChangeSet());
        expect((await loadOne(store(), 'CBE-LM', MISSION.id)).version).toBe(3);
        expect(await store().listAudit('CBE-LM')).toHaveLength(3);
      });
    });

    describe('audit', () => {
      it('lists audit entries oldest first, all of the owner or those of one record', async () => {
        const created = [
          anAuditEntry({
            at: edit(1),
            recordId: OTHER_MISSION.id,
            field: '@created',
            oldValue: null,
            newValue: 'copie de MIS-CBE-LM-0001',
          }),
          anAuditEntry({
            at: edit(1),
            recordId: OTHER_MISSION.id,
            field: 'title',
            oldValue: null,
            newValue: 'Structuration de la fonction employeur',
          }),
          anAuditEntry({
            at: edit(1),
            recordId: OTHER_MISSION.id,
            field: 'competences',
            oldValue: null,
            newValue: [],
          }),
        ];
        await applied(store(), aCreation(MISSION));
        await applied(
          store(),
          aChangeSet({ at: edit(1), puts: [aPut(OTHER_MISSION, 0)], audit: created }),
        );
        await applied(
          store(),
          anUpdate(MISSION, 'competences', ['Gouvernance', 'Communication'], edit(2)),
        );
        const mission = await loadOne(store(), 'CBE-LM', MISSION.id);
        await applied(
          store(),
          anUpdate(OTHER_MISSION, 'budgetCeilingCents', 480000, edit(3), { eventId: 'evt-audit' }),
        );
        await applied(store(), anUpdate(mission, 'awardedOn', '2025-03-20', edit(4)));

        const all = await store().listAudit('CBE-LM');
        expect(all.map((e) => `${e.recordId} ${e.field}`)).toStrictEqual([
          'MIS-CBE-LM-0001 @created',
          'MIS-CBE-LM-0002 @created',
          'MIS-CBE-LM-0002 title',
          'MIS-CBE-LM-0002 competences',
          'MIS-CBE-LM-0001 competences',
          'MIS-CBE-LM-0002 budgetCeilingCents',
          'MIS-CBE-LM-0001 awardedOn',
        ]);
        const expectedEntry: AuditEntry = anAuditEntry({
          at: edit(2),
          field: 'competences',
          oldValue: ['Modèle économique', 'Gestion financière'],
          newValue: ['Gouvernance', 'Communication'],
        });
        expect(all[4]).toStrictEqual(expectedEntry);
        expect(all.slice(1, 4)).toStrictEqual(created);
        expect(all[5]?.eventId).toBe('evt-audit');
        expect(all[6]?.oldValue).toBeNull();

        const ofMission = await store().listAudit('CBE-LM', MISSION.id);
        expect(ofMission.map((e) => e.field)).toStrictEqual([
          '@created',
          'competences',
          'awardedOn',
        ]);
        expect(ofMission.every((e) => e.recordId === MISSION.id)).toBe(true);
        expect(await store().listAudit('CBE-LM', 'MIS-CBE-LM-0099')).toStrictEqual([]);
        expect(await store().listAudit('EE-DK')).toStrictEqual([]);
      });
    });

    describe('quarantine', () => {
      it('keeps a refused input once per key, and loadOwner returns its key', async () => {
        const first = aQuarantineEntry({ key: 'q-budget' });
        await applied(store(), aChangeSet({ quarantine: [first] }));
        expect((await store().loadOwner('CBE-LM')).quarantineKeys).toStrictEqual(
          new Set(['q-budget']),
        );

        const again = aQuarantineEntry({
          key: 'q-budget',
          at: edit(1),
          message: 'même refus, relu',
        });
        const second = aQuarantineEntry({
          key: 'q-deadline',
          at: edit(1),
          column: 'Date limite de réponse',
          raw: '31/02/2025',
          code: 'DATE_INVALID',
          message: 'Date limite de réponse : le 31/02/2025 n’existe pas.',
          recordId: null,
          eventId: 'evt-q',
        });
        await applied(
          store(),
          aChangeSet({ eventId: 'evt-q', at: edit(1), quarantine: [again, second] }),
        );

        expect(await store().listQuarantine('CBE-LM')).toStrictEqual([first, second]);
        expect((await store().loadOwner('CBE-LM')).quarantineKeys).toStrictEqual(
          new Set(['q-budget', 'q-deadline']),
        );
      });

      it('keeps the quarantine of each owner apart, even under the same key', async () => {
        const ofLille = aQuarantineEntry({ key: 'q-same' });
        const ofDunkerque = aQuarantineEntry({
          key: 'q-same',
          owner: 'EE-DK',
          recordId: null,
          who: 'classeur EE-DK.xlsx',
          source: 'reconcile',
        });
        await applied(store(), aChangeSet({ quarantine: [ofLille] }));
        await applied(store(), aChangeSet({ owner: 'EE-DK', quarantine: [ofDunkerque] }));

        expect(await store().listQuarantine('CBE-LM')).toStrictEqual([ofLille]);
        expect(await store().listQuarantine('EE-DK')).toStrictEqual([ofDunkerque]);
        expect((await store().loadOwner('EE-DK')).quarantineKeys).toStrictEqual(
          new Set(['q-same']),
        );
        expect((await store().loadOwner('NA-DEN')).quarantineKeys).toStrictEqual(new Set());
      });
    });

    describe('sequences (numbers of new IDs, claimed by the commit that writes their records)', () => {
      it('starts at 1 and moves only with an applied claim, per owner and kind', async () => {
        expect(await store().nextSequence('CBE-LM', 'mission')).toBe(1);
        await applied(store(), aCreation(MISSION, { claims: [claimOf(MISSION)] }));
        await applied(store(), aCreation(OTHER_MISSION, { claims: [claimOf(OTHER_MISSION)] }));
        expect(await store().nextSequence('CBE-LM', 'mission')).toBe(3);
        await claimNumbers(store(), 'EE-DK', 'mission', 4);
        await claimNumbers(store(), 'C2RA', 'provider', 2);
        expect(await store().nextSequence('EE-DK', 'mission')).toBe(5);
        expect(await store().nextSequence('C2RA', 'provider')).toBe(3);
        expect(await store().nextSequence('CBE-LM', 'plan')).toBe(1);
        expect(await store().nextSequence('EE-DK', 'plan')).toBe(1);
      });

      it('refuses a claim whose numbers another commit took, and writes nothing of it', async () => {
        await applied(store(), aCreation(MISSION, { claims: [claimOf(MISSION)] }));
        const before = await snapshot(store(), 'CBE-LM');
        // Planned while the counter stood at 1: MIS-CBE-LM-0001 is taken since.
        const late = aStoredRecord({ data: { ...OTHER_MISSION.data }, id: missionId('CBE-LM', 1) });
        const outcome = await store().apply(
          aCreation(late, {
            eventId: 'evt-late',
            claims: [{ owner: 'CBE-LM', kind: 'mission', first: 1, ids: [late.id] }],
            quarantine: [aQuarantineEntry({ key: 'q-late', eventId: 'evt-late' })],
          }),
        );
        expect(outcome).toStrictEqual({ status: 'conflict', recordId: MISSION.id });
        expect(await snapshot(store(), 'CBE-LM')).toStrictEqual(before);
        expect(await store().nextSequence('CBE-LM', 'mission')).toBe(2);
        // Planned again from the counter as it stands: applied.
        const replanned = aStoredRecord({ ...OTHER_MISSION, id: missionId('CBE-LM', 2) });
        await applied(
          store(),
          aCreation(replanned, { eventId: 'evt-late', claims: [claimOf(replanned)] }),
        );
        expect(await store().nextSequence('CBE-LM', 'mission')).toBe(3);
      });

      it('spends no number when the change set claiming it is refused', async () => {
        await applied(store(), aCreation(MISSION));
        const current = await loadOne(store(), 'CBE-LM', MISSION.id);
        const stale = { ...current, data: { ...current.data, estimatedDays: 9 } };
        const refused = await store().apply(
          aChangeSet({
            puts: [aPut(OTHER_MISSION, 0), aPut(stale, 0)],
            claims: [claimOf(OTHER_MISSION)],
          }),
        );
        expect(refused).toStrictEqual({ status: 'conflict', recordId: MISSION.id });
        expect(await store().nextSequence('CBE-LM', 'mission')).toBe(1);
        expect((await store().loadOwner('CBE-LM')).records.map((r) => r.id)).toStrictEqual([
          MISSION.id,
        ]);
      });

      it('lets only one of 20 concurrent claims of the same numbers land', async () => {
        if (!under().capabilities.isolatedTransactions) {
          skip('20 concurrent claims', 'this server does not isolate concurrent transactions');
          return;
        }
        const outcomes = await Promise.all(
          Array.from({ length: 20 }, (_, i) => {
            const record = aStoredRecord({
              id: missionId('NA-LIL', 1),
              owner: 'NA-LIL',
              data: { ...MISSION.data, title: `Mission concurrente ${i + 1}` },
            });
            return store().apply(
              aCreation(record, { eventId: `evt-claim-${i}`, claims: [claimOf(record)] }),
            );
          }),
        );
        expect(outcomes.filter((o) => o.status === 'applied')).toHaveLength(1);
        expect(outcomes.filter((o) => o.status === 'conflict')).toHaveLength(19);
        expect(await store().nextSequence('NA-LIL', 'mission')).toBe(2);
        expect((await store().loadOwner('NA-LIL')).records).toHaveLength(1);
      });
    });

    describe('concurrency and size', () => {
      it('lands 20 concurrent change sets that each create a distinct record', async () => {
        const missions = Array.from({ length: 20 }, (_, i) =>
          aStoredRecord({ id: missionId('I62-LEN', i + 1), owner: 'I62-LEN' }),
        );
        const outcomes = await Promise.all(
          missions.map((m, i) => store().apply(aCreation(m, { eventId: `evt-concurrent-${i}` }))),
        );
        expect(outcomes.map((o) => o.status)).toStrictEqual(
          Array.from({ length: 20 }, () => 'applied'),
        );
        expect(byId((await store().loadOwner('I62-LEN')).records)).toStrictEqual(missions);
        expect(await store().listAudit('I62-LEN')).toHaveLength(20);
      });

      it('lets only one of two concurrent updates of the same version win', async () => {
        if (!under().capabilities.isolatedTransactions) {
          skip(
            'concurrent updates of one version',
            'this server does not isolate concurrent transactions',
          );
          return;
        }
        await applied(store(), aCreation(MISSION));
        const outcomes = await Promise.all([
          store().apply(anUpdate(MISSION, 'estimatedDays', 8, edit(1))),
          store().apply(anUpdate(MISSION, 'estimatedDays', 10, edit(1))),
        ]);
        expect(outcomes.map((o) => o.status).sort()).toStrictEqual(['applied', 'conflict']);
        const loaded = await loadOne(store(), 'CBE-LM', MISSION.id);
        expect(loaded.version).toBe(2);
        expect(await store().listAudit('CBE-LM', MISSION.id)).toHaveLength(2);
      });

      it('applies a change set of 600 puts in full', async () => {
        const missions = Array.from({ length: 600 }, (_, i) =>
          aStoredRecord({ id: missionId('NA-DEN', i + 1), owner: 'NA-DEN' }),
        );
        const big = aChangeSet({
          owner: 'NA-DEN',
          eventId: 'evt-big',
          puts: missions.map((m) => aPut(m, 0)),
          audit: missions.map((m) =>
            anAuditEntry({
              owner: 'NA-DEN',
              recordId: m.id,
              field: '@created',
              oldValue: null,
              newValue: null,
              eventId: 'evt-big',
            }),
          ),
        });
        const writes = await applied(store(), big);
        expect(writes).toBeGreaterThanOrEqual(1201);
        const loaded = byId((await store().loadOwner('NA-DEN')).records);
        expect(loaded).toHaveLength(600);
        expect(loaded).toStrictEqual(missions);
        expect(await store().listAudit('NA-DEN')).toHaveLength(600);
      });
    });

    describe('owners and the register', () => {
      async function populate(): Promise<{
        lille: StoredRecord;
        dunkerque: StoredRecord[];
        providers: StoredRecord[];
      }> {
        const lille = MISSION;
        const dunkerque = [
          aBeneficiary(),
          aStoredRecord({ id: missionId('EE-DK', 1), owner: 'EE-DK' }),
        ];
        const providers = [
          aProvider(),
          aProvider({
            id: 'PRE-0002',
            archived: true,
            data: { legalName: 'Opale Stratégies', siret: '44306184100047' },
          }),
        ];
        await applied(store(), aCreation(lille));
        for (const record of [...dunkerque, ...providers])
          await applied(store(), aCreation(record));
        await applied(
          store(),
          aChangeSet({
            owner: 'EE-DK',
            quarantine: [aQuarantineEntry({ key: 'q-dk', owner: 'EE-DK' })],
          }),
        );
        return { lille, dunkerque, providers };
      }

      it("never returns another owner's records, audit or quarantine", async () => {
        const { lille, dunkerque } = await populate();
        const ofLille = await store().loadOwner('CBE-LM');
        expect(ofLille.records).toStrictEqual([lille]);
        expect(ofLille.quarantineKeys).toStrictEqual(new Set());
        const ofDunkerque = await store().loadOwner('EE-DK');
        expect(byId(ofDunkerque.records)).toStrictEqual(byId(dunkerque));
        expect(ofDunkerque.quarantineKeys).toStrictEqual(new Set(['q-dk']));
        expect((await store().listAudit('CBE-LM')).map((e) => e.recordId)).toStrictEqual([
          lille.id,
        ]);
        expect(await store().listQuarantine('CBE-LM')).toStrictEqual([]);
        expect((await store().loadOwner('I62-CAL')).records).toStrictEqual([]);
      });

      it('gives the register: providers only, archived ones included', async () => {
        const { providers } = await populate();
        const register = byId(await store().loadRegister());
        expect(register).toStrictEqual(providers);
        expect(register.every((r) => r.kind === 'provider')).toBe(true);
        expect(register.find((r) => r.id === 'PRE-0002')?.archived).toBe(true);
      });
    });

    describe('backup and restore (StoreArchive)', () => {
      const OWNERS: readonly WorkbookOwner[] = ['CBE-LM', 'EE-DK', 'NA-DEN', 'C2RA'];

      /** A bit of everything: records of three owners (one archived, one with a refusal),
       *  updates, audit, quarantine, events, counters, documents of owners and of the system. */
      async function populate(target: RecordStore): Promise<void> {
        await applied(target, aCreation(MISSION, { eventId: 'evt-backup-1' }));
        await applied(
          target,
          anUpdate(MISSION, 'replyDeadline', '2025-03-21', edit(1), { eventId: 'evt-backup-2' }),
        );
        await applied(target, aCreation(aBeneficiary()));
        await applied(
          target,
          aCreation(
            aProvider({
              id: 'PRE-0002',
              archived: true,
              rejected: {
                siret: { raw: '123', code: 'SIRET_INVALID', message: 'SIRET « 123 » invalide.' },
              },
            }),
          ),
        );
        await applied(target, aCreation(aProvider()));
        await applied(
          target,
          aChangeSet({
            eventId: 'evt-backup-3',
            quarantine: [
              aQuarantineEntry(),
              aQuarantineEntry({ key: 'q-second', raw: 'x'.repeat(5000) }),
            ],
          }),
        );
        await applied(
          target,
          aChangeSet({
            owner: 'EE-DK',
            quarantine: [aQuarantineEntry({ key: 'q-dk', owner: 'EE-DK' })],
          }),
        );
        await claimNumbers(target, 'CBE-LM', 'mission', 7);
        await claimNumbers(target, 'C2RA', 'provider', 2);
        await target.writeDocument('CBE-LM', 'parameters', { weightBudget: 15, tags: [['a']] });
        await target.writeDocument('system', 'job-runs', { dailyAlerts: { outcome: 'ok' } });
      }

      /** What a store shows through the port, owner by owner. */
      async function observed(target: RecordStore) {
        return Promise.all(
          OWNERS.map(async (owner) => ({
            owner,
            records: byId((await target.loadOwner(owner)).records),
            keys: [...(await target.loadOwner(owner)).quarantineKeys].sort(),
            audit: await target.listAudit(owner),
            quarantine: await target.listQuarantine(owner),
            parameters: await target.readDocument(owner, 'parameters'),
          })),
        );
      }

      async function another(): Promise<StoreUnderTest> {
        return makeStore();
      }

      it('is empty when new, and no longer once anything at all is written', async () => {
        expect(await store().isEmpty()).toBe(true);
        await store().writeDocument('system', 'job-runs', {});
        expect(await store().isEmpty()).toBe(false);
        const second = await another();
        try {
          expect(await second.store.isEmpty()).toBe(true);
          await claimNumbers(second.store, 'EE-DK', 'plan', 1);
          expect(await second.store.isEmpty()).toBe(false);
        } finally {
          await second.cleanup();
        }
        const third = await another();
        try {
          await applied(third.store, aChangeSet({ eventId: 'evt-only-an-event' }));
          expect(await third.store.isEmpty()).toBe(false);
        } finally {
          await third.cleanup();
        }
      });

      it('exports everything, in order; a fresh store importing it exports and behaves the same', async () => {
        await populate(store());
        const exported = await store().exportAll();
        expect(exported.records.map((r) => r.id)).toStrictEqual([
          'MIS-CBE-LM-0001',
          'PRE-0001',
          'PRE-0002',
          'STR-EE-DK-0001',
        ]);
        expect(exported.audit.map((a) => a.owner)).toStrictEqual([
          'CBE-LM',
          'CBE-LM',
          'EE-DK',
          'C2RA',
          'C2RA',
        ]);
        expect(exported.quarantine.map((q) => q.key)).toStrictEqual([
          aQuarantineEntry().key,
          'q-second',
          'q-dk',
        ]);
        expect(exported.counters).toStrictEqual([
          { owner: 'CBE-LM', kind: 'mission', next: 8 },
          { owner: 'C2RA', kind: 'provider', next: 3 },
        ]);
        expect(exported.events.map((e) => e.eventId)).toStrictEqual([
          'evt-backup-1',
          'evt-backup-2',
          'evt-backup-3',
        ]);
        expect(exported.events[0]).toStrictEqual({
          eventId: 'evt-backup-1',
          owner: 'CBE-LM',
          at: MISSION.createdAt,
        });
        expect(exported.documents).toStrictEqual([
          { owner: 'CBE-LM', name: 'parameters', value: { weightBudget: 15, tags: [['a']] } },
          { owner: 'system', name: 'job-runs', value: { dailyAlerts: { outcome: 'ok' } } },
        ]);
        // Through JSON, as a backup file carries it.
        const restored: StoreExport = JSON.parse(JSON.stringify(exported)) as StoreExport;
        const fresh = await another();
        try {
          await fresh.store.importAll(restored);
          expect(await fresh.store.exportAll()).toStrictEqual(exported);
          expect(await observed(fresh.store)).toStrictEqual(await observed(store()));
          expect(await fresh.store.readDocument('system', 'job-runs')).toStrictEqual({
            dailyAlerts: { outcome: 'ok' },
          });
          // A replayed event still changes nothing; IDs go on where they were.
          expect(
            await fresh.store.apply(aCreation(OTHER_MISSION, { eventId: 'evt-backup-2' })),
          ).toStrictEqual({
            status: 'duplicate-event',
          });
          expect(await fresh.store.nextSequence('CBE-LM', 'mission')).toBe(8);
          // And it goes on working: a new change lands after the restored audit.
          const mission = await loadOne(fresh.store, 'CBE-LM', MISSION.id);
          await applied(fresh.store, anUpdate(mission, 'estimatedDays', 9, edit(5)));
          expect((await fresh.store.listAudit('CBE-LM')).map((a) => a.field)).toStrictEqual([
            '@created',
            'replyDeadline',
            'estimatedDays',
          ]);
        } finally {
          await fresh.cleanup();
        }
      });

      it('replaces whatever the store held when importing', async () => {
        await populate(store());
        const exported = await store().exportAll();
        const other = await another();
        try {
          await applied(
            other.store,
            aCreation(aStoredRecord({ id: missionId('NA-DEN', 4), owner: 'NA-DEN' })),
          );
          await other.store.writeDocument('NA-DEN', 'parameters', { weightBudget: 40 });
          await claimNumbers(other.store, 'NA-DEN', 'mission', 4);
          await other.store.importAll(exported);
          expect(await other.store.exportAll()).toStrictEqual(exported);
          expect((await other.store.loadOwner('NA-DEN')).records).toStrictEqual([]);
          await other.store.importAll({
            records: [],
            audit: [],
            quarantine: [],
            counters: [],
            events: [],
            documents: [],
          });
          expect(await other.store.isEmpty()).toBe(true);
        } finally {
          await other.cleanup();
        }
      });
    });

    describeEntriesContract(store, makeStore);

    describe('system documents', () => {
      it('keeps a JSON document per owner and name, replaced whole, null when never written', async () => {
        expect(await store().readDocument('CBE-LM', 'parameters')).toBeNull();
        const weights = {
          weightUnderstanding: 20,
          weightBudget: 15,
          budgetMethod: 'Proportionnelle',
        };
        await store().writeDocument('CBE-LM', 'parameters', weights);
        await store().writeDocument('EE-DK', 'parameters', { weightBudget: 30 });
        const states = [
          {
            key: 'MID_NOTE_OVERDUE:MIS-CBE-LM-0001',
            followUp: { kind: 'vu' },
            dueOn: null,
            tags: [['a', 'b']],
          },
        ];
        await store().writeDocument('CBE-LM', 'alert-states', states);
        expect(await store().readDocument('CBE-LM', 'parameters')).toStrictEqual(weights);
        expect(await store().readDocument('EE-DK', 'parameters')).toStrictEqual({
          weightBudget: 30,
        });
        expect(await store().readDocument('CBE-LM', 'alert-states')).toStrictEqual(states);
        await store().writeDocument('CBE-LM', 'parameters', { weightBudget: 10 });
        expect(await store().readDocument('CBE-LM', 'parameters')).toStrictEqual({
          weightBudget: 10,
        });
        await store().writeDocument('system', 'job-runs', { dailyAlerts: { outcome: 'ok' } });
        expect(await store().readDocument('system', 'job-runs')).toStrictEqual({
          dailyAlerts: { outcome: 'ok' },
        });
      });
    });
  });
}
