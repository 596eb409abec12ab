import { getTestServer } from '@google-cloud/functions-framework/testing';
import request from 'supertest';
import '../../../functions/score-mission.http';
import { signRequest } from '../../../functions/auth/hmac-signature';
import {
  aCallForProposalsWorkbook,
  SCORING_DAY,
} from '../../support/builders/call-for-proposals-workbook';
import {
  clearTestAppContext,
  HMAC_SECRETS,
  setTestAppContext,
  signedPostTo,
  type SigningSpreadsheet,
} from '../../support/http-functions';

const clock = { now: () => SCORING_DAY };

/** A request to scoreMission signed with the secret of the spreadsheet it comes from. */
function signedPost(body: unknown, from: SigningSpreadsheet = 'CBE-LM') {
  return signedPostTo('scoreMission', body, from, clock.now());
}

/** The real function over an embedded SQLite store and CBE-LM's workbook in the middle of a call. */
async function context() {
  const ctx = setTestAppContext(clock);
  await aCallForProposalsWorkbook(ctx);
  return ctx;
}

const UNKNOWN_MISSION =
  "Mission MIS-CBE-LM-0099 introuvable parmi les missions actives de CBE-LM : vérifiez l'identifiant (colonne ID de l'onglet Missions).";

describe('scoreMission over HTTP (functions-framework, embedded SQLite store)', () => {
  afterEach(clearTestAppContext);

  it('reconciles the workbook and answers the ranking of the mission asked, echoing the request ID', async () => {
    const { store, gateway } = await context();
    const res = await signedPost({
      owner: 'CBE-LM',
      missionId: ' mis-cbe-lm-0001 ',
      requestId: '6f1c2a9e-8d3b-4c55-9a1e-2b7f0c4d8e11',
    });
    expect(res.status).toBe(200);
    expect(res.body.requestId).toBe('6f1c2a9e-8d3b-4c55-9a1e-2b7f0c4d8e11');
    expect(res.body.report).toMatchObject({ operator: 'CBE-LM', created: 4, rejected: [] });
    expect(res.body.missions).toHaveLength(1);
    expect(res.body.missions[0]).toMatchObject({
      missionId: 'MIS-CBE-LM-0001',
      title: 'Consolidation du modèle économique',
      warnings: [],
    });
    // Totals by hand in test/unit/shared/use-cases/score-missions.test.ts.
    expect(
      (
        res.body.missions[0].proposals as { solicitationId: string; total: number; rank: string }[]
      ).map((p) => [p.solicitationId, p.total, p.rank]),
    ).toEqual([
      ['SOL-CBE-LM-0002', 92.4, '1'],
      ['SOL-CBE-LM-0001', 84.5, '2'],
      ['SOL-CBE-LM-0003', 60, '3'],
    ]);
    expect(gateway.column('CBE-LM', 'Sollicitations', 'Rang')).toEqual([2, 1, 3, null]);
    const stored = (await store.loadOwner('CBE-LM')).records.filter(
      (r) => r.kind === 'solicitation',
    );
    expect(stored.map((r) => r.id).sort()).toEqual([
      'SOL-CBE-LM-0001',
      'SOL-CBE-LM-0002',
      'SOL-CBE-LM-0003',
      'SOL-CBE-LM-0004',
    ]);
    expect(
      (await store.listAudit('CBE-LM', 'SOL-CBE-LM-0001')).find((a) => a.field === '@created')?.who,
    ).toBe('recalcul des notes');
  });

  it('answers every mission in a call when no mission is named, as the menu asks', async () => {
    await context();
    const res = await signedPost({ owner: 'CBE-LM', requestId: 'menu-0001' });
    expect(res.status).toBe(200);
    expect(
      (res.body.missions as { missionId: string; warnings: string[] }[]).map((m) => [
        m.missionId,
        m.warnings,
      ]),
    ).toEqual([
      ['MIS-CBE-LM-0001', []],
      [
        'MIS-CBE-LM-0004',
        ['Tous les prestataires sollicités ont décliné : sollicitez d’autres prestataires.'],
      ],
    ]);
  });

  const OWNER_REFUSED = 'Valeur non autorisée (champ « owner »).';
  it.each([
    ['no owner', { missionId: 'MIS-CBE-LM-0001' }, 'CBE-LM', OWNER_REFUSED],
    ['an unknown owner', { owner: 'CBE-LILLE' }, 'CBE-LM', OWNER_REFUSED],
    ["the C2RA's own workbook (no call for proposals)", { owner: 'C2RA' }, 'C2RA', OWNER_REFUSED],
    [
      'a mission ID that is not text',
      { owner: 'CBE-LM', missionId: 42 },
      'CBE-LM',
      'Type de valeur inattendu (champ « missionId »).',
    ],
    [
      'a blank mission ID',
      { owner: 'CBE-LM', missionId: '  ' },
      'CBE-LM',
      'Valeur trop petite (champ « missionId »).',
    ],
  ] as const)(
    'refuses %s with 400 and a French reason, changing nothing',
    async (_case, body, from, message) => {
      const { store } = await context();
      const before = await store.loadOwner('CBE-LM');
      const res = await signedPost(body, from);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: { code: 'PAYLOAD_INVALID', message } });
      expect(await store.loadOwner('CBE-LM')).toEqual(before);
    },
  );

  // Was 400 PAYLOAD_INVALID: a body labelled text/plain is now refused for its content type.
  it('refuses a body that is not JSON with 415 and a French reason, changing nothing', async () => {
    const { store } = await context();
    const before = await store.loadOwner('CBE-LM');
    const res = await signedPost('pas du json');
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('CONTENT_TYPE_UNSUPPORTED');
    expect(res.body.error.message).toMatch(/^Type de contenu non pris en charge/);
    expect(await store.loadOwner('CBE-LM')).toEqual(before);
  });

  it('answers 404 with a French message for a mission that is not one of the operator’s', async () => {
    await context();
    const res = await signedPost({ owner: 'CBE-LM', missionId: 'MIS-CBE-LM-0099' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'MISSION_UNKNOWN', message: UNKNOWN_MISSION } });
  });

  it('answers 422 when the workbook cannot be read', async () => {
    await context();
    const res = await signedPost({ owner: 'EE-DK' }, 'EE-DK');
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('WORKBOOK_NOT_FOUND');
  });

  it('refuses an unsigned request (401) and another operator’s spreadsheet (403), changing nothing', async () => {
    const { store } = await context();
    const before = await store.loadOwner('CBE-LM');
    const unsigned = await request(getTestServer('scoreMission'))
      .post('/')
      .send({ owner: 'CBE-LM' });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error.code).toBe('UNAUTHENTICATED');
    const intruder = await signedPost({ owner: 'CBE-LM' }, 'EE-DK');
    expect(intruder.status).toBe(403);
    expect(intruder.body.error.code).toBe('FORBIDDEN');
    expect(await store.loadOwner('CBE-LM')).toEqual(before);
  });

  it('refuses GET', async () => {
    await context();
    const res = await request(getTestServer('scoreMission'))
      .get('/')
      .set(signRequest(HMAC_SECRETS['CBE-LM'], '', clock.now()));
    expect(res.status).toBe(405);
  });
});
