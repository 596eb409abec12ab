/**
 * Runs the shared {@link RecordStore} contract on {@link FirestoreRecordStore}, against every
 * Firestore-protocol server this machine has: Google's emulator when installed, and always the
 * in-memory fallback (unless DLA_TEST_FIRESTORE=fallback). Each case gets its own project ID, so
 * it starts from an empty database on a shared server. Cases the server cannot honour (the
 * fallback's non-atomic commits and non-isolated transactions) are skipped by the contract,
 * which prints why.
 */
import {
  FIRESTORE_QUERIES,
  FirestoreRecordStore,
  firestoreDocId,
} from '../../functions/adapters/firestore-record-store';
import {
  type FirestoreServerKind,
  type FirestoreTestServer,
  FIRESTORE_CAPABILITIES,
  createFirestoreClient,
  detectGoogleFirestoreEmulator,
  firestorePreferenceFromEnvironment,
  missingCapabilityReason,
  startFirestoreTestServer,
  uniqueProjectId,
} from '../support/firestore-test-server';
import { describeRecordStoreContract } from '../support/record-store-contract';

const preference = firestorePreferenceFromEnvironment();
const detection = detectGoogleFirestoreEmulator();
const kinds: FirestoreServerKind[] =
  preference === 'fallback'
    ? ['fallback-in-memory']
    : detection.available || preference === 'google'
      ? ['google-emulator', 'fallback-in-memory']
      : ['fallback-in-memory'];

console.log(
  `[firestore-record-store] Google emulator ${detection.available ? 'found' : 'not found'} ` +
    `(${detection.reason}); running the contract on: ${kinds.join(', ')}`,
);

describe.each(kinds)('FirestoreRecordStore on %s', (kind) => {
  let server: FirestoreTestServer | undefined;

  beforeAll(async () => {
    server = await startFirestoreTestServer({
      prefer: kind === 'google-emulator' ? 'google' : 'fallback',
    });
    console.log(`[firestore-record-store] contract running on ${server.kind} at ${server.host}`);
    for (const capability of ['atomicBatches', 'isolatedTransactions'] as const) {
      const reason = missingCapabilityReason(server.kind, capability);
      if (reason !== undefined) {
        console.log(
          `[firestore-record-store] ${server.kind}: contract cases needing ${capability} are skipped: ${reason}`,
        );
      }
    }
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
  });

  function running(): FirestoreTestServer {
    if (server === undefined) throw new Error('the Firestore test server did not start');
    return server;
  }

  describeRecordStoreContract(`Firestore (${kind})`, async () => {
    const db = createFirestoreClient(running().host, uniqueProjectId('rs'));
    const store = new FirestoreRecordStore(db);
    const capabilities = FIRESTORE_CAPABILITIES[kind];
    return {
      store,
      capabilities: {
        atomicBatches: capabilities.atomicBatches,
        isolatedTransactions: capabilities.isolatedTransactions,
        pagedReads: capabilities.cursors,
      },
      cleanup: () => store.close(),
    };
  });

  describe('Firestore specifics', () => {
    it('stores identifiers that are not safe document IDs under a hash, and reads them back', async () => {
      const db = createFirestoreClient(running().host, uniqueProjectId('rs'));
      const store = new FirestoreRecordStore(db);
      try {
        const key = 'Missions!C5/31/02/2025/DATE_INVALID';
        const outcome = await store.apply({
          owner: 'CBE-LM',
          eventId: 'evt/with/slashes',
          at: '2025-02-04T10:00:00.000Z',
          puts: [],
          audit: [],
          quarantine: [
            {
              key,
              at: '2025-02-04T10:00:00.000Z',
              owner: 'CBE-LM',
              tab: 'Missions',
              row: 5,
              column: 'Date limite de réponse',
              recordId: null,
              raw: '31/02/2025',
              code: 'DATE_INVALID',
              message: 'Date limite de réponse : le 31/02/2025 n’existe pas.',
              who: 'a@example.org',
              source: 'edit',
              eventId: 'evt/with/slashes',
            },
          ],
        });
        expect(outcome).toStrictEqual({ status: 'applied', writes: 2 });
        expect((await store.loadOwner('CBE-LM')).quarantineKeys).toStrictEqual(new Set([key]));
        expect(firestoreDocId(key)).toMatch(/^~[0-9a-f]{64}$/);
        expect(firestoreDocId('MIS-CBE-LM-0042')).toBe('MIS-CBE-LM-0042');
        expect(firestoreDocId('__name__')).toMatch(/^~/);
        const snapshot = await db.doc(`owners/CBE-LM/quarantine/${firestoreDocId(key)}`).get();
        expect(snapshot.get('key')).toBe(key);
        expect(
          await store.apply({
            owner: 'CBE-LM',
            eventId: 'evt/with/slashes',
            at: '2025-02-04T10:00:00.000Z',
            puts: [],
            audit: [],
            quarantine: [],
          }),
        ).toStrictEqual({ status: 'duplicate-event' });
      } finally {
        await store.close();
      }
    });

    it('lists each query with its collection ID, filters and sorts', () => {
      for (const query of FIRESTORE_QUERIES) {
        expect(query.collection.endsWith(`/${query.collectionId}`)).toBe(true);
        expect(query.where.every((w) => / (==|<|<=|>|>=|!=|in|array-contains)$/.test(w))).toBe(
          true,
        );
        expect(query.orderBy.every((o) => / (asc|desc)$/.test(o))).toBe(true);
      }
    });
  });
});
