import { isMilestoneReached } from '../mission-lifecycle';
import type { Mission } from '../mission';
import { balanceBlockers } from '../mission-rules';
import type { BalanceBlocker } from '../rule-violation';
import type { OperatorParameters } from '../operator-parameters';
import { providerCompleteness, type ProviderCompleteness } from '../provider';
import { isoDateOrNull, type IsoDate } from '../values/french-date';
import {
  after,
  fr,
  isDue,
  makeAlert,
  running,
  type MissionRule,
  type ProviderLookup,
} from './mission-rule-support';

/* The rules of the mission's end: restitution, final report, balance. */

/** The rule `RESTITUTION_OVERDUE` (its trigger day: docs/alertes.md). */
export const restitutionOverdue: MissionRule = (facts, { today, parameters }) => {
  const { mission } = facts;
  if (!running(facts) || isMilestoneReached(mission.restitutionOn, today)) return [];
  const due = after(mission.plannedEndOn, parameters.restitutionGraceDays);
  if (!isDue(due, today) || mission.plannedEndOn === null) return [];
  return [
    makeAlert('RESTITUTION_OVERDUE', facts.id, {
      severity: 'urgent',
      audience: 'chargé de mission',
      dueOn: due,
      message: `${facts.name} : fin prévue le ${fr(mission.plannedEndOn)} et aucune restitution enregistrée (attendue le ${fr(due)}). Organisez la restitution avec la structure et le prestataire, ou reportez la fin prévue.`,
    }),
  ];
};

/**
 * `FINAL_REPORT_MISSING`. Guide, part III: « La restitution est conduite par le prestataire, sur
 * la base d'un rapport final ».
 */
export const finalReportMissing: MissionRule = (facts, { today, parameters }) => {
  const { mission } = facts;
  if (!running(facts) || !isMilestoneReached(mission.restitutionOn, today)) return [];
  if (isMilestoneReached(mission.finalReportReceivedOn, today)) return [];
  const due = after(mission.restitutionOn, parameters.finalReportDelayDays);
  if (!isDue(due, today)) return [];
  return [
    makeAlert('FINAL_REPORT_MISSING', facts.id, {
      severity: 'urgent',
      audience: 'chargé de mission',
      dueOn: due,
      message: `${facts.name} : restitution du ${fr(mission.restitutionOn)} sans rapport final reçu, alors que la restitution se tient « sur la base d'un rapport final ». Réclamez-le au prestataire en version numérique et papier : sans lui, le solde ne peut pas être versé.`,
    }),
  ];
};

/**
 * The day finance must start watching the balance: the restitution when it is held, else the
 * planned end (the consultant may invoice from then), whichever comes first.
 */
function balanceWatchedFrom(mission: Mission): IsoDate | null {
  const dates = [isoDateOrNull(mission.restitutionOn), isoDateOrNull(mission.plannedEndOn)].filter(
    (d): d is IsoDate => d !== null,
  );
  return dates.length === 0 ? null : dates.reduce((a, b) => (a < b ? a : b));
}

function retainedCompleteness(
  providerId: string | null,
  providers: ProviderLookup,
  parameters: OperatorParameters,
): { id: string; completeness: ProviderCompleteness } | null {
  if (providerId === null) return null;
  const entry = providers.entry(providerId);
  const completeness: ProviderCompleteness =
    entry === null
      ? { sheetComplete: false, missing: ['fiche absente du registre'] }
      : providerCompleteness(entry.provider, {
          checklistRequired: parameters.providerChecklistRequired === 'Oui',
        });
  return { id: providerId, completeness };
}

/** The rule `BALANCE_BLOCKED` (its trigger day: docs/alertes.md). */
export const balanceBlocked: MissionRule = (facts, { today, parameters, providers }) => {
  const { mission } = facts;
  if (!running(facts) || mission.balancePaidOn !== null) return [];
  const watchedFrom = balanceWatchedFrom(mission);
  if (!facts.balanceDateRejected && !isDue(watchedFrom, today)) return [];
  const blockers: BalanceBlocker[] = balanceBlockers({
    mission,
    solicitations: facts.solicitations.map((e) => e.solicitation),
    retainedProvider: retainedCompleteness(facts.retainedProviderId, providers, parameters),
  });
  const refused = facts.balanceDateRejected
    ? ' Une date de versement du solde a été saisie et refusée.'
    : '';
  const provider =
    facts.retainedProviderId === null ? '' : ` à ${providers.name(facts.retainedProviderId)}`;
  return blockers.map((blocker) =>
    makeAlert('BALANCE_BLOCKED', facts.id, {
      severity: 'bloquant',
      audience: 'finance',
      dueOn: null,
      subId: blocker.code,
      message: `${facts.name} : solde bloqué. ${blocker.message}${refused} Ne versez pas le solde${provider} avant régularisation.`,
    }),
  );
};
