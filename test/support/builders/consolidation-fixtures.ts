import { aProviderSheet } from './provider-builder';
/**
 * A small, realistic regional data set for the consolidation and the register export: two
 * operators (CBE-LM and EE-DK) with structures, plans, missions at every kind of stage and their
 * solicitations, the four others empty, and three providers in the register. Every confidential
 * or free-text field holds {@link SECRET}, which no regional output may ever show.
 *
 * The dates are of 2026 and the day of the consolidation is {@link TODAY} (27/11/2026).
 *
 * @packageDocumentation
 */
import type { OperatorCode } from '../../../shared/domain/operator';
import type { RecordKind } from '../../../shared/domain/record-id';
import type { FieldJson, StoredRecord } from '../../../shared/domain/stored-record';
import { CREATED_AT } from './stored-record-builder';

/** The string hidden in every confidential or free-text field. */
export const SECRET = 'SECRET-ne-pas-diffuser-42';

/** The day of the consolidation. */
export const TODAY = '2026-11-27';

/** The instant of the consolidation: 08:05 in Paris (UTC+1 in November). */
export const AT = '2026-11-27T07:05:00.000Z';

type Data = Readonly<Record<string, FieldJson>>;

/** A stored record of the data set; what a refused cell kept (its raw value) is secret too. */
export function record(
  kind: RecordKind,
  id: string,
  owner: StoredRecord['owner'],
  data: Data,
  options: { archived?: boolean } = {},
): StoredRecord {
  return {
    id,
    kind,
    owner,
    data,
    fieldTimes: {},
    rejected:
      kind === 'provider'
        ? {}
        : { notes: { raw: SECRET, code: 'TEXT_TOO_LONG', message: `Refusé : ${SECRET}` } },
    archived: options.archived ?? false,
    version: 1,
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT,
  };
}

/** A structure whose identity, contact data and notes are all secret: only its sector, territory and legal form may leave. */
export function secretBeneficiary(
  id: string,
  owner: OperatorCode,
  open: { sector: string; territory: string; legalForm: string },
  options: { archived?: boolean } = {},
): StoredRecord {
  return record(
    'beneficiary',
    id,
    owner,
    {
      name: `Association ${SECRET}`,
      identifier: SECRET,
      legalForm: open.legalForm,
      sector: open.sector,
      territory: open.territory,
      town: SECRET,
      postalCode: SECRET,
      employeesFte: 4.5,
      contactName: SECRET,
      email: `${SECRET}@exemple.fr`,
      phone: SECRET,
      firstWelcomedOn: '2025-10-06',
      notes: `Difficultés de trésorerie — ${SECRET}`,
    },
    options,
  );
}

/** A plan whose diagnostic is secret. */
export function secretPlan(
  id: string,
  owner: OperatorCode,
  beneficiaryId: string,
  status: string,
): StoredRecord {
  return record('plan', id, owner, {
    beneficiaryId,
    diagnosticOn: '2025-11-03',
    issues: [SECRET],
    actions: ['Ingénierie individuelle'],
    status,
    plannedEndOn: '2026-12-31',
    followUpDiagnosticOn: null,
    diagnosticSummary: `Gouvernance fragile : ${SECRET}`,
  });
}

/** A mission: the milestones given, and secrets in every free-text field. */
export function mission(
  id: string,
  owner: OperatorCode,
  data: Data,
  options: { archived?: boolean } = {},
): StoredRecord {
  return record(
    'mission',
    id,
    owner,
    {
      engineeringType: 'Individuelle',
      requiredCompetence: 'Modèle économique',
      sector: null,
      estimatedDays: 8,
      interruptionReason: SECRET,
      scopeExtensionOn: null,
      scopeExtensionBy: SECRET,
      scopeExtensionReason: SECRET,
      ...data,
    },
    options,
  );
}

/** A solicitation, with a secret in a field no layout has (the allow-list must drop it too). */
export function solicitation(
  id: string,
  owner: OperatorCode,
  data: Data,
  options: { archived?: boolean } = {},
): StoredRecord {
  return record(
    'solicitation',
    id,
    owner,
    {
      answeredOn: null,
      priceCents: null,
      proposedDays: null,
      lateAdmitted: null,
      decision: null,
      understandingByOfficer: 4,
      notes: SECRET,
      ...data,
    },
    options,
  );
}

/** A provider of the register with a complete identification sheet unless overridden. */
export function registeredProvider(id: string, data: Data = {}): StoredRecord {
  return record('provider', id, 'C2RA', {
    ...aProviderSheet({ sectors: ['Culture'], consultants: 'Amandine Lefebvre; Karim Benali' }),
    ...data,
  });
}

/** The register of the data set: PRE-0002's sheet lacks its SIRET. */
export const REGISTER: readonly StoredRecord[] = [
  registeredProvider('PRE-0001'),
  registeredProvider('PRE-0002', {
    legalName: 'Atelier Coopératif du Littoral',
    siret: null,
    legalForm: 'SCOP',
    postalCode: '62100',
    town: 'Calais',
    competences: ['Gouvernance', 'Coopération et mutualisation'],
    sectors: ["Insertion par l'activité économique"],
    areas: ['Pas-de-Calais (62) — tout le département'],
  }),
  registeredProvider('PRE-0003', {
    legalName: 'Formaction Artois',
    siret: '55210055400013',
    legalForm: 'SAS',
    postalCode: '62000',
    town: 'Arras',
    competences: ['Fonction employeur et RH', 'Gestion financière'],
    sectors: ['Sport', 'Culture'],
    areas: ['Région entière'],
  }),
];

const CBE = 'CBE-LM';
const EE = 'EE-DK';

/**
 * CBE-LM: two structures (a third archived), two plans, three missions — MIS-CBE-LM-0001
 * evaluated, 0002 in progress with its mid-mission note overdue, 0003 a draft — and an archived
 * fourth whose solicitation must be ignored.
 */
export const CBE_LM_RECORDS: readonly StoredRecord[] = [
  secretBeneficiary('STR-CBE-LM-0001', CBE, {
    sector: 'Culture',
    territory: 'Métropole lilloise',
    legalForm: 'Association loi 1901',
  }),
  secretBeneficiary('STR-CBE-LM-0002', CBE, {
    sector: 'Sport',
    territory: 'Roubaix-Tourcoing',
    legalForm: 'Association loi 1901',
  }),
  secretBeneficiary(
    'STR-CBE-LM-0003',
    CBE,
    { sector: 'Santé', territory: 'Douaisis', legalForm: 'Fondation' },
    { archived: true },
  ),
  secretPlan('ACC-CBE-LM-0001', CBE, 'STR-CBE-LM-0001', 'En cours'),
  secretPlan('ACC-CBE-LM-0002', CBE, 'STR-CBE-LM-0002', 'Terminé'),
  mission('MIS-CBE-LM-0001', CBE, {
    planId: 'ACC-CBE-LM-0001',
    title: 'Consolidation du modèle économique',
    budgetCeilingCents: 600_000,
    termsSentOn: '2026-01-12',
    replyDeadline: '2026-02-06',
    awardedOn: '2026-02-16',
    agreementSignedOn: '2026-02-25',
    kickoffOn: '2026-03-02',
    plannedEndOn: '2026-06-30',
    midNoteReceivedOn: '2026-04-28',
    restitutionOn: '2026-06-26',
    finalReportReceivedOn: '2026-07-03',
    balancePaidOn: '2026-07-20',
    surveySentOn: '2026-07-22',
    surveyAnsweredOn: '2026-08-03',
    satisfactionScore: 4,
    scopeExtensionOn: '2026-05-12',
  }),
  mission('MIS-CBE-LM-0002', CBE, {
    planId: 'ACC-CBE-LM-0002',
    title: 'Structuration de la fonction employeur',
    requiredCompetence: 'Fonction employeur et RH',
    budgetCeilingCents: 450_000,
    termsSentOn: '2026-09-01',
    replyDeadline: '2026-09-25',
    awardedOn: '2026-10-05',
    agreementSignedOn: '2026-10-12',
    kickoffOn: '2026-10-15',
    plannedEndOn: '2027-01-15',
    midNoteDueOn: '2026-11-20',
  }),
  mission('MIS-CBE-LM-0003', CBE, {
    planId: 'ACC-CBE-LM-0001',
    title: 'Stratégie de communication',
    requiredCompetence: 'Communication',
    budgetCeilingCents: 300_000,
  }),
  mission(
    'MIS-CBE-LM-0004',
    CBE,
    {
      planId: 'ACC-CBE-LM-0001',
      title: 'Mission supprimée',
      budgetCeilingCents: 999_900,
      awardedOn: '2026-03-01',
    },
    { archived: true },
  ),
  solicitation('SOL-CBE-LM-0001', CBE, {
    missionId: 'MIS-CBE-LM-0001',
    providerId: 'PRE-0001',
    solicitedOn: '2026-01-12',
    answer: 'Proposition reçue',
    answeredOn: '2026-02-02',
    priceCents: 540_000,
    decision: 'Retenu',
  }),
  solicitation('SOL-CBE-LM-0002', CBE, {
    missionId: 'MIS-CBE-LM-0001',
    providerId: 'PRE-0002',
    solicitedOn: '2026-01-12',
    answer: 'Décliné',
    answeredOn: '2026-01-14',
  }),
  solicitation('SOL-CBE-LM-0003', CBE, {
    missionId: 'MIS-CBE-LM-0001',
    providerId: 'PRE-0003',
    solicitedOn: '2026-01-12',
    answer: 'Proposition reçue',
    answeredOn: '2026-02-05',
    priceCents: 612_000,
    decision: 'Non retenu',
  }),
  solicitation('SOL-CBE-LM-0004', CBE, {
    missionId: 'MIS-CBE-LM-0002',
    providerId: 'PRE-0003',
    solicitedOn: '2026-09-01',
    answer: 'Proposition reçue',
    answeredOn: '2026-09-22',
    priceCents: 430_000,
    decision: 'Retenu',
  }),
  solicitation('SOL-CBE-LM-0005', CBE, {
    missionId: 'MIS-CBE-LM-0002',
    providerId: 'PRE-0001',
    solicitedOn: '2026-09-01',
    answer: 'Hors délai',
    answeredOn: '2026-09-29',
    priceCents: 400_000,
    lateAdmitted: false,
    decision: 'Non retenu',
  }),
  solicitation('SOL-CBE-LM-0006', CBE, {
    missionId: 'MIS-CBE-LM-0002',
    providerId: 'PRE-0002',
    solicitedOn: '2026-09-01',
    answer: 'En attente',
  }),
  solicitation('SOL-CBE-LM-0007', CBE, {
    missionId: 'MIS-CBE-LM-0004',
    providerId: 'PRE-0002',
    solicitedOn: '2026-02-01',
    answer: 'Proposition reçue',
    priceCents: 999_900,
    decision: 'Retenu',
  }),
];

/**
 * EE-DK: one structure and plan, four missions — MIS-EE-DK-0001 closed with a late mid-mission
 * note, 0002 stopped before its note was due, 0003 with its call open, 0004 whose terms will only
 * be sent on 01/12/2026 (a plan, still a draft).
 */
export const EE_DK_RECORDS: readonly StoredRecord[] = [
  secretBeneficiary('STR-EE-DK-0001', EE, {
    sector: "Insertion par l'activité économique",
    territory: 'Dunkerquois',
    legalForm: "Chantier d'insertion (ACI)",
  }),
  secretPlan('ACC-EE-DK-0001', EE, 'STR-EE-DK-0001', 'En cours'),
  mission('MIS-EE-DK-0001', EE, {
    planId: 'ACC-EE-DK-0001',
    title: 'Diversification des ressources',
    requiredCompetence: 'Recherche de financements',
    budgetCeilingCents: 800_000,
    termsSentOn: '2026-02-02',
    replyDeadline: '2026-02-27',
    awardedOn: '2026-03-09',
    agreementSignedOn: '2026-03-16',
    kickoffOn: '2026-03-23',
    plannedEndOn: '2026-07-10',
    midNoteReceivedOn: '2026-05-20',
    restitutionOn: '2026-07-08',
    finalReportReceivedOn: '2026-07-15',
    balancePaidOn: '2026-07-31',
    surveySentOn: '2026-08-03',
    surveyAnsweredOn: '2026-08-20',
    satisfactionScore: 5,
    closedOn: '2026-09-30',
  }),
  mission('MIS-EE-DK-0002', EE, {
    planId: 'ACC-EE-DK-0001',
    title: 'Gouvernance et vie associative',
    requiredCompetence: 'Gouvernance',
    budgetCeilingCents: 500_000,
    termsSentOn: '2026-04-06',
    replyDeadline: '2026-04-30',
    awardedOn: '2026-05-11',
    agreementSignedOn: '2026-05-18',
    kickoffOn: '2026-05-26',
    plannedEndOn: '2026-09-30',
    interruptionKind: 'Arrêt',
    interruptionOn: '2026-07-01',
  }),
  mission('MIS-EE-DK-0003', EE, {
    planId: 'ACC-EE-DK-0001',
    title: 'Plan de développement commercial',
    requiredCompetence: 'Développement commercial',
    budgetCeilingCents: 350_000,
    termsSentOn: '2026-11-16',
    replyDeadline: '2026-12-11',
  }),
  mission('MIS-EE-DK-0004', EE, {
    planId: 'ACC-EE-DK-0001',
    title: 'Outils de gestion financière',
    requiredCompetence: 'Gestion financière',
    budgetCeilingCents: 200_000,
    termsSentOn: '2026-12-01',
  }),
  solicitation('SOL-EE-DK-0001', EE, {
    missionId: 'MIS-EE-DK-0001',
    providerId: 'PRE-0001',
    solicitedOn: '2026-02-02',
    answer: 'Proposition reçue',
    answeredOn: '2026-02-20',
    priceCents: 750_000,
    decision: 'Retenu',
  }),
  solicitation('SOL-EE-DK-0002', EE, {
    missionId: 'MIS-EE-DK-0001',
    providerId: 'PRE-0003',
    solicitedOn: '2026-02-02',
    answer: 'Proposition reçue',
    answeredOn: '2026-02-25',
    priceCents: 780_000,
    decision: 'Non retenu',
  }),
  solicitation('SOL-EE-DK-0003', EE, {
    missionId: 'MIS-EE-DK-0002',
    providerId: 'PRE-0002',
    solicitedOn: '2026-04-06',
    answer: 'Proposition reçue',
    answeredOn: '2026-04-24',
    priceCents: 480_000,
    decision: 'Retenu',
  }),
  solicitation('SOL-EE-DK-0004', EE, {
    missionId: 'MIS-EE-DK-0002',
    providerId: 'PRE-0001',
    solicitedOn: '2026-04-06',
    answer: 'Décliné',
    answeredOn: '2026-04-08',
  }),
  solicitation('SOL-EE-DK-0005', EE, {
    missionId: 'MIS-EE-DK-0003',
    providerId: 'PRE-0001',
    solicitedOn: '2026-11-16',
    answer: 'En attente',
  }),
  solicitation('SOL-EE-DK-0006', EE, {
    missionId: 'MIS-EE-DK-0003',
    providerId: 'PRE-0003',
    solicitedOn: '2026-11-16',
    answer: 'Proposition reçue',
    answeredOn: '2026-11-25',
    priceCents: 340_000,
  }),
  solicitation('SOL-EE-DK-0007', EE, {
    missionId: 'MIS-EE-DK-0003',
    providerId: 'PRE-0002',
    solicitedOn: '2026-11-16',
    answer: 'Décliné',
    answeredOn: '2026-11-18',
  }),
];

/** The records of every operator: CBE-LM and EE-DK as above, the four others empty. */
export function operatorRecords(): Record<OperatorCode, readonly StoredRecord[]> {
  return {
    'CBE-LM': CBE_LM_RECORDS,
    'EE-DK': EE_DK_RECORDS,
    'NA-DEN': [],
    'NA-LIL': [],
    'I62-LEN': [],
    'I62-CAL': [],
  };
}

/** Every record of the data set, register included, to seed a store. */
export function allRecords(): StoredRecord[] {
  return [...REGISTER, ...CBE_LM_RECORDS, ...EE_DK_RECORDS];
}
