import { FieldValue, type Firestore } from '@google-cloud/firestore';

import {
  type FirestoreServerKind,
  type FirestoreTestServer,
  createFirestoreClient,
  detectGoogleFirestoreEmulator,
  firestorePreferenceFromEnvironment,
  itWhenCapable,
  missingCapabilityReason,
  processGroupAlive,
  resolveFirestoreServerKind,
  startFirestoreTestServer,
  uniqueProjectId,
} from '../support/firestore-test-server';

const preference = firestorePreferenceFromEnvironment();
const detection = detectGoogleFirestoreEmulator();
console.log(
  `[firestore-test-server] Google emulator ${detection.available ? 'found' : 'not found'}: ${detection.reason}; ` +
    `DLA_TEST_FIRESTORE=${preference} → default kind ${resolveFirestoreServerKind(preference)}`,
);

// Both kinds when both exist (the fallback always does), unless DLA_TEST_FIRESTORE=fallback.
const kinds: FirestoreServerKind[] =
  preference === 'fallback'
    ? ['fallback-in-memory']
    : detection.available || preference === 'google'
      ? ['google-emulator', 'fallback-in-memory']
      : ['fallback-in-memory'];

describe.each(kinds)('Firestore test server: %s', (kind) => {
  let server: FirestoreTestServer;
  let db: Firestore;
  let projectId: string;

  beforeAll(async () => {
    const started = Date.now();
    server = await startFirestoreTestServer({
      prefer: kind === 'google-emulator' ? 'google' : 'fallback',
    });
    console.log(
      `[firestore-test-server] ${server.kind} listening on ${server.host} (${Date.now() - started} ms)`,
    );
  });

  afterAll(async () => {
    await server.stop();
  });

  beforeEach(() => {
    projectId = uniqueProjectId('fts');
    db = createFirestoreClient(server.host, projectId);
  });

  afterEach(async () => {
    await db.terminate();
  });

  it('starts the requested kind on loopback', () => {
    expect(server.kind).toBe(kind);
    expect(server.host).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('sets and gets a document', async () => {
    const ref = db.collection('operateurs').doc('op-59');
    await ref.set({ nom: 'Opérateur 59', missions: 3, actif: true, tags: ['a', 'b'] });
    const snapshot = await ref.get();
    expect(snapshot.exists).toBe(true);
    expect(snapshot.data()).toEqual({
      nom: 'Opérateur 59',
      missions: 3,
      actif: true,
      tags: ['a', 'b'],
    });
    expect((await db.collection('operateurs').doc('absent').get()).exists).toBe(false);
  });

  it('runs a transaction', async () => {
    const ref = db.collection('compteurs').doc('missions');
    await ref.set({ valeur: 1 });
    const result = await db.runTransaction(async (transaction) => {
      const snapshot = await transaction.get(ref);
      const next = Number(snapshot.get('valeur')) + 1;
      transaction.update(ref, { valeur: next });
      return next;
    });
    expect(result).toBe(2);
    expect((await ref.get()).get('valeur')).toBe(2);

    await expect(
      db.runTransaction(async (transaction) => {
        transaction.update(ref, { valeur: 100 });
        throw new Error('abandon');
      }),
    ).rejects.toThrow('abandon');
    expect((await ref.get()).get('valeur')).toBe(2);
  });

  it('commits a batch', async () => {
    const batch = db.batch();
    for (let index = 0; index < 5; index += 1) {
      batch.set(db.collection('missions').doc(`m-${index}`), { index });
    }
    batch.delete(db.collection('missions').doc('m-0'));
    await batch.commit();
    const snapshot = await db.collection('missions').orderBy('index').get();
    expect(snapshot.docs.map((doc) => doc.id)).toEqual(['m-1', 'm-2', 'm-3', 'm-4']);
  });

  it('keeps projects apart and clears one', async () => {
    const other = createFirestoreClient(server.host, uniqueProjectId('other'));
    try {
      await db.collection('c').doc('d').set({ v: 1 });
      expect((await other.collection('c').doc('d').get()).exists).toBe(false);
      await server.clear(projectId);
      expect((await db.collection('c').doc('d').get()).exists).toBe(false);
    } finally {
      await other.terminate();
    }
  });

  itWhenCapable(kind, 'atomicBatches')('leaves nothing behind when a batch fails', async () => {
    const existing = db.collection('lots').doc('existe');
    await existing.set({ v: 1 });
    const batch = db.batch();
    batch.set(db.collection('lots').doc('nouveau'), { v: 2 });
    batch.create(existing, { v: 3 });
    await expect(batch.commit()).rejects.toThrow();
    expect((await db.collection('lots').doc('nouveau').get()).exists).toBe(false);
  });

  itWhenCapable(kind, 'isolatedTransactions')('serializes concurrent transactions', async () => {
    const ref = db.collection('compteurs').doc('concurrent');
    await ref.set({ valeur: 0 });
    await Promise.all(
      Array.from({ length: 5 }, () =>
        db.runTransaction(async (transaction) => {
          const snapshot = await transaction.get(ref);
          transaction.update(ref, { valeur: Number(snapshot.get('valeur')) + 1 });
        }),
      ),
    );
    expect((await ref.get()).get('valeur')).toBe(5);
  });

  itWhenCapable(kind, 'cursors')('pages with startAfter', async () => {
    const batch = db.batch();
    for (let index = 0; index < 5; index += 1) {
      batch.set(db.collection('pages').doc(`p-${index}`), { index });
    }
    await batch.commit();
    const first = await db.collection('pages').orderBy('index').limit(2).get();
    const last = first.docs[first.docs.length - 1];
    if (last === undefined) {
      throw new Error('empty first page');
    }
    const second = await db.collection('pages').orderBy('index').startAfter(last).limit(2).get();
    expect(second.docs.map((doc) => doc.get('index'))).toEqual([2, 3]);
  });

  itWhenCapable(kind, 'collectionGroup')('queries a collection group', async () => {
    await db.collection('operateurs').doc('a').collection('missions').doc('1').set({ v: 1 });
    await db.collection('operateurs').doc('b').collection('missions').doc('2').set({ v: 2 });
    const snapshot = await db.collectionGroup('missions').get();
    expect(snapshot.size).toBe(2);
  });

  itWhenCapable(kind, 'fieldDelete')('deletes a field', async () => {
    const ref = db.collection('c').doc('champ');
    await ref.set({ garde: 1, supprime: 2 });
    await ref.update({ supprime: FieldValue.delete() });
    expect((await ref.get()).data()).toEqual({ garde: 1 });
  });

  it('describes what it cannot honour', () => {
    const gaps = (Object.keys(server.capabilities) as (keyof typeof server.capabilities)[])
      .map((capability) => missingCapabilityReason(kind, capability))
      .filter((reason): reason is string => reason !== undefined);
    console.log(
      `[firestore-test-server] ${kind}: ${gaps.length === 0 ? 'no known gaps' : gaps.join('; ')}`,
    );
    expect(gaps.length === 0).toBe(kind === 'google-emulator');
  });
});

(detection.available && preference !== 'fallback' ? it : it.skip)(
  "stops Google's emulator with its whole process group (java included)",
  async () => {
    const server = await startFirestoreTestServer({ prefer: 'google' });
    const pid = server.pid;
    expect(pid).toEqual(expect.any(Number));
    await server.stop();
    expect(processGroupAlive(pid ?? -1)).toBe(false);
    await expect(
      fetch(`http://${server.host}/`, { signal: AbortSignal.timeout(1_000) }),
    ).rejects.toThrow();
  },
);
