import type { FundingLine } from '../mission-funding';
import type { MissionStatus } from '../mission-lifecycle';
import type { OperatorCode } from '../operator';
import type { SurveyDimensionKey } from '../satisfaction-survey';
import type { StoredRecord } from '../stored-record';
import type { IsoDate } from '../values/french-date';

/** One mission of one operator in the regional view. */
export interface RegionalMissionRow {
  readonly operator: OperatorCode;
  readonly missionId: string;
  readonly title: string | null;
  readonly status: MissionStatus;
  readonly statusLabel: string;
  readonly engineeringType: string | null;
  readonly requiredCompetence: string | null;
  /** The mission's sector, else its structure's. */
  readonly sector: string | null;
  /** The territory of the structure (never its town). */
  readonly territory: string | null;
  readonly beneficiaryLegalForm: string | null;
  readonly termsSentOn: IsoDate | null;
  readonly replyDeadline: IsoDate | null;
  readonly awardedOn: IsoDate | null;
  readonly agreementSignedOn: IsoDate | null;
  readonly kickoffOn: IsoDate | null;
  readonly plannedEndOn: IsoDate | null;
  /** The date the mid-mission note is due: typed, else halfway from kickoff to planned end. */
  readonly midNoteDueOn: IsoDate | null;
  readonly midNoteReceivedOn: IsoDate | null;
  /** Received by its due date; false once overdue and not received; null while not judged. */
  readonly midNoteOnTime: boolean | null;
  readonly restitutionOn: IsoDate | null;
  readonly finalReportReceivedOn: IsoDate | null;
  readonly balancePaidOn: IsoDate | null;
  readonly closedOn: IsoDate | null;
  readonly solicitationCount: number;
  /** Proposals received by the deadline, or late but admitted. */
  readonly proposalCount: number;
  /** Solicitations the consultant declined. */
  readonly declinedCount: number;
  /** Solicitations answered after the deadline (« Hors délai »), admitted or not. */
  readonly lateCount: number;
  readonly retainedProviderId: string | null;
  readonly retainedProviderName: string | null;
  readonly budgetCeilingCents: number | null;
  readonly retainedPriceCents: number | null;
  readonly estimatedDays: number | null;
  /** Days from the terms of reference sent to the award, both reached. */
  readonly daysTermsToAward: number | null;
  /** Days from the award to the restitution, both reached. */
  readonly daysAwardToRestitution: number | null;
  /** Days from the kickoff meeting to the restitution, both reached. */
  readonly daysKickoffToRestitution: number | null;
  readonly satisfactionScore: number | null;
  /** The « note globale » when typed, else the mean of the six survey dimensions scored. */
  readonly overallSatisfaction: number | null;
  /** The survey's six dimensions (guide, part III « Evaluation »), by dimension key. */
  readonly surveyScores: Readonly<Record<SurveyDimensionKey, number | null>>;
  /** The funders of the mission and their amounts (guide's funders, then partners). */
  readonly funding: readonly FundingLine[];
  /** The agreed price: the agreement's, else the retained proposal's. */
  readonly agreedPriceCents: number | null;
  /** The advance, counted once its date is reached. */
  readonly advancePaidCents: number | null;
  /** The balance amount, counted once its date is reached. */
  readonly balancePaidCents: number | null;
}

/** The indicators of one operator, or of the region (`scope: 'region'`). */
export interface IndicatorRow {
  readonly scope: OperatorCode | 'region';
  readonly name: string;
  /** Structures welcomed (beneficiaries recorded, not archived). */
  readonly structures: number;
  /** Structures served by missions, each once, every structure of a collective mission counted. */
  readonly structuresServed: number;
  readonly plans: number;
  readonly plansInProgress: number;
  readonly missions: number;
  readonly missionsByStatus: Readonly<Record<MissionStatus, number>>;
  /** Draft, call open, proposals under review. */
  readonly missionsInPreparation: number;
  /** Awarded and not closed nor interrupted. */
  readonly missionsOngoing: number;
  readonly missionsClosed: number;
  /** Suspended, reoriented or stopped. */
  readonly missionsInterrupted: number;
  readonly solicited: number;
  /** Solicitations answered: declined, proposal received, or received late. */
  readonly answered: number;
  /** answered / solicited, from 0 to 1; null without any solicitation. */
  readonly answerRate: number | null;
  /** Missions with at least one solicitation (a call for proposals). */
  readonly calls: number;
  readonly solicitationsPerCall: number | null;
  readonly proposalsPerCall: number | null;
  /** Sum of the budget ceilings of the awarded missions. */
  readonly committedCents: number;
  /** Sum of the retained prices of the awarded missions. */
  readonly awardedCents: number;
  /** Sum of the retained prices of the missions whose balance is paid. */
  readonly paidCents: number;
  readonly meanDaysTermsToAward: number | null;
  readonly meanDaysAwardToRestitution: number | null;
  readonly satisfactionAnswers: number;
  readonly meanSatisfaction: number | null;
  /** Missions whose mid-mission note could be judged (received, or overdue). */
  readonly midNotesDue: number;
  readonly midNotesOnTime: number;
  /** midNotesOnTime / midNotesDue, from 0 to 1; null when none could be judged. */
  readonly midNoteOnTimeShare: number | null;
  /** Restituted, no final report yet, balance not paid: the balance cannot be paid. */
  readonly balancesAwaitingReport: number;
  readonly surveysSent: number;
  /** The funding of the missions, summed per funder (« Partenaire … » per partner). */
  readonly fundingByFunder: Readonly<Record<string, number>>;
  /** Sum of the advances paid (dates reached). */
  readonly advancesPaidCents: number;
  /** Sum of the balance amounts paid (dates reached). */
  readonly balanceAmountsPaidCents: number;
}

/** What one provider of the register did across the six operators. */
export interface ProviderRow {
  readonly providerId: string;
  /** Null when the ID is not in the register. */
  readonly legalName: string | null;
  readonly sheetComplete: boolean | null;
  readonly solicited: number;
  /** Proposals sent, late ones included. */
  readonly proposals: number;
  readonly declined: number;
  readonly late: number;
  readonly retained: number;
  /** retained / proposals, from 0 to 1; null without any proposal. */
  readonly successRate: number | null;
  /** Retained missions whose restitution took place. */
  readonly missionsRestituted: number;
  readonly retainedAmountCents: number;
  readonly operators: readonly OperatorCode[];
  readonly lastSolicitedOn: IsoDate | null;
  /** Mean overall satisfaction of the retained missions (note globale, else the six dimensions). */
  readonly meanSatisfaction: number | null;
  /** Mean of each survey dimension over the retained missions, by dimension key. */
  readonly meanByDimension: Readonly<Record<SurveyDimensionKey, number | null>>;
}

/** The regional view: three tables and the instant they were computed at. */
export interface RegionalView {
  readonly missionRows: readonly RegionalMissionRow[];
  /** One row per operator in the guide's order, then the region total. */
  readonly indicatorRows: readonly IndicatorRow[];
  readonly providerRows: readonly ProviderRow[];
  /** ISO instant of the run. */
  readonly generatedAt: string;
}

/** What {@link consolidateRegion} reads. */
export interface RegionalInput {
  /** Every record of each operator, archived ones included (they are left out here). */
  readonly operators: Readonly<Record<OperatorCode, readonly StoredRecord[]>>;
  /** The regional register of providers. */
  readonly register: readonly StoredRecord[];
  /** The day in Paris: a milestone dated later is a plan, not a fact. */
  readonly today: IsoDate;
  /** The ISO instant of the run. */
  readonly at: string;
}
