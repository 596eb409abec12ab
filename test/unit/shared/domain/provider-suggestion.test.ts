import { deriveCells } from '../../../../shared/domain/derived-columns';
import type { Mission } from '../../../../shared/domain/mission';
import {
  SUGGESTION_POINTS,
  providerHistoryFrom,
  suggestProviders,
  type ProviderHistory,
  type SuggestionInput,
} from '../../../../shared/domain/provider-suggestion';
import { RecordWorld, type WorldRecord } from '../../../../shared/domain/record-world';
import { TERRITORIES, territoryDepartment } from '../../../../shared/domain/reference-lists';
import { aMission, missionAtStage } from '../../../support/builders/mission-builder';
import { aRegisterEntry } from '../../../support/builders/provider-builder';
import {
  aDeclinedSolicitation,
  aPendingSolicitation,
  aSolicitation,
} from '../../../support/builders/solicitation-builder';

/**
 * Points (see SUGGESTION_POINTS): known sector 15; territory: the structure's own 20, the whole
 * département 15, the whole region 12, not covered 0; complete sheet 10; satisfaction
 * (mean − 3) × 5; 1 per mission retained (up to 5); answer rate × 10 (5 when never solicited);
 * −5 per mission in progress.
 */
const MISSION: Mission = aMission({
  requiredCompetence: 'Modèle économique',
  sector: "Insertion par l'activité économique",
});
const SECTOR = "Insertion par l'activité économique";

function input(overrides: Partial<SuggestionInput> = {}): SuggestionInput {
  return {
    mission: MISSION,
    beneficiaryTerritory: 'Dunkerquois',
    register: [],
    history: [],
    alreadySolicited: [],
    ...overrides,
  };
}

function aHistory(providerId: string, overrides: Partial<ProviderHistory> = {}): ProviderHistory {
  return {
    providerId,
    solicited: 0,
    answered: 0,
    declined: 0,
    pending: 0,
    retained: 0,
    currentMissions: 0,
    satisfactionScores: [],
    recentAnswers: [],
    ...overrides,
  };
}

describe('suggestProviders — matching the register', () => {
  const register = [
    // 15 (sector) + 20 (Dunkerquois) + 10 (complete) + 5 (never solicited) = 50
    aRegisterEntry('PRE-0001', { areas: ['Dunkerquois'] }),
    // 0 (sector: Culture only) + 15 (whole Nord) + 10 + 5 = 30
    aRegisterEntry('PRE-0002', {
      sectors: ['Culture'],
      areas: ['Nord (59) — tout le département'],
    }),
    // 15 + 12 (whole region) + 0 (no SIRET: incomplete) + 5 = 32
    aRegisterEntry('PRE-0003', { siret: null, areas: ['Région entière'] }),
    // 15 + 0 (Calaisis is not the Dunkerquois) + 10 + 5 = 30, tied with PRE-0002: the lower ID first
    aRegisterEntry('PRE-0004', { areas: ['Calaisis'] }),
    // Without the required competence: never suggested.
    aRegisterEntry('PRE-0005', { competences: ['Gouvernance'], areas: ['Dunkerquois'] }),
    // Archived: never suggested.
    aRegisterEntry('PRE-0006', { areas: ['Dunkerquois'] }, true),
    // Already solicited for this mission.
    aRegisterEntry('PRE-0007', { areas: ['Dunkerquois'] }),
  ];
  const suggestions = suggestProviders(input({ register, alreadySolicited: ['PRE-0007'] }));

  it('keeps the competent, active, not yet solicited consultants, best first, ties by ID', () => {
    expect(suggestions.map((s) => [s.providerId, s.score])).toEqual([
      ['PRE-0001', 50],
      ['PRE-0003', 32],
      ['PRE-0002', 30],
      ['PRE-0004', 30],
    ]);
  });

  it('explains each suggestion in French', () => {
    expect(suggestions.map((s) => s.reasons)).toEqual([
      [
        'compétence Modèle économique',
        `connaît le secteur ${SECTOR}`,
        'territoire couvert : Dunkerquois',
        'fiche complète',
        'aucune mission avec cet opérateur',
      ],
      [
        'compétence Modèle économique',
        `connaît le secteur ${SECTOR}`,
        'couvre toute la région',
        'fiche incomplète (SIRET)',
        'aucune mission avec cet opérateur',
      ],
      [
        'compétence Modèle économique',
        'couvre tout le Nord',
        'fiche complète',
        'aucune mission avec cet opérateur',
      ],
      [
        'compétence Modèle économique',
        `connaît le secteur ${SECTOR}`,
        'territoire non couvert : Dunkerquois',
        'fiche complète',
        'aucune mission avec cet opérateur',
      ],
    ]);
  });

  it('suggests nobody without a required competence', () => {
    expect(
      suggestProviders(input({ mission: { ...MISSION, requiredCompetence: null }, register })),
    ).toEqual([]);
  });

  it('stops at the limit: 4 by default, fewer when asked', () => {
    const many = Array.from({ length: 7 }, (_, i) =>
      aRegisterEntry(`PRE-01${String(i).padStart(2, '0')}`),
    );
    expect(suggestProviders(input({ register: many }))).toHaveLength(4);
    expect(suggestProviders(input({ register: many, limit: 2 })).map((s) => s.providerId)).toEqual([
      'PRE-0100',
      'PRE-0101',
    ]);
  });

  it('covers a structure working across a whole département with local consultants, a little', () => {
    const scoped = suggestProviders(
      input({
        beneficiaryTerritory: 'Pas-de-Calais (62) — tout le département',
        register: [
          aRegisterEntry('PRE-0001', { areas: ['Calaisis'] }),
          aRegisterEntry('PRE-0002', { areas: ['Pas-de-Calais (62) — tout le département'] }),
          aRegisterEntry('PRE-0003', { areas: ['Dunkerquois'] }),
        ],
      }),
    );
    // 15 + 20 (the territory itself) + 10 + 5; 15 + 6 (part of it) + 10 + 5; 15 + 0 + 10 + 5
    expect(scoped.map((s) => [s.providerId, s.score])).toEqual([
      ['PRE-0002', 50],
      ['PRE-0001', 36],
      ['PRE-0003', 30],
    ]);
  });

  // An area outside the reference list (an old fiche) is matched by name, the others by bit.
  it.each([
    ['the reference list only', ['Dunkerquois'], 50],
    ['an area outside it too', ['Zone littorale (ancienne)', 'Dunkerquois'], 50],
    [
      'a département-wide area outside it too',
      ['Zone littorale (ancienne)', 'Nord (59) — tout le département'],
      45,
    ],
    ['only an area outside it', ['Zone littorale (ancienne)'], 30],
  ])('scores the territory the same whatever the areas: %s', (_case, areas, score) => {
    const [suggestion] = suggestProviders(
      input({ register: [aRegisterEntry('PRE-0001', { areas })] }),
    );
    expect(suggestion?.score).toBe(score);
  });

  // A sector outside the reference list (an old fiche or mission) is matched by name, the others
  // by bit: 15 (sector) + 20 (Dunkerquois) + 10 (complete) + 5 (never solicited) = 50, or 35.
  it.each([
    ['a sector of the list, known', SECTOR, [SECTOR], 50],
    ['a sector of the list, known among an old one', SECTOR, ['Textile (ancien)', SECTOR], 50],
    ['a sector of the list, only an old one known', SECTOR, ['Textile (ancien)'], 35],
    ['an old sector, known by name', 'Textile (ancien)', ['Textile (ancien)'], 50],
    ['an old sector, not known', 'Textile (ancien)', [SECTOR], 35],
    ['no sector on the mission', null, [SECTOR], 35],
  ])('scores the sector the same whatever the lists: %s', (_case, sector, sectors, score) => {
    const [suggestion] = suggestProviders(
      input({
        mission: { ...MISSION, sector },
        register: [aRegisterEntry('PRE-0001', { sectors, areas: ['Dunkerquois'] })],
      }),
    );
    expect(suggestion?.score).toBe(score);
  });

  it('knows the département of every territory of the reference list', () => {
    const named = TERRITORIES.filter((t) => t !== 'Région entière' && t !== 'Hors région');
    expect(named.filter((t) => territoryDepartment(t) === null)).toEqual([]);
    expect(territoryDepartment('Hors région')).toBeNull();
  });
});

describe('suggestProviders — past quality and spreading the work', () => {
  // Same base for all four: sector 15 + Dunkerquois 20 + complete 10 = 45.
  const register = ['PRE-0010', 'PRE-0011', 'PRE-0012', 'PRE-0013'].map((id) =>
    aRegisterEntry(id, { areas: ['Dunkerquois'] }),
  );
  const history = [
    // 45 + (4,5 − 3) × 5 = 7,5 + 2 missions + 3/4 × 10 = 7,5 − 1 in progress × 5 = 57
    aHistory('PRE-0010', {
      solicited: 4,
      answered: 3,
      declined: 1,
      retained: 2,
      currentMissions: 1,
      satisfactionScores: [5, 4],
    }),
    // 45 + (2 − 3) × 5 = −5 + 1 mission + 1/1 × 10 = 51
    aHistory('PRE-0012', { solicited: 1, answered: 1, retained: 1, satisfactionScores: [2] }),
    // 45 + 3 missions + 3/3 × 10 − 3 in progress × 5 = 43
    aHistory('PRE-0013', { solicited: 3, answered: 3, retained: 3, currentMissions: 3 }),
  ];
  // PRE-0011, never solicited: 45 + 5 = 50

  it('ranks by satisfaction, missions and answer rate, minus the missions in progress', () => {
    const suggestions = suggestProviders(input({ register, history }));
    expect(suggestions.map((s) => [s.providerId, s.score])).toEqual([
      ['PRE-0010', 57],
      ['PRE-0012', 51],
      ['PRE-0011', 50],
      ['PRE-0013', 43],
    ]);
    expect(suggestions[0]?.reasons.slice(4)).toEqual([
      'satisfaction 4,5/5 (2 missions évaluées)',
      '2 missions confiées',
      'a répondu par une proposition à 3 sollicitations sur 4',
      '1 mission en cours',
    ]);
    expect(SUGGESTION_POINTS.perCurrentMission).toBe(5);
  });

  it.each([
    [{ solicited: 1, answered: 0, declined: 1 }, 'aucune proposition en réponse à 1 sollicitation'],
    [
      { solicited: 3, answered: 0, declined: 3 },
      'aucune proposition en réponse à 3 sollicitations',
    ],
    [
      { solicited: 3, answered: 1, declined: 2 },
      'a répondu par une proposition à 1 sollicitation sur 3',
    ],
  ])('explains an answer rate of %j as « %s »', (figures, reason) => {
    const [suggestion] = suggestProviders(
      input({ register: register.slice(0, 1), history: [aHistory('PRE-0010', figures)] }),
    );
    expect(suggestion?.reasons).toContain(reason);
  });

  it('leaves out those who declined each of the last N calls, only when asked', () => {
    const decliner = aHistory('PRE-0011', {
      solicited: 4,
      answered: 1,
      declined: 2,
      pending: 1,
      recentAnswers: ['pending', 'declined', 'declined', 'proposal'],
    });
    const ids = (n?: number) =>
      suggestProviders(
        input({
          register,
          history: [decliner],
          ...(n === undefined ? {} : { excludeDecliners: { operatorDeclinedLastN: n } }),
        }),
      ).map((s) => s.providerId);
    expect(ids()).toContain('PRE-0011');
    expect(ids(2)).not.toContain('PRE-0011');
    expect(ids(3)).toContain('PRE-0011');
  });
});

describe('providerHistoryFrom', () => {
  it('counts solicitations, answers, missions in progress and satisfaction, newest call first', () => {
    const missions = [
      // Closed, satisfaction 5, awarded to PRE-0010.
      { id: 'MIS-1', mission: missionAtStage('closed', { satisfactionScore: 5 }) },
      // In progress, awarded to PRE-0010.
      { id: 'MIS-2', mission: missionAtStage('inProgress') },
      // Stopped before the restitution, awarded to PRE-0012: no longer a current mission.
      {
        id: 'MIS-3',
        mission: missionAtStage('inProgress', {
          interruptionKind: 'Arrêt',
          interruptionOn: '2025-04-01',
          interruptionReason: 'Structure en liquidation',
        }),
      },
    ];
    const solicitations = [
      {
        id: 'SOL-1',
        solicitation: aSolicitation({
          missionId: 'MIS-1',
          providerId: 'PRE-0010',
          solicitedOn: '2024-03-01',
          decision: 'Retenu',
        }),
      },
      {
        id: 'SOL-2',
        solicitation: aSolicitation({
          missionId: 'MIS-2',
          providerId: 'PRE-0010',
          solicitedOn: '2025-01-13',
          decision: 'Retenu',
        }),
      },
      {
        id: 'SOL-3',
        solicitation: aDeclinedSolicitation({
          missionId: 'MIS-3',
          providerId: 'PRE-0010',
          solicitedOn: '2024-09-02',
        }),
      },
      {
        id: 'SOL-4',
        solicitation: aSolicitation({
          missionId: 'MIS-3',
          providerId: 'PRE-0012',
          solicitedOn: '2024-09-02',
          decision: 'Retenu',
        }),
      },
      {
        id: 'SOL-5',
        solicitation: aPendingSolicitation({
          missionId: 'MIS-2',
          providerId: 'PRE-0012',
          solicitedOn: null,
        }),
      },
    ];
    expect(providerHistoryFrom({ missions, solicitations })).toEqual([
      {
        providerId: 'PRE-0010',
        solicited: 3,
        answered: 2,
        declined: 1,
        pending: 0,
        retained: 2,
        currentMissions: 1,
        satisfactionScores: [5],
        // 13/01/2025, 02/09/2024, 01/03/2024
        recentAnswers: ['proposal', 'declined', 'proposal'],
      },
      {
        providerId: 'PRE-0012',
        solicited: 2,
        answered: 1,
        declined: 0,
        pending: 1,
        retained: 1,
        currentMissions: 0,
        satisfactionScores: [],
        // SOL-5 has no date of its own: the terms of MIS-2 were sent on 13/01/2025.
        recentAnswers: ['pending', 'proposal'],
      },
    ]);
  });
});

describe('the « Missions » tab lists the suggested consultants (deriveCells)', () => {
  const records = (mission: Mission, solicitationProvider = 'PRE-0007'): WorldRecord[] => [
    {
      id: 'STR-CBE-LM-0001',
      kind: 'beneficiary',
      data: { name: 'Les Jardins du Littoral', territory: 'Dunkerquois' },
      archived: false,
    },
    {
      id: 'ACC-CBE-LM-0007',
      kind: 'plan',
      data: { beneficiaryId: 'STR-CBE-LM-0001' },
      archived: false,
    },
    { id: 'MIS-CBE-LM-0042', kind: 'mission', data: { ...mission }, archived: false },
    {
      id: 'SOL-CBE-LM-0001',
      kind: 'solicitation',
      data: { ...aPendingSolicitation({ providerId: solicitationProvider }) },
      archived: false,
    },
  ];
  const register: WorldRecord[] = [
    aRegisterEntry('PRE-0001', { areas: ['Calaisis'] }),
    aRegisterEntry('PRE-0002', { areas: ['Dunkerquois'] }),
    aRegisterEntry('PRE-0007', { areas: ['Dunkerquois'] }),
  ].map((e) => ({ id: e.id, kind: 'provider', data: { ...e.provider }, archived: false }));

  function cell(mission: Mission): unknown {
    const world = new RecordWorld(records(mission), register);
    const record = world.get('MIS-CBE-LM-0042');
    if (!record) throw new Error('mission missing');
    return deriveCells(record, world, '2025-03-01')['suggestedProviders'];
  }

  it('finds the territory through the plan and the structure, and skips those already solicited', () => {
    const world = new RecordWorld(records(MISSION), register);
    expect(world.beneficiaryTerritoryOf('MIS-CBE-LM-0042')).toBe('Dunkerquois');
    expect(cell(missionAtStage('callOpen', { sector: SECTOR }))).toBe(
      `PRE-0002 (connaît le secteur ${SECTOR}, territoire couvert : Dunkerquois, fiche complète, aucune mission avec cet opérateur) ; ` +
        `PRE-0001 (connaît le secteur ${SECTOR}, territoire non couvert : Dunkerquois, fiche complète, aucune mission avec cet opérateur)`,
    );
  });

  it('says what is missing without a competence, and nothing once the mission is awarded', () => {
    expect(cell(missionAtStage('callOpen', { requiredCompetence: null }))).toBe(
      'Indiquez la compétence requise pour obtenir des suggestions.',
    );
    expect(cell(missionAtStage('awarded'))).toBe('');
  });
});
