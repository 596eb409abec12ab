import { deriveCells } from '../../../../../shared/domain/derived-columns';
import type { Mission } from '../../../../../shared/domain/mission';
import {
  DEFAULT_PARAMETERS,
  type OperatorParameters,
} from '../../../../../shared/domain/operator-parameters';
import { formatScoreDetail } from '../../../../../shared/domain/scoring/score-format';
import { RecordWorld, type WorldRecord } from '../../../../../shared/domain/record-world';

import {
  BUILDER_MISSION_ID,
  aDeclinedSolicitation,
  aSolicitation,
} from '../../../../support/builders/solicitation-builder';

import { A, B, C, MISSION, byProvider, score } from './proposal-scoring.fixture';

describe('the « Sollicitations » tab shows the scores (deriveCells)', () => {
  const missionRecord: WorldRecord = {
    id: BUILDER_MISSION_ID,
    kind: 'mission',
    data: { ...MISSION },
    archived: false,
  };
  const rows: WorldRecord[] = [A, B, C, aDeclinedSolicitation({ providerId: 'PRE-0044' })].map(
    (s, i) => ({
      id: `SOL-CBE-LM-000${i + 1}`,
      kind: 'solicitation',
      data: { ...s },
      archived: false,
    }),
  );
  const world = new RecordWorld([missionRecord, ...rows], []);

  it('fills note budget, total, rank, detail and flags of each row (rounded for display)', () => {
    const cells = rows.map((r) => deriveCells(r, world, '2025-02-10'));
    expect(cells.map((c) => [c['budgetPoints'], c['totalScore'], c['rank']])).toEqual([
      [15, 78.5, 2],
      [12, 87.5, 1],
      [7.5, 69.5, 3],
      ['', '', ''],
    ]);
    expect(cells[1]?.['scoreDetail']).toBe(
      'Compréhension 19/20 ; Résultats 12/15 ; Méthodologie 22,5/25 ; Profil et références 18/20 ; Durée 4/5 ; Budget 12/15',
    );
    expect(cells[3]?.['flags']).toBe('A décliné la sollicitation le 15/01/2025 : non classé.');
    expect(cells[3]?.['scoreDetail']).toBe('');
  });

  it('uses the operator’s parameters when given (linear budget: B gets 11,25)', () => {
    const parameters: OperatorParameters = { ...DEFAULT_PARAMETERS, budgetMethod: 'Linéaire' };
    const row = rows[1];
    expect(row && deriveCells(row, world, '2025-02-10', parameters)['budgetPoints']).toBe(11.25);
  });

  it('shows the mission’s own weights in the detail, and says so', () => {
    const weighted = new RecordWorld(
      [
        { ...missionRecord, data: { ...MISSION, scoringWeights: '30 / 10 / 25 / 15 / 5 / 15' } },
        ...rows,
      ],
      [],
    );
    const row = rows[1];
    const cells = row ? deriveCells(row, weighted, '2025-02-10') : {};
    expect([cells['totalScore'], cells['rank']]).toEqual([88.5, 1]);
    expect(cells['scoreDetail']).toBe(
      'Compréhension 28,5/30 ; Résultats 8/10 ; Méthodologie 22,5/25 ; Profil et références 13,5/15 ; Durée 4/5 ; Budget 12/15 (pondération de la mission)',
    );
  });

  it('shows « à compléter » while a criterion has no score', () => {
    const incomplete: WorldRecord = {
      id: 'SOL-CBE-LM-0009',
      kind: 'solicitation',
      data: {
        ...aSolicitation({ profileByOfficer: null, profileByBeneficiary: null }),
        contents: null,
      },
      archived: false,
    };
    const w = new RecordWorld([missionRecord, incomplete], []);
    const cells = deriveCells(incomplete, w, '2025-02-10');
    expect(cells['totalScore']).toBe('à compléter');
    expect(cells['rank']).toBe('');
    expect(cells['flags']).toContain(
      'Notes à compléter (aucun évaluateur) : Profil et références.',
    );
  });

  it('warns on the mission row when fewer than 2 proposals remain possible', () => {
    // A received, the decline of PRE-0044: 1 possible proposal.
    const declinedOnly = new RecordWorld(
      [missionRecord, ...rows.filter((_, i) => i === 0 || i === 3)],
      [],
    );
    expect(deriveCells(missionRecord, declinedOnly, '2025-02-10')['controls']).toContain(
      'Moins de 2 propositions possibles : sollicitez un autre prestataire.',
    );
  });
});

// ─── The worked example with the mission's own weights ──────────────────────────────────────
//
// « Pondération de la mission » 30 / 10 / 25 / 15 / 5 / 15 (the methodology and the budget keep
// their weights; understanding gains 10, results and profile lose 5 each):
// | criterion (weight) | A: PRE-0012, 4 000 € | B: PRE-0027, 5 000 € | C: PRE-0031, 8 000 € |
// | Compréhension (30) | 4 × 30/5 = 24        | 4,75 × 30/5 = 28,5   | 3 × 30/5 = 18        |
// | Résultats (10)     | 3,5 × 10/5 = 7       | 4 × 10/5 = 8         | 2,5 × 10/5 = 5       |
// | Méthodologie (25)  | 17,5                 | 22,5                 | 20                   |
// | Profil (15)        | 4 × 15/5 = 12        | 4,5 × 15/5 = 13,5    | 5 × 15/5 = 15        |
// | Durée (5)          | 3,5                  | 4                    | 2,5                  |
// | Budget (15)        | 15                   | 12                   | 7,5                  |
// | total              | 79                   | 88,5                 | 68                   |
describe('scoreCall — the mission’s own weights replace the operator’s', () => {
  const mission: Mission = { ...MISSION, scoringWeights: '30 / 10 / 25 / 15 / 5 / 15' };
  const scoring = score([A, B, C], {}, mission);

  it.each([
    ['PRE-0012', [24, 7, 17.5, 12, 3.5], 79, 2],
    ['PRE-0027', [28.5, 8, 22.5, 13.5, 4], 88.5, 1],
    ['PRE-0031', [18, 5, 20, 15, 2.5], 68, 3],
  ] as const)('%s: criteria %j, total %d, rank %d', (id, criteria, total, rank) => {
    const p = byProvider(scoring, id);
    expect(p.criteria.map((c) => c.points)).toEqual(criteria);
    expect(p.totalScore).toBeCloseTo(total, 10);
    expect(p.rank).toBe(rank);
  });

  it('says which weights it used, and the operator’s weights when the mission has none', () => {
    expect(scoring.weightsFromMission).toBe(true);
    expect(scoring.weights).toEqual({
      weightUnderstanding: 30,
      weightResults: 10,
      weightMethodology: 25,
      weightProfile: 15,
      weightDuration: 5,
      weightBudget: 15,
    });
    expect(formatScoreDetail(byProvider(scoring, 'PRE-0027'), scoring.weights.weightBudget)).toBe(
      'Compréhension 28,5/30 ; Résultats 8/10 ; Méthodologie 22,5/25 ; Profil et références 13,5/15 ; Durée 4/5 ; Budget 12/15',
    );
    const operatorOnly = score([A, B, C], { weightUnderstanding: 25, weightDuration: 0 });
    expect(operatorOnly.weightsFromMission).toBe(false);
    expect(operatorOnly.weights.weightUnderstanding).toBe(25);
  });
});
