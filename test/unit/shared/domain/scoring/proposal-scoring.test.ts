import { deriveCells } from '../../../../../shared/domain/derived-columns';
import type { Mission } from '../../../../../shared/domain/mission';
import {
  DEFAULT_PARAMETERS,
  type OperatorParameters,
} from '../../../../../shared/domain/operator-parameters';
import { budgetPoints } from '../../../../../shared/domain/scoring/budget-points';
import {
  callWarnings,
  scoreCall,
  type CallScoring,
  type ProposalScoring,
} from '../../../../../shared/domain/scoring/proposal-scoring';
import {
  formatFlags,
  formatScoreDetail,
  rankCell,
} from '../../../../../shared/domain/scoring/score-format';
import { RecordWorld, type WorldRecord } from '../../../../../shared/domain/record-world';
import type { Solicitation } from '../../../../../shared/domain/solicitation';
import { missionAtStage } from '../../../../support/builders/mission-builder';
import {
  BUILDER_MISSION_ID,
  aDeclinedSolicitation,
  aPendingSolicitation,
  aSolicitation,
  evaluatorScores,
  type EvaluatorScores,
} from '../../../../support/builders/solicitation-builder';

/**
 * Every example is worked by hand with the operator default weights (the guide gives none):
 * Compréhension 20, Résultats 15, Méthodologie 25, Profil et références 20, Durée 5, Budget 15.
 * A criterion's points = mean of the evaluators (CM, SB) × weight ÷ 5.
 * The mission's call closes on 07/02/2025 and its budget ceiling is 6 000 €.
 */
const MISSION: Mission = missionAtStage('proposalsUnderReview');

const ALL_FOURS: EvaluatorScores = [
  [4, 4],
  [4, 4],
  [4, 4],
  [4, 4],
  [4, 4],
];

/** A proposal received on time from `providerId` at `euros`, with these evaluator scores. */
function proposal(
  providerId: string,
  euros: number | null,
  scores: EvaluatorScores,
  overrides: Partial<Solicitation> = {},
): Solicitation {
  return aSolicitation({
    providerId,
    priceCents: euros === null ? null : euros * 100,
    ...evaluatorScores(...scores),
    ...overrides,
  });
}

/** Scores a call whose solicitations are SOL-1, SOL-2, … in the order given. */
function score(
  solicitations: readonly Solicitation[],
  parameters: Partial<OperatorParameters> = {},
  mission: Mission = MISSION,
): CallScoring {
  return scoreCall({
    mission,
    proposals: solicitations.map((solicitation, i) => ({ id: `SOL-${i + 1}`, solicitation })),
    parameters: { ...DEFAULT_PARAMETERS, ...parameters },
  });
}

function byProvider(scoring: CallScoring, providerId: string): ProposalScoring {
  const found = scoring.proposals.find((p) => p.providerId === providerId);
  if (!found) throw new Error(`No proposal of ${providerId}`);
  return found;
}

function codes(p: ProposalScoring): string[] {
  return p.flags.map((f) => f.code);
}

/** French amounts use narrow and ordinary no-break spaces: compare them as plain spaces. */
function plain(s: string): string {
  return s.replace(/[\u202f\u00a0]/g, ' ');
}

// ─── The worked example ───────────────────────────────────────────────────────────────────
//
// | criterion (weight) | A: PRE-0012, 4 000 €    | B: PRE-0027, 5 000 €      | C: PRE-0031, 8 000 €   |
// | Compréhension (20) | 4 / 4 → 4 → 16          | 5 / 4,5 → 4,75 → 19       | 3 / 3 → 3 → 12         |
// | Résultats (15)     | 4 / 3 → 3,5 → 10,5      | 4 / 4 → 4 → 12            | 3 / 2 → 2,5 → 7,5      |
// | Méthodologie (25)  | 3 / 4 → 3,5 → 17,5      | 5 / 4 → 4,5 → 22,5        | 4 / 4 → 4 → 20         |
// | Profil (20)        | 4 / 4 → 4 → 16          | 4,5 / 4,5 → 4,5 → 18      | 5 / 5 → 5 → 20         |
// | Durée (5)          | 4 / 3 → 3,5 → 3,5       | 4 / 4 → 4 → 4             | 2 / 3 → 2,5 → 2,5      |
// | Budget (15), prop. | 15 × 4000/4000 = 15     | 15 × 4000/5000 = 12       | 15 × 4000/8000 = 7,5   |
// | total              | 63,5 + 15 = 78,5        | 75,5 + 12 = 87,5          | 62 + 7,5 = 69,5        |
// | rank               | 2                       | 1                         | 3                      |
const A = proposal('PRE-0012', 4000, [
  [4, 4],
  [4, 3],
  [3, 4],
  [4, 4],
  [4, 3],
]);
const B = proposal('PRE-0027', 5000, [
  [5, 4.5],
  [4, 4],
  [5, 4],
  [4.5, 4.5],
  [4, 4],
]);
const C = proposal('PRE-0031', 8000, [
  [3, 3],
  [3, 2],
  [4, 4],
  [5, 5],
  [2, 3],
]);

describe('scoreCall — the worked example (proportional budget)', () => {
  const scoring = score([A, B, C]);

  it.each([
    // provider, criterion points (Compr., Résult., Méthodo., Profil, Durée), budget, total, rank
    ['PRE-0012', [16, 10.5, 17.5, 16, 3.5], 15, 78.5, 2],
    ['PRE-0027', [19, 12, 22.5, 18, 4], 12, 87.5, 1],
    ['PRE-0031', [12, 7.5, 20, 20, 2.5], 7.5, 69.5, 3],
  ] as const)(
    '%s: criteria %j, budget %d, total %d, rank %d',
    (id, criteria, budget, total, rank) => {
      const p = byProvider(scoring, id);
      expect(p.status).toBe('ranked');
      expect(p.criteria.map((c) => c.points)).toEqual(criteria);
      expect(p.budgetPoints).toBeCloseTo(budget, 10);
      expect(p.totalScore).toBeCloseTo(total, 10);
      expect(p.rank).toBe(rank);
      expect(p.exAequo).toBe(false);
    },
  );

  it('ranks best first and explains each score in French', () => {
    expect(scoring.ranking.map((p) => p.providerId)).toEqual(['PRE-0027', 'PRE-0012', 'PRE-0031']);
    expect(formatScoreDetail(byProvider(scoring, 'PRE-0027'), 15)).toBe(
      'Compréhension 19/20 ; Résultats 12/15 ; Méthodologie 22,5/25 ; Profil et références 18/20 ; Durée 4/5 ; Budget 12/15',
    );
    expect(formatScoreDetail(byProvider(scoring, 'PRE-0031'), 15)).toBe(
      'Compréhension 12/20 ; Résultats 7,5/15 ; Méthodologie 20/25 ; Profil et références 20/20 ; Durée 2,5/5 ; Budget 7,5/15',
    );
    expect(scoring.warnings).toEqual([]);
  });

  it('flags C above the ceiling (8 000 € > 6 000 €) and A abnormally low (4 000 € < 70 % of (5 000 + 8 000) ÷ 2 = 6 500 €)', () => {
    expect(codes(byProvider(scoring, 'PRE-0027'))).toEqual([]);
    expect(plain(formatFlags(byProvider(scoring, 'PRE-0031')))).toBe(
      'Prix de 8 000,00 € supérieur au plafond budgétaire de la mission (6 000,00 €).',
    );
    // 4 000 ÷ 6 500 = 61,5 % → « 62 % »
    expect(plain(formatFlags(byProvider(scoring, 'PRE-0012')))).toBe(
      'Offre anormalement basse : 4 000,00 € contre 6 500,00 € en moyenne pour les autres offres (62 %) : demander une justification.',
    );
  });
});

describe('budget: proportional and linear methods', () => {
  it.each([
    // method, floor %, prices (€), expected points, arithmetic
    [
      'Proportionnelle',
      0,
      [4000, 5000, 8000],
      [15, 12, 7.5],
      '15×4000/4000; 15×4000/5000; 15×4000/8000',
    ],
    ['Linéaire', 0, [4000, 5000, 8000], [15, 11.25, 0], '15; 15 − 15×1000/4000; floor 0'],
    ['Linéaire', 20, [4000, 5000, 8000], [15, 12, 3], 'floor 3; 15 − 12×1000/4000; 3'],
    ['Linéaire', 0, [5000, 5000], [15, 15], 'all prices equal: the maximum'],
    ['Proportionnelle', 0, [5000, 5000], [15, 15], '15×5000/5000'],
  ] as const)(
    '%s, floor %d %%, prices %j → %j (%s)',
    (method, floor, prices, expected, _arithmetic) => {
      const parameters = { weightBudget: 15, budgetMethod: method, linearFloorPercent: floor };
      expect(
        prices.map((p) =>
          budgetPoints(
            p * 100,
            [...prices].map((q) => q * 100),
            parameters,
          ),
        ),
      ).toEqual(expected);
    },
  );

  it('re-totals the worked example with the linear method (floor 0): A 63,5 + 15 = 78,5; B 75,5 + 11,25 = 86,75; C 62 + 0 = 62', () => {
    const scoring = score([A, B, C], { budgetMethod: 'Linéaire' });
    expect(scoring.proposals.map((p) => p.budgetPoints)).toEqual([15, 11.25, 0]);
    expect(scoring.proposals.map((p) => p.totalScore)).toEqual([78.5, 86.75, 62]);
    expect(scoring.proposals.map((p) => p.rank)).toEqual([2, 1, 3]);
  });
});

describe('ties: price, then methodology, then ex aequo', () => {
  it('breaks an equal total by the lower price', () => {
    // D (4 000 €): 16 + 12 + 20 + 16 + durée 2/2 → 2 = 66, budget 15 → 81
    // E (5 000 €): 16 + 12 + 20 + 16 + durée 5/5 → 5 = 69, budget 15×4000/5000 = 12 → 81
    const D = proposal('PRE-0040', 4000, [
      [4, 4],
      [4, 4],
      [4, 4],
      [4, 4],
      [2, 2],
    ]);
    const E = proposal('PRE-0041', 5000, [
      [4, 4],
      [4, 4],
      [4, 4],
      [4, 4],
      [5, 5],
    ]);
    const scoring = score([E, D]);
    expect(scoring.proposals.map((p) => p.totalScore)).toEqual([81, 81]);
    expect(byProvider(scoring, 'PRE-0040').rank).toBe(1);
    expect(byProvider(scoring, 'PRE-0041').rank).toBe(2);
    expect(scoring.proposals.some((p) => p.exAequo)).toBe(false);
  });

  it('breaks an equal total and price by the higher methodology score', () => {
    // Same price 5 000 € → budget 15 each.
    // F: méthodologie 4 → 20, durée 5 → 5: 16 + 12 + 20 + 16 + 5 + 15 = 84
    // G: méthodologie 5 → 25, durée 0 → 0: 16 + 12 + 25 + 16 + 0 + 15 = 84 → G first (5 > 4)
    const F = proposal('PRE-0050', 5000, [
      [4, 4],
      [4, 4],
      [4, 4],
      [4, 4],
      [5, 5],
    ]);
    const G = proposal('PRE-0051', 5000, [
      [4, 4],
      [4, 4],
      [5, 5],
      [4, 4],
      [0, 0],
    ]);
    const scoring = score([F, G]);
    expect(scoring.proposals.map((p) => p.totalScore)).toEqual([84, 84]);
    expect(scoring.ranking.map((p) => p.providerId)).toEqual(['PRE-0051', 'PRE-0050']);
    expect(scoring.ranking.map((p) => p.rank)).toEqual([1, 2]);
  });

  it('shows a surviving tie « ex aequo » with the same rank, never broken silently', () => {
    // H and I: all 4 → 16 + 12 + 20 + 16 + 4 = 68, 5 000 € → 15: 83 each, same methodology.
    // J: all 3 → 12 + 9 + 15 + 12 + 3 = 51, 6 000 € → 15×5000/6000 = 12,5: 63,5.
    const H = proposal('PRE-0060', 5000, ALL_FOURS);
    const I = proposal('PRE-0061', 5000, ALL_FOURS);
    const J = proposal('PRE-0062', 6000, [
      [3, 3],
      [3, 3],
      [3, 3],
      [3, 3],
      [3, 3],
    ]);
    const scoring = score([J, H, I]);
    expect(scoring.proposals.map((p) => p.totalScore)).toEqual([63.5, 83, 83]);
    expect(scoring.proposals.map((p) => p.rank)).toEqual([3, 1, 1]);
    expect(scoring.proposals.map(rankCell)).toEqual([3, 'ex aequo 1', 'ex aequo 1']);
    const h = byProvider(scoring, 'PRE-0060');
    expect(codes(h)).toEqual(['EX_AEQUO']);
    expect(formatFlags(h)).toBe(
      'Ex aequo avec PRE-0061 : même note totale (83/100), même prix et même note de méthodologie. À départager avec la structure.',
    );
  });
});

describe('admissibility: declined, pending and late offers', () => {
  // K: all 4, 5 000 €, received 10/02/2025 after the deadline of 07/02/2025.
  const K = proposal('PRE-0070', 5000, ALL_FOURS, { answeredOn: '2025-02-10' });
  // L: all 4, 6 000 €, on time.
  const L = proposal('PRE-0071', 6000, ALL_FOURS);

  it('keeps a late offer out of the ranking and out of the lowest price', () => {
    const scoring = score([K, L, aDeclinedSolicitation(), aPendingSolicitation()]);
    const k = byProvider(scoring, 'PRE-0070');
    expect(k).toMatchObject({ status: 'late', admissible: false, rank: null, totalScore: null });
    expect(formatFlags(k)).toBe(
      'Reçue hors délai le 10/02/2025, date limite du 07/02/2025 : non classée. Indiquez « Oui » dans « Admise malgré le retard » pour la classer.',
    );
    // L is then the only admissible price: 15 × 6000/6000 = 15; 68 + 15 = 83, rank 1.
    expect(byProvider(scoring, 'PRE-0071')).toMatchObject({
      budgetPoints: 15,
      totalScore: 83,
      rank: 1,
    });
    expect(byProvider(scoring, 'PRE-0027')).toMatchObject({ status: 'declined', rank: null });
    expect(formatFlags(byProvider(scoring, 'PRE-0027'))).toBe(
      'A décliné la sollicitation le 15/01/2025 : non classé.',
    );
    expect(byProvider(scoring, 'PRE-0031')).toMatchObject({ status: 'pending', rank: null });
    expect(formatFlags(byProvider(scoring, 'PRE-0031'))).toBe(
      'En attente de réponse (date limite du 07/02/2025) : non classé.',
    );
  });

  it('ranks a late offer the operator admitted, and its price then counts', () => {
    // K admitted: K 15 × 5000/5000 = 15 → 83, rank 1; L 15 × 5000/6000 = 12,5 → 80,5, rank 2.
    const scoring = score([{ ...K, lateAdmitted: true }, L]);
    expect(scoring.proposals.map((p) => [p.budgetPoints, p.totalScore, p.rank])).toEqual([
      [15, 83, 1],
      [12.5, 80.5, 2],
    ]);
    expect(codes(byProvider(scoring, 'PRE-0070'))).toEqual(['LATE']);
    expect(formatFlags(byProvider(scoring, 'PRE-0070'))).toContain('admise malgré le retard');
  });

  it('treats the answer « Hors délai » as late whatever its date', () => {
    const scoring = score([{ ...L, answer: 'Hors délai', answeredOn: '2025-02-05' }]);
    expect(scoring.proposals[0]?.status).toBe('late');
  });

  it('says when a price or scores are typed on a row still « En attente »', () => {
    const scoring = score([{ ...L, answer: 'En attente' }]);
    expect(formatFlags(scoring.proposals[0] ?? { flags: [] })).toBe(
      'Réponse non renseignée alors qu’un prix ou des notes sont saisis : indiquez « Proposition reçue » pour classer cette proposition.',
    );
  });
});

describe('missing scores and prices: « à compléter », never a silent zero', () => {
  it('leaves a proposal whose criterion no evaluator scored out of the ranking, and names the criterion', () => {
    const M = proposal('PRE-0080', 5000, [
      [4, 4],
      [4, 4],
      [null, null],
      [4, 4],
      [4, null],
    ]);
    const N = proposal('PRE-0081', 6000, ALL_FOURS);
    const scoring = score([M, N]);
    const m = byProvider(scoring, 'PRE-0080');
    expect(m).toMatchObject({
      status: 'toComplete',
      admissible: true,
      missingCriteria: ['Méthodologie'],
      totalScore: null,
      rank: null,
      budgetPoints: 15,
    });
    // Durée scored by the CM only: the mean of the evaluators present is 4 → 4 × 5 ÷ 5 = 4.
    expect(m.criteria.map((c) => c.points)).toEqual([16, 12, null, 16, 4]);
    expect(formatFlags(m)).toBe('Notes à compléter (aucun évaluateur) : Méthodologie.');
    expect(formatScoreDetail(m, 15)).toBe(
      'Compréhension 16/20 ; Résultats 12/15 ; Méthodologie à compléter ; Profil et références 16/20 ; Durée 4/5 ; Budget 15/15',
    );
    // N keeps the price of M as the lowest: 15 × 5000/6000 = 12,5; 68 + 12,5 = 80,5, rank 1.
    expect(byProvider(scoring, 'PRE-0081')).toMatchObject({ totalScore: 80.5, rank: 1 });
  });

  it('cannot give budget points to a received proposal without a price', () => {
    const scoring = score([proposal('PRE-0082', null, ALL_FOURS)]);
    expect(scoring.proposals[0]).toMatchObject({
      status: 'toComplete',
      budgetPoints: null,
      totalScore: null,
      rank: null,
    });
    expect(scoring.proposals.flatMap(codes)).toEqual(['PRICE_MISSING']);
    expect(formatFlags(scoring.proposals[0] ?? { flags: [] })).toBe(
      'Prix proposé manquant : note budget à compléter.',
    );
  });
});

describe('flags on the price and the contents', () => {
  it('flags the offer below 70 % of the mean of the OTHER offers (the guide example)', () => {
    // 2 400 vs (3 800 + 4 500) ÷ 2 = 4 150: 2 400 ÷ 4 150 = 57,8 % → flagged « 58 % ».
    // 3 800 vs (2 400 + 4 500) ÷ 2 = 3 450: 110 %; 4 500 vs 3 100: 145 %: not flagged.
    const scoring = score([
      proposal('PRE-0090', 2400, ALL_FOURS),
      proposal('PRE-0091', 3800, ALL_FOURS),
      proposal('PRE-0092', 4500, ALL_FOURS),
    ]);
    expect(scoring.proposals.map(codes)).toEqual([['ABNORMALLY_LOW'], [], []]);
    expect(plain(formatFlags(byProvider(scoring, 'PRE-0090')))).toBe(
      'Offre anormalement basse : 2 400,00 € contre 4 150,00 € en moyenne pour les autres offres (58 %) : demander une justification.',
    );
    expect(byProvider(scoring, 'PRE-0090').rank).toBe(1);
  });

  it('follows the operator’s threshold (50 %: 2 400 is 58 % of 4 150, no longer flagged)', () => {
    const scoring = score(
      [
        proposal('PRE-0090', 2400, ALL_FOURS),
        proposal('PRE-0091', 3800, ALL_FOURS),
        proposal('PRE-0092', 4500, ALL_FOURS),
      ],
      { abnormallyLowPercent: 50 },
    );
    expect(scoring.proposals.flatMap(codes)).toEqual([]);
  });

  it('ranks an incomplete proposal but names what the guide required and is missing', () => {
    const scoring = score([
      proposal('PRE-0093', 5000, ALL_FOURS, {
        contents: [
          'Page de garde',
          'Rappel de la commande',
          "Méthodologie et modalités d'intervention",
        ],
      }),
    ]);
    const p = scoring.proposals[0];
    expect(p?.rank).toBe(1);
    expect(p && formatFlags(p)).toBe(
      'Proposition incomplète, il manque : Personnes ressources, Connaissance du secteur, Nombre de jours et planning, Budget, CV et références des intervenants.',
    );
  });

  it('does not flag an offer at the ceiling, only above it', () => {
    const scoring = score([
      proposal('PRE-0094', 6000, ALL_FOURS),
      proposal('PRE-0095', 6000, ALL_FOURS, { priceCents: 600_001 }),
    ]);
    expect(scoring.proposals.map(codes)).toEqual([[], ['ABOVE_CEILING']]);
  });
});

describe('callWarnings', () => {
  it.each([
    [
      'all declined',
      ['ALL_DECLINED'],
      [aDeclinedSolicitation(), aDeclinedSolicitation({ providerId: 'PRE-0031' })],
    ],
    [
      'one proposal and one decline',
      ['FEW_POSSIBLE_PROPOSALS'],
      [aSolicitation(), aDeclinedSolicitation()],
    ],
    [
      'one pending and one decline',
      ['FEW_POSSIBLE_PROPOSALS'],
      [aPendingSolicitation(), aDeclinedSolicitation()],
    ],
    ['one proposal and one pending', [], [aSolicitation(), aPendingSolicitation()]],
    [
      'one late offer not admitted and one proposal',
      ['FEW_POSSIBLE_PROPOSALS'],
      [aSolicitation({ answer: 'Hors délai' }), aSolicitation()],
    ],
    ['one proposal retained', [], [aSolicitation({ decision: 'Retenu' }), aDeclinedSolicitation()]],
    ['nobody solicited yet', [], []],
  ] as const)('%s → %j', (_case, expected, solicitations) => {
    expect(callWarnings(MISSION, solicitations).map((w) => w.code)).toEqual(expected);
  });

  it('says what to do, in French', () => {
    expect(callWarnings(MISSION, [aSolicitation(), aDeclinedSolicitation()])[0]?.message).toBe(
      'Moins de 2 propositions possibles : sollicitez un autre prestataire.',
    );
    const all = score([aDeclinedSolicitation(), aDeclinedSolicitation({ providerId: 'PRE-0031' })]);
    expect(all.ranking).toEqual([]);
    expect(all.proposals.map((p) => p.status)).toEqual(['declined', 'declined']);
    expect(all.warnings.map((w) => w.message)).toEqual([
      'Tous les prestataires sollicités ont décliné : sollicitez d’autres prestataires.',
    ]);
  });
});

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
