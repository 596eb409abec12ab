/**
 * The demo's working records before they become rows: a mission and its calendar, its
 * solicitations, the plan and structure it belongs to. Sequences are set once every draft of a
 * kind exists, in the order a chargé de mission entered them (the order IDs follow).
 */
import type { MissionStatus } from '../../shared/domain/mission-lifecycle';
import type { SOLICITATION_FIELDS } from '../../shared/domain/solicitation';
import type { CellValue } from '../../shared/domain/values/cell-value';
import type { ProviderDraft } from './demo-register';
import type { Town } from './demo-towns.data';
import type { StructureKind } from './demo-vocabulary.data';

/** The dated milestones of a mission, as day offsets. */
export type MilestoneKey =
  | 'termsSentOn'
  | 'replyDeadline'
  | 'awardedOn'
  | 'agreementSignedOn'
  | 'kickoffOn'
  | 'plannedEndOn'
  | 'midNoteReceivedOn'
  | 'restitutionOn'
  | 'finalReportReceivedOn'
  | 'balancePaidOn'
  | 'surveySentOn'
  | 'surveyAnsweredOn'
  | 'closedOn'
  | 'followUpDiagnosticOn';

export interface Interruption {
  readonly kind: 'Suspension' | 'Réorientation' | 'Arrêt';
  /** The consultant's warning, a few days before the DLA's decision. */
  readonly warnedOn: number;
  readonly on: number;
  readonly reason: string;
  readonly decisionOn: number | null;
}

export interface ScopeExtension {
  readonly on: number;
  readonly by: string;
  readonly reason: string;
}

export interface MissionDraft {
  sequence: number;
  readonly stage: MissionStatus;
  readonly engineeringType: 'Individuelle' | 'Collective';
  readonly competence: string;
  readonly title: string;
  readonly budgetEuros: number;
  readonly estimatedDays: number;
  /** Milestone dates in days relative to today (negative: past); absent when not filled in. */
  readonly dates: Partial<Record<MilestoneKey, number>>;
  /** When the mission was written: its terms of reference, or a recent day for a draft. */
  readonly refDay: number;
  readonly interruption: Interruption | null;
  readonly scopeExtension: ScopeExtension | null;
  readonly satisfaction: number | null;
  readonly solicitations: SolicitationDraft[];
  plan: PlanDraft | null;
  /** A collective mission: the plans of the other structures it serves. */
  otherPlans?: readonly PlanDraft[];
}

export interface SolicitationDraft {
  readonly provider: ProviderDraft;
  readonly row: Partial<Record<keyof typeof SOLICITATION_FIELDS, CellValue>>;
}

export interface PlanDraft {
  sequence: number;
  readonly missions: MissionDraft[];
  diagnosticDay: number;
  beneficiary: BeneficiaryDraft | null;
}

export interface BeneficiaryDraft {
  sequence: number;
  readonly kind: StructureKind;
  readonly town: Town;
  readonly name: string;
  readonly plans: PlanDraft[];
  welcomedDay: number;
}
