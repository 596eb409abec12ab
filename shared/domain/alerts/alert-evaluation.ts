import { deriveMissionStatus } from '../mission-lifecycle';
import type { Alert } from './alert-catalogue';
import type { AlertInput, RegisterAlertInput, SolicitationEntry } from './alert-inputs';
import {
  agreementNotSigned,
  awardOverdue,
  nonRetainedNotNotified,
} from './award-and-agreement-rules';
import {
  proposalsNotScored,
  replyDeadlineNear,
  replyMissing,
  tooFewProposals,
} from './call-for-proposals-rules';
import {
  followUpDiagnosticDue,
  lowSatisfaction,
  recommendationsDue,
  surveyNotSent,
  surveyUnanswered,
} from './evaluation-and-follow-up-rules';
import {
  interruptionUndecided,
  kickoffMissing,
  midNote,
  warningUndecided,
} from './execution-rules';
import {
  missionName,
  providerLookup,
  type MissionFacts,
  type MissionRule,
  type RuleContext,
} from './mission-rule-support';
import {
  duplicateSiretAlerts,
  incompleteSheetAlerts,
  staleProviderAlerts,
} from './register-alert-rules';
import {
  balanceBlocked,
  finalReportMissing,
  restitutionOverdue,
} from './restitution-and-balance-rules';

/** In the order of `ALERT_RULES`: the order of the alerts of one mission. */
const MISSION_RULES: readonly MissionRule[] = [
  replyDeadlineNear,
  replyMissing,
  tooFewProposals,
  proposalsNotScored,
  awardOverdue,
  nonRetainedNotNotified,
  agreementNotSigned,
  kickoffMissing,
  midNote,
  restitutionOverdue,
  finalReportMissing,
  interruptionUndecided,
  warningUndecided,
  balanceBlocked,
  surveyNotSent,
  surveyUnanswered,
  lowSatisfaction,
  followUpDiagnosticDue,
  recommendationsDue,
];

/** The active (not archived) solicitations of each mission, by mission ID, in the order given. */
export function activeSolicitationsByMission(
  solicitations: readonly SolicitationEntry[],
): Map<string, SolicitationEntry[]> {
  const byMission = new Map<string, SolicitationEntry[]>();
  for (const entry of solicitations) {
    const missionId = entry.solicitation.missionId;
    if (entry.archived || missionId === null) continue;
    const list = byMission.get(missionId);
    if (list) list.push(entry);
    else byMission.set(missionId, [entry]);
  }
  return byMission;
}

/**
 * Every alert of one operator's missions as of `today`, with the delays of its `Paramètres` tab.
 * Each rule fires on its trigger day, never the day before; archived missions and solicitations
 * never alert. The trigger day of each rule: docs/alertes.md.
 */
export function evaluateAlerts(input: AlertInput): Alert[] {
  const { today } = input;
  const providers = providerLookup(input.providers);
  const context: RuleContext = {
    owner: input.owner,
    today,
    parameters: input.parameters,
    providers,
  };
  const byMission = activeSolicitationsByMission(input.solicitations);
  return input.missions
    .filter((m) => !m.archived)
    .flatMap((m) => {
      const solicitations = byMission.get(m.id) ?? [];
      const retained = solicitations.find((e) => e.solicitation.decision === 'Retenu');
      const facts: MissionFacts = {
        id: m.id,
        mission: m.mission,
        status: deriveMissionStatus(
          m.mission,
          solicitations.map((e) => e.solicitation),
          today,
        ),
        solicitations,
        name: missionName(m.id, m.mission),
        retainedProviderId: retained?.solicitation.providerId ?? null,
        balanceDateRejected: m.balanceDateRejected === true,
      };
      return MISSION_RULES.flatMap((rule) => rule(facts, context));
    });
}

/**
 * The C2RA's alerts on the regional register as of `today`; archived providers and
 * solicitations never alert. The trigger day of each rule: docs/alertes.md.
 */
export function evaluateRegisterAlerts(input: RegisterAlertInput): Alert[] {
  const active = input.providers.filter((p) => !p.archived);
  return [
    ...incompleteSheetAlerts(input, active),
    ...duplicateSiretAlerts(active),
    ...staleProviderAlerts(input, active),
  ];
}
