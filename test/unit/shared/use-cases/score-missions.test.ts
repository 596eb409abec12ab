import { DEFAULT_PARAMETERS } from '../../../../shared/domain/operator-parameters';
import { formatEuros } from '../../../../shared/domain/values/amount';
import { recomputeScores } from '../../../../shared/use-cases/score-missions';
import {
  aCallForProposalsWorkbook,
  SCORING_DAY,
  typeParameters,
} from '../../../support/builders/call-for-proposals-workbook';
import { InMemoryRecordStore } from '../../../support/fakes/in-memory-record-store';
import { InMemoryWorkbookGateway } from '../../../support/fakes/in-memory-workbook-gateway';

/**
 * CBE-LM's workbook with four missions — 0001 with a call of three proposals, 0002 without any
 * solicitation, 0003 whose row was deleted (archived), 0004 whose only consultant declined — and
 * the four solicitation rows typed but not synced yet: only `recomputeScores` stores them.
 */
async function workbook() {
  const store = new InMemoryRecordStore();
  const gateway = new InMemoryWorkbookGateway();
  const ports = { store, gateway, clock: { now: () => SCORING_DAY } };
  await aCallForProposalsWorkbook(ports);
  return { store, gateway, ports };
}

/*
 * The call of MIS-CBE-LM-0001 (ceiling 6 000 €, deadline 28/02/2025), default weights
 * (compréhension 20, résultats 15, méthodologie 25, profil 20, durée 5, budget 15), points of a
 * criterion = mean of CM and SB × weight ÷ 5, budget proportional = 15 × lowest ÷ price:
 *
 * - SOL-0001 Cabinet Ambroise (PRE-0001), 4 800 €: means 4,5 / 4 / 4 / 4 / 3,5
 *   → 18 + 12 + 20 + 16 + 3,5 = 69,5; budget 15 × 4 800 ÷ 4 800 = 15 → 84,5, rank 2.
 * - SOL-0002 Opale Stratégies (PRE-0002), 5 000 €: means 5 / 4,5 / 4,5 / 4,5 / 4
 *   → 20 + 13,5 + 22,5 + 18 + 4 = 78; budget 15 × 4 800 ÷ 5 000 = 14,4 → 92,4, rank 1.
 * - SOL-0003 Terrils & Co (PRE-0003), 8 000 €: every mean 3
 *   → 12 + 9 + 15 + 12 + 3 = 51; budget 15 × 4 800 ÷ 8 000 = 9 → 60, rank 3, above the ceiling.
 *
 * None is abnormally low: 4 800 € ≥ 70 % × (5 000 + 8 000) ÷ 2 = 4 550 €.
 */
const CALL_0001 = {
  missionId: 'MIS-CBE-LM-0001',
  title: 'Consolidation du modèle économique',
  proposals: [
    {
      solicitationId: 'SOL-CBE-LM-0002',
      providerId: 'PRE-0002',
      total: 92.4,
      rank: '1',
      flags: '',
    },
    {
      solicitationId: 'SOL-CBE-LM-0001',
      providerId: 'PRE-0001',
      total: 84.5,
      rank: '2',
      flags: '',
    },
    {
      solicitationId: 'SOL-CBE-LM-0003',
      providerId: 'PRE-0003',
      total: 60,
      rank: '3',
      flags: `Prix de ${formatEuros(800_000)} supérieur au plafond budgétaire de la mission (${formatEuros(600_000)}).`,
    },
  ],
  weights: '20 / 15 / 25 / 20 / 5 / 15',
  weightsSource: 'operator',
  warnings: [],
};

const CALL_0004 = {
  missionId: 'MIS-CBE-LM-0004',
  title: 'Stratégie de diversification des recettes',
  proposals: [
    {
      solicitationId: 'SOL-CBE-LM-0004',
      providerId: 'PRE-0002',
      total: null,
      rank: '',
      flags: 'A décliné la sollicitation le 05/02/2025 : non classé.',
    },
  ],
  weights: '20 / 15 / 25 / 20 / 5 / 15',
  weightsSource: 'operator',
  warnings: ['Tous les prestataires sollicités ont décliné : sollicitez d’autres prestataires.'],
};

describe('recomputeScores (menu « Recalculer les notes »)', () => {
  it('stores the pending rows first, rewrites the score columns of the sheet, and answers the ranking', async () => {
    const { gateway, ports } = await workbook();
    const result = await recomputeScores(ports, 'CBE-LM', 'MIS-CBE-LM-0001');
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.report).toMatchObject({ operator: 'CBE-LM', created: 4, rejected: [] });
    expect(result.value.missions).toEqual([CALL_0001]);
    const column = (label: string) => gateway.column('CBE-LM', 'Sollicitations', label);
    expect(column('ID')).toEqual([
      'SOL-CBE-LM-0001',
      'SOL-CBE-LM-0002',
      'SOL-CBE-LM-0003',
      'SOL-CBE-LM-0004',
    ]);
    expect(column('Note totale /100')).toEqual([84.5, 92.4, 60, null]);
    expect(column('Note budget')).toEqual([15, 14.4, 9, null]);
    expect(column('Rang')).toEqual([2, 1, 3, null]);
  });

  it.each([
    ['an unknown mission', 'MIS-CBE-LM-0099'],
    ['an archived mission (its row deleted)', 'MIS-CBE-LM-0003'],
    ["another operator's mission", 'MIS-EE-DK-0001'],
  ])('refuses %s, after storing the pending rows all the same', async (_case, id) => {
    const { store, ports } = await workbook();
    expect(await recomputeScores(ports, 'CBE-LM', id)).toEqual({
      ok: false,
      error: {
        code: 'MISSION_UNKNOWN',
        message: `Mission ${id} introuvable parmi les missions actives de CBE-LM : vérifiez l'identifiant (colonne ID de l'onglet Missions).`,
      },
    });
    expect(store.records.has('SOL-CBE-LM-0001')).toBe(true);
  });

  it.each([
    [
      'a mission without any solicitation: asked by ID, an empty call',
      'MIS-CBE-LM-0002',
      [
        {
          missionId: 'MIS-CBE-LM-0002',
          title: 'Structuration de la fonction employeur',
          proposals: [],
          weights: '20 / 15 / 25 / 20 / 5 / 15',
          weightsSource: 'operator',
          warnings: [],
        },
      ],
    ],
    ['every active mission with a solicitation', null, [CALL_0001, CALL_0004]],
    ['a call where everyone declined: the French warning', 'MIS-CBE-LM-0004', [CALL_0004]],
  ])('scores %s', async (_case, id, missions) => {
    const { ports } = await workbook();
    const result = await recomputeScores(ports, 'CBE-LM', id);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.missions).toEqual(missions);
  });

  it('scores with the « Paramètres » just typed, read by the same reconcile (linear budget)', async () => {
    // Linear, floor 0 %: the lowest price (4 800 €) gets 15, the highest (8 000 €) 0, and
    // 5 000 € gets 15 − 15 × 200 ÷ 3 200 = 14,0625: totals 84,5, 78 + 14,0625 = 92,06 and 51.
    const { gateway, ports } = await workbook();
    typeParameters(gateway, { ...DEFAULT_PARAMETERS, budgetMethod: 'Linéaire' });
    const result = await recomputeScores(ports, 'CBE-LM', 'MIS-CBE-LM-0001');
    if (!result.ok) throw new Error(result.error.message);
    expect(
      result.value.missions[0]?.proposals.map((p) => [p.solicitationId, p.total, p.rank]),
    ).toEqual([
      ['SOL-CBE-LM-0002', 92.06, '1'],
      ['SOL-CBE-LM-0001', 84.5, '2'],
      ['SOL-CBE-LM-0003', 51, '3'],
    ]);
    expect(gateway.column('CBE-LM', 'Sollicitations', 'Note budget')).toEqual([15, 14.06, 0, null]);
  });

  it('says when a mission is scored with its own weights, typed in « Pondération de la mission »', async () => {
    const { gateway, ports } = await workbook();
    gateway.type('CBE-LM', 'Missions', 2, 'Pondération de la mission', '30/10/25/15/5/15');
    const result = await recomputeScores(ports, 'CBE-LM', 'MIS-CBE-LM-0001');
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.missions[0]).toMatchObject({
      weights: '30 / 10 / 25 / 15 / 5 / 15',
      weightsSource: 'mission',
    });
    expect(gateway.column('CBE-LM', 'Missions', 'Pondération de la mission')[0]).toBe(
      '30/10/25/15/5/15',
    );
  });

  it("answers the reconcile's own failure when the workbook cannot be read", async () => {
    const { ports } = await workbook();
    expect(await recomputeScores(ports, 'NA-DEN', null)).toEqual({
      ok: false,
      error: { code: 'WORKBOOK_NOT_FOUND', message: 'Classeur introuvable.' },
    });
  });
});
