import type { MissionStatus } from '../../../shared/domain/mission-lifecycle';
import { FINAL_REPORT_CONTENTS } from '../../../shared/domain/final-report';
import type { Mission } from '../../../shared/domain/mission';

/** A mission d'ingénierie of the CBE de Lille Métropole with every field present, none of its milestones reached. */
export function aMission(overrides: Partial<Mission> = {}): Mission {
  return {
    planId: 'ACC-CBE-LM-0007',
    engineeringType: 'Individuelle',
    otherPlanIds: null,
    title: 'Consolidation du modèle économique',
    officerEmail: 'camille.durand@cbe-lille.fr',
    requiredCompetence: 'Modèle économique',
    sector: "Insertion par l'activité économique",
    budgetCeilingCents: 600_000,
    scoringWeights: null,
    estimatedDays: 8,
    termsSentOn: null,
    replyDeadline: null,
    awardedOn: null,
    agreementSignedOn: null,
    kickoffOn: null,
    plannedEndOn: null,
    midNoteDueOn: null,
    midNoteReceivedOn: null,
    restitutionOn: null,
    finalReportReceivedOn: null,
    finalReportContents: null,
    recommendationsDueOn: null,
    funding: null,
    agreedPriceCents: null,
    advanceCents: null,
    advancePaidOn: null,
    balanceCents: null,
    balancePaidOn: null,
    surveySentOn: null,
    surveyAnsweredOn: null,
    satisfactionScore: null,
    surveyModalities: null,
    surveyProgress: null,
    surveyCompetence: null,
    surveyResults: null,
    surveyImpact: null,
    surveyDurability: null,
    closedOn: null,
    followUpDiagnosticOn: null,
    warningOn: null,
    warningReason: null,
    interruptionKind: null,
    interruptionOn: null,
    interruptionReason: null,
    interruptionDecisionOn: null,
    scopeExtensionOn: null,
    scopeExtensionBy: null,
    scopeExtensionReason: null,
    ...overrides,
  };
}

/** The stages a mission goes through when nothing interrupts it, in order. */
export const MISSION_STAGES = [
  'draft',
  'callOpen',
  'proposalsUnderReview',
  'awarded',
  'agreementSigned',
  'inProgress',
  'midNoteReceived',
  'restituted',
  'balancePaid',
  'evaluated',
  'closed',
] as const satisfies readonly MissionStatus[];

/** A stage of an uninterrupted mission. */
export type MissionStage = (typeof MISSION_STAGES)[number];

/** The milestones each stage adds to the previous one, along a coherent 2025 calendar. */
const STAGE_MILESTONES: Readonly<Record<MissionStage, Partial<Mission>>> = {
  draft: {},
  callOpen: { termsSentOn: '2025-01-13', replyDeadline: '2025-02-07' },
  // The same dates: only the deadline passing (or every answer) moves the call on.
  proposalsUnderReview: {},
  awarded: { awardedOn: '2025-02-20' },
  agreementSigned: { agreementSignedOn: '2025-03-05' },
  inProgress: { kickoffOn: '2025-03-12', plannedEndOn: '2025-06-30' },
  midNoteReceived: { midNoteReceivedOn: '2025-05-06' },
  restituted: { restitutionOn: '2025-06-26' },
  balancePaid: {
    finalReportReceivedOn: '2025-07-03',
    finalReportContents: [...FINAL_REPORT_CONTENTS],
    balancePaidOn: '2025-07-21',
  },
  evaluated: { surveySentOn: '2025-07-23', surveyAnsweredOn: '2025-08-04', satisfactionScore: 4 },
  closed: { closedOn: '2025-09-15' },
};

/** A day after every milestone of the builders' calendar, to derive statuses « today ». */
export const AFTER_ALL_MILESTONES = '2025-12-01';

/**
 * A mission whose milestones are filled, coherently, up to `stage` (and none beyond); the
 * call for proposals of 13/01/2025 closes on 07/02/2025.
 */
export function missionAtStage(stage: MissionStage, overrides: Partial<Mission> = {}): Mission {
  const upTo = MISSION_STAGES.slice(0, MISSION_STAGES.indexOf(stage) + 1);
  const milestones = upTo.reduce<Partial<Mission>>(
    (acc, s) => ({ ...acc, ...STAGE_MILESTONES[s] }),
    {},
  );
  return aMission({ ...milestones, ...overrides });
}
