import { DEFAULT_PARAMETERS } from '../../../../shared/domain/operator-parameters';
import { PARAMETERS_DOCUMENT } from '../../../../shared/use-cases/sync-workbook';
import { deriveCells } from '../../../../shared/domain/derived-columns';
import type { Mission } from '../../../../shared/domain/mission';
import type { Provider } from '../../../../shared/domain/provider';
import { RecordWorld } from '../../../../shared/domain/record-world';
import type { Solicitation } from '../../../../shared/domain/solicitation';
import type { StoredRecord } from '../../../../shared/domain/stored-record';
import { suggestForMission } from '../../../../shared/use-cases/suggest-providers';
import { missionAtStage } from '../../../support/builders/mission-builder';
import { aProviderSheet } from '../../../support/builders/provider-builder';
import {
  aDeclinedSolicitation,
  aPendingSolicitation,
  aSolicitation,
} from '../../../support/builders/solicitation-builder';
import { aBeneficiary, aRecordOf } from '../../../support/builders/stored-record-builder';
import { InMemoryRecordStore } from '../../../support/fakes/in-memory-record-store';

/*
 * CBE-LM's call for proposals MIS-CBE-LM-0042 (« Consolidation du modèle économique », sent on
 * 13/01/2025, replies by 07/02/2025) for a structure of Roubaix-Tourcoing, and a small register.
 * Points (SUGGESTION_POINTS): sector 15; territory: the structure's own 20, the whole Nord 15, the
 * whole region 12; complete sheet 10; satisfaction (mean − 3) × 5; 1 per mission retained; share
 * of the calls answered with a proposal × 10 (5 when never solicited).
 */
const MISSION_ID = 'MIS-CBE-LM-0042';
const SECTOR = "Insertion par l'activité économique";
const DURING_THE_CALL = '2025-01-20';

function provider(id: string, sheet: Partial<Provider>, archived = false): StoredRecord {
  return aRecordOf('provider', id, { ...aProviderSheet(sheet) }, archived);
}

function mission(id: string, data: Mission, archived = false): StoredRecord {
  return aRecordOf('mission', id, { ...data }, archived);
}

function solicitation(id: string, data: Solicitation): StoredRecord {
  return aRecordOf('solicitation', id, { ...data });
}

const STRUCTURE = aBeneficiary({
  id: 'STR-CBE-LM-0007',
  owner: 'CBE-LM',
  data: {
    name: 'Les Ateliers du Pile',
    identifier: 'W595004321',
    legalForm: 'Association loi 1901',
    sector: SECTOR,
    territory: 'Roubaix-Tourcoing',
    town: 'Roubaix',
    postalCode: '59100',
  },
});
const PLAN = aRecordOf('plan', 'ACC-CBE-LM-0007', {
  beneficiaryId: 'STR-CBE-LM-0007',
  diagnosticOn: '2024-12-02',
  status: 'En cours',
});
const CALL = missionAtStage('callOpen', {
  planId: 'ACC-CBE-LM-0007',
  requiredCompetence: 'Modèle économique',
  sector: SECTOR,
});

/** Two earlier calls of CBE-LM: PRE-0008 was retained and rated 5/5; PRE-0005 declined both. */
const HISTORY: StoredRecord[] = [
  mission(
    'MIS-CBE-LM-0040',
    missionAtStage('closed', { planId: 'ACC-CBE-LM-0007', satisfactionScore: 5 }),
  ),
  mission('MIS-CBE-LM-0041', missionAtStage('callOpen', { planId: 'ACC-CBE-LM-0007' })),
  solicitation(
    'SOL-CBE-LM-0001',
    aSolicitation({ missionId: 'MIS-CBE-LM-0040', providerId: 'PRE-0008', decision: 'Retenu' }),
  ),
  solicitation(
    'SOL-CBE-LM-0002',
    aDeclinedSolicitation({
      missionId: 'MIS-CBE-LM-0040',
      providerId: 'PRE-0005',
      solicitedOn: '2024-09-02',
    }),
  ),
  solicitation(
    'SOL-CBE-LM-0003',
    aDeclinedSolicitation({
      missionId: 'MIS-CBE-LM-0041',
      providerId: 'PRE-0005',
      solicitedOn: '2024-11-04',
    }),
  ),
];

const REGISTER: StoredRecord[] = [
  // 15 + 20 (Roubaix-Tourcoing) + 10 + 5 = 50
  provider('PRE-0001', { areas: ['Roubaix-Tourcoing'] }),
  // 15 + 12 (whole region) + 0 (no SIRET: incomplete) + 5 = 32
  provider('PRE-0002', {
    legalName: 'Région Solidaire Conseil',
    siret: null,
    town: 'Arras',
    email: 'contact@region-solidaire.fr',
    areas: ['Région entière'],
  }),
  // 0 (Culture only) + 20 + 10 + 5 = 35: the local complete sheet beats PRE-0002
  provider('PRE-0003', {
    legalName: 'Atelier Tisserand',
    town: 'Tourcoing',
    email: 'bonjour@atelier-tisserand.fr',
    sectors: ['Culture'],
    areas: ['Roubaix-Tourcoing'],
  }),
  // Already solicited for MIS-CBE-LM-0042: never suggested again.
  provider('PRE-0004', { legalName: 'Lys Conseil', areas: ['Roubaix-Tourcoing'] }),
  // 15 + 20 + 10 + 0 (declined both calls) = 45
  provider('PRE-0005', {
    legalName: 'Cabinet Deûle Stratégies',
    town: 'Roubaix',
    email: 'contact@deule-strategies.fr',
    areas: ['Roubaix-Tourcoing'],
  }),
  // Archived: never suggested.
  provider('PRE-0006', { areas: ['Roubaix-Tourcoing'] }, true),
  // Without the required competence: never suggested.
  provider('PRE-0007', { competences: ['Gouvernance'], areas: ['Roubaix-Tourcoing'] }),
  // 15 + 15 (whole Nord) + 10 + 10 (5/5) + 1 (one mission) + 10 (answered 1 of 1) = 61
  provider('PRE-0008', {
    legalName: 'Flandre Ingénierie Sociale',
    town: 'Hazebrouck',
    email: 'contact@flandre-ingenierie.fr',
    areas: ['Nord (59) — tout le département'],
  }),
];

function seededStore(extra: readonly StoredRecord[] = []): InMemoryRecordStore {
  const store = new InMemoryRecordStore();
  for (const r of [
    STRUCTURE,
    PLAN,
    mission(MISSION_ID, CALL),
    solicitation(
      'SOL-CBE-LM-0004',
      aPendingSolicitation({ missionId: MISSION_ID, providerId: 'PRE-0004' }),
    ),
    ...HISTORY,
    ...REGISTER,
    ...extra,
  ])
    store.records.set(r.id, r);
  return store;
}

async function suggested(
  options: Parameters<typeof suggestForMission>[2] = {},
  store = seededStore(),
): Promise<string[]> {
  const result = await suggestForMission({ store }, MISSION_ID, options);
  if (!result.ok) throw new Error(result.error.message);
  return result.value.suggestions.map((s) => s.providerId);
}

describe('suggestForMission — the consultants to solicit for a mission', () => {
  it('gives the mission, the structure’s territory and the best 4, with reasons and contact', async () => {
    const result = await suggestForMission({ store: seededStore() }, MISSION_ID, {});

    expect(result).toEqual({
      ok: true,
      value: {
        missionId: MISSION_ID,
        owner: 'CBE-LM',
        title: 'Consolidation du modèle économique',
        competence: 'Modèle économique',
        territory: 'Roubaix-Tourcoing',
        alreadySolicited: ['PRE-0004'],
        retainedProviderId: null,
        suggestions: [
          {
            providerId: 'PRE-0008',
            score: 61,
            reasons: [
              'compétence Modèle économique',
              `connaît le secteur ${SECTOR}`,
              'couvre tout le Nord',
              'fiche complète',
              'satisfaction 5/5 (1 mission évaluée)',
              '1 mission confiée',
              'a répondu par une proposition à 1 sollicitation sur 1',
            ],
            legalName: 'Flandre Ingénierie Sociale',
            email: 'contact@flandre-ingenierie.fr',
            town: 'Hazebrouck',
          },
          {
            providerId: 'PRE-0001',
            score: 50,
            reasons: [
              'compétence Modèle économique',
              `connaît le secteur ${SECTOR}`,
              'territoire couvert : Roubaix-Tourcoing',
              'fiche complète',
              'aucune mission avec cet opérateur',
            ],
            legalName: 'Cabinet Escaut Conseil',
            email: 'contact@escaut-conseil.fr',
            town: 'Lille',
          },
          {
            providerId: 'PRE-0005',
            score: 45,
            reasons: [
              'compétence Modèle économique',
              `connaît le secteur ${SECTOR}`,
              'territoire couvert : Roubaix-Tourcoing',
              'fiche complète',
              'aucune mission avec cet opérateur',
              'aucune proposition en réponse à 2 sollicitations',
            ],
            legalName: 'Cabinet Deûle Stratégies',
            email: 'contact@deule-strategies.fr',
            town: 'Roubaix',
          },
          {
            providerId: 'PRE-0003',
            score: 35,
            reasons: [
              'compétence Modèle économique',
              'territoire couvert : Roubaix-Tourcoing',
              'fiche complète',
              'aucune mission avec cet opérateur',
            ],
            legalName: 'Atelier Tisserand',
            email: 'bonjour@atelier-tisserand.fr',
            town: 'Tourcoing',
          },
        ],
      },
    });
  });

  it('ranks a local complete sheet above a region-wide incomplete one', async () => {
    const result = await suggestForMission({ store: seededStore() }, MISSION_ID, { limit: 5 });
    if (!result.ok) throw new Error(result.error.message);
    const [fourth, fifth] = result.value.suggestions.slice(3);
    expect(fourth).toMatchObject({ providerId: 'PRE-0003', score: 35 });
    expect(fifth).toMatchObject({
      providerId: 'PRE-0002',
      score: 32,
      reasons: expect.arrayContaining(['couvre toute la région', 'fiche incomplète (SIRET)']),
    });
  });

  it.each([
    [
      '4 by default (the guide solicits 2 to 4)',
      {},
      ['PRE-0008', 'PRE-0001', 'PRE-0005', 'PRE-0003'],
    ],
    ['1', { limit: 1 }, ['PRE-0008']],
    [
      'as many as there are (already solicited, archived and incompetent left out)',
      { limit: 20 },
      ['PRE-0008', 'PRE-0001', 'PRE-0005', 'PRE-0003', 'PRE-0002'],
    ],
    [
      'without those who declined the last 2 calls (PRE-0005)',
      { excludeDecliners: 2 },
      ['PRE-0008', 'PRE-0001', 'PRE-0003', 'PRE-0002'],
    ],
    [
      'with PRE-0005 still there when only the last 3 calls count (it was solicited twice)',
      { excludeDecliners: 3 },
      ['PRE-0008', 'PRE-0001', 'PRE-0005', 'PRE-0003'],
    ],
  ])('suggests %s', async (_label, options, expected) => {
    expect(await suggested(options)).toEqual(expected);
  });

  it.each([
    ['the operator’s « Paramètres » (2 refusals of suite) leave out PRE-0005', {}, false],
    ['--exclude-decliners 0 overrides them: PRE-0005 is back', { excludeDecliners: 0 }, true],
  ])('%s', async (_label, options, withDecliner) => {
    const store = seededStore();
    await store.writeDocument('CBE-LM', PARAMETERS_DOCUMENT, {
      ...DEFAULT_PARAMETERS,
      declinedCallsToExclude: 2,
    });
    expect((await suggested(options, store)).includes('PRE-0005')).toBe(withDecliner);
  });

  it('reads the ID as typed in a sheet or a terminal (lower case, spaces)', async () => {
    const result = await suggestForMission({ store: seededStore() }, '  mis-cbe-lm-0042 ', {});
    expect(result.ok && result.value.missionId).toBe(MISSION_ID);
  });

  it('names the retained consultant once the call is awarded, and never suggests it again', async () => {
    const store = seededStore([
      solicitation(
        'SOL-CBE-LM-0005',
        aSolicitation({ missionId: MISSION_ID, providerId: 'PRE-0008', decision: 'Retenu' }),
      ),
    ]);
    const result = await suggestForMission({ store }, MISSION_ID, {});
    expect(result.ok && result.value.retainedProviderId).toBe('PRE-0008');
    expect(result.ok && result.value.alreadySolicited).toEqual(['PRE-0004', 'PRE-0008']);
    expect(await suggested({}, store)).toEqual(['PRE-0001', 'PRE-0005', 'PRE-0003', 'PRE-0002']);
  });

  it('scores without territory when the mission’s plan is archived', async () => {
    const store = seededStore([{ ...PLAN, archived: true }]);
    const result = await suggestForMission({ store }, MISSION_ID, {});
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.territory).toBeNull();
    expect(result.value.suggestions.flatMap((s) => s.reasons)).not.toContainEqual(
      expect.stringMatching(/territoire|couvre/),
    );
  });

  it('gives the same consultants, in the same order, as the « Prestataires suggérés » column', async () => {
    const store = seededStore();
    const [state, register] = await Promise.all([store.loadOwner('CBE-LM'), store.loadRegister()]);
    const world = new RecordWorld(state.records, register);
    const record = world.get(MISSION_ID);
    if (record === undefined) throw new Error('no mission');
    const column = String(deriveCells(record, world, DURING_THE_CALL)['suggestedProviders']);

    expect(column.split(' ; ').map((s) => s.split(' ')[0])).toEqual(await suggested());
  });
});

describe('suggestForMission — what cannot be suggested, in French', () => {
  const store = seededStore([
    mission('MIS-CBE-LM-0043', { ...CALL, title: 'Projet abandonné' }, true),
    mission('MIS-CBE-LM-0044', { ...CALL, requiredCompetence: null }),
  ]);

  it.each([
    ['n’importe quoi', 'ID_INVALID', 'Identifiant « n’importe quoi » illisible'],
    ['MIS-XX-YY-0042', 'ID_INVALID', 'Identifiant « MIS-XX-YY-0042 » illisible'],
    ['MIS-CBE-LM-42', 'ID_INVALID', 'Identifiant « MIS-CBE-LM-42 » illisible'],
    ['PRE-0001', 'NOT_A_MISSION', '« PRE-0001 » n’est pas une mission'],
    ['SOL-CBE-LM-0004', 'NOT_A_MISSION', '« SOL-CBE-LM-0004 » n’est pas une mission'],
    ['MIS-CBE-LM-0099', 'MISSION_UNKNOWN', 'La mission MIS-CBE-LM-0099 n’existe pas'],
    // Another operator's mission is looked up in its own records only.
    ['MIS-EE-DK-0042', 'MISSION_UNKNOWN', 'La mission MIS-EE-DK-0042 n’existe pas'],
    ['MIS-CBE-LM-0043', 'MISSION_ARCHIVED', 'La mission MIS-CBE-LM-0043 est archivée'],
    [
      'MIS-CBE-LM-0044',
      'COMPETENCE_MISSING',
      'Indiquez la compétence requise de la mission MIS-CBE-LM-0044',
    ],
  ])('« %s » → %s', async (id, code, message) => {
    const result = await suggestForMission({ store }, id, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.message).toContain(message);
  });

  it('writes nothing to the store', async () => {
    const before = store.applyCalls;
    await suggestForMission({ store }, MISSION_ID, { limit: 20 });
    expect(store.applyCalls).toBe(before);
  });
});
