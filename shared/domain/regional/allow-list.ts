import { PLAN_FIELDS } from '../accompaniment-plan';
import { BENEFICIARY_FIELDS } from '../beneficiary';
import { MISSION_FIELDS } from '../mission';
import { PROVIDER_FIELDS } from '../provider';
import type { RecordKind } from '../record-id';
import type { REGISTER_PROPOSAL_FIELDS } from '../register-proposal';
import { SOLICITATION_FIELDS } from '../solicitation';
import type { RecordData, StoredRecord } from '../stored-record';

/** The fields of each kind of record, by key. */
interface KindFields {
  readonly beneficiary: typeof BENEFICIARY_FIELDS;
  readonly plan: typeof PLAN_FIELDS;
  readonly mission: typeof MISSION_FIELDS;
  readonly solicitation: typeof SOLICITATION_FIELDS;
  readonly provider: typeof PROVIDER_FIELDS;
  readonly registerProposal: typeof REGISTER_PROPOSAL_FIELDS;
}

/**
 * The only fields of an operator's records that may leave the operator for the regional view:
 * every other field is dropped before any computation, so nothing outside this list can reach
 * a regional table, file or spreadsheet, whatever a later change of the computation does.
 *
 * - Structures: legal form, sector, territory and date of first welcome only. Never the name,
 *   SIRET/RNA, town or postal code (they identify the structure), never the contact data
 *   (contact, e-mail, phone: confidential) nor the notes (free text, confidential).
 * - Plans: the link to the structure and the state of the plan. Never the diagnostic summary
 *   (confidential), nor the issues it found (diagnostic content).
 * - Missions: the operational data of the order and its milestone dates. The title is kept: it
 *   names the order (« Consolidation du modèle économique »), it is not a diagnostic; the guide's
 *   operators write it for the consultants who receive the terms of reference. The free-text
 *   reasons (interruption, work outside the scope) and the name of who authorised such work are
 *   never kept.
 * - Solicitations: who was solicited, the answer, price and days, and the decision. Never the
 *   evaluators' scores of a proposal.
 * - Providers (the C2RA's own register): the legal name. The completeness of the provider's sheet
 *   is derived from the register as a yes/no, none of its values shown.
 *
 * A field of this list is never marked confidential and, apart from the mission title, is never
 * free text (a test checks both).
 */
export const REGIONAL_ALLOW_LIST = {
  beneficiary: ['legalForm', 'sector', 'territory', 'firstWelcomedOn'],
  plan: ['beneficiaryId', 'status'],
  mission: [
    'planId',
    'otherPlanIds',
    'engineeringType',
    'title',
    'requiredCompetence',
    'sector',
    'budgetCeilingCents',
    'estimatedDays',
    'termsSentOn',
    'replyDeadline',
    'awardedOn',
    'agreementSignedOn',
    'kickoffOn',
    'plannedEndOn',
    'midNoteDueOn',
    'midNoteReceivedOn',
    'restitutionOn',
    'finalReportReceivedOn',
    'funding',
    'agreedPriceCents',
    'advanceCents',
    'advancePaidOn',
    'balanceCents',
    'balancePaidOn',
    'surveySentOn',
    'surveyAnsweredOn',
    'satisfactionScore',
    'surveyModalities',
    'surveyProgress',
    'surveyCompetence',
    'surveyResults',
    'surveyImpact',
    'surveyDurability',
    'closedOn',
    'followUpDiagnosticOn',
    'warningOn',
    'interruptionKind',
    'interruptionOn',
    'interruptionDecisionOn',
  ],
  solicitation: [
    'missionId',
    'providerId',
    'solicitedOn',
    'answer',
    'answeredOn',
    'priceCents',
    'proposedDays',
    'lateAdmitted',
    'decision',
  ],
  provider: ['legalName'],
  // Proposals to the register reach the C2RA by their own tab, never by the consolidation.
  registerProposal: [],
} as const satisfies { readonly [K in RecordKind]: readonly (keyof KindFields[K] & string)[] };

/** The data of a record reduced to the fields {@link REGIONAL_ALLOW_LIST} lets out. */
export function allowedData(kind: RecordKind, data: RecordData): RecordData {
  const allowed: readonly string[] = REGIONAL_ALLOW_LIST[kind];
  const kept: Record<string, RecordData[string]> = {};
  for (const key of allowed) {
    const value = data[key];
    if (value !== undefined) kept[key] = value;
  }
  return kept;
}

const NOTHING: Readonly<Record<string, never>> = Object.freeze({});

/**
 * A record reduced to what the regional view may read of it: its identity, owner, kind, archived
 * flag and the data of {@link REGIONAL_ALLOW_LIST}, nothing else (no field times, no refused raw
 * values). The regional view and the providers' history of a reduced record are those of the
 * record.
 */
export function regionalRecord(record: StoredRecord): StoredRecord {
  return {
    id: record.id,
    kind: record.kind,
    owner: record.owner,
    data: allowedData(record.kind, record.data),
    fieldTimes: NOTHING,
    rejected: NOTHING,
    archived: record.archived,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
