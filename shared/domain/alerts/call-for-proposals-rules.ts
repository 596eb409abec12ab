import type { Mission } from '../mission';
import type { MissionStatus } from '../mission-lifecycle';
import type { OperatorParameters } from '../operator-parameters';
import type { Solicitation } from '../solicitation';
import { addDays, type IsoDate, isoDateOrNull } from '../values/french-date';
import type { SolicitationEntry } from './alert-inputs';
import {
  after,
  fr,
  isDue,
  makeAlert,
  plural,
  wholeDays,
  type MissionFacts,
  type MissionRule,
  type ProviderLookup,
} from './mission-rule-support';

/* The rules of the call for proposals: replies, proposals received, scores. */

const SCORE_KEYS = [
  'understandingByOfficer',
  'understandingByBeneficiary',
  'resultsByOfficer',
  'resultsByBeneficiary',
  'methodologyByOfficer',
  'methodologyByBeneficiary',
  'profileByOfficer',
  'profileByBeneficiary',
  'durationByOfficer',
  'durationByBeneficiary',
] as const satisfies readonly (keyof Solicitation)[];

function isPending(s: Solicitation): boolean {
  return s.answer === null || s.answer === 'En attente';
}

/** A proposal that takes part in the ranking: on time, or late and admitted by the operator. */
function isRankable(s: Solicitation, deadline: IsoDate | null): boolean {
  if (s.answer === 'Hors délai') return s.lateAdmitted === true;
  if (s.answer !== 'Proposition reçue') return false;
  const answeredOn = isoDateOrNull(s.answeredOn);
  const late = deadline !== null && answeredOn !== null && answeredOn > deadline;
  return !late || s.lateAdmitted === true;
}

/** Scored when both evaluators gave every criterion they score by hand (the budget is computed). */
export function isScored(s: Solicitation): boolean {
  return SCORE_KEYS.every((key) => s[key] !== null);
}

function providerList(entries: readonly SolicitationEntry[], providers: ProviderLookup): string {
  return entries.map((e) => providers.name(e.solicitation.providerId)).join(', ');
}

/** The call for proposals is followed only until a milestone beyond it is reached. */
const CALL_STATUSES: readonly MissionStatus[] = ['draft', 'callOpen', 'proposalsUnderReview'];

/** True while the mission is in its call for proposals (draft, call open, proposals under review). */
export function inCall(facts: MissionFacts): boolean {
  return CALL_STATUSES.includes(facts.status);
}

/** The rule `REPLY_DEADLINE_NEAR` (its trigger day: docs/alertes.md). */
export const replyDeadlineNear: MissionRule = (facts, { today, parameters, providers }) => {
  const deadline = isoDateOrNull(facts.mission.replyDeadline);
  if (!inCall(facts) || deadline === null || today > deadline) return [];
  const warnFrom = addDays(deadline, -wholeDays(parameters.replyDeadlineWarningDays));
  const pending = facts.solicitations.filter((e) => isPending(e.solicitation));
  if (today < warnFrom || pending.length === 0) return [];
  const who = plural(
    pending.length,
    `1 prestataire n'a pas encore répondu : ${providerList(pending, providers)}. Relancez-le ou notez sa réponse`,
    `${pending.length} prestataires n'ont pas encore répondu : ${providerList(pending, providers)}. Relancez-les ou notez leur réponse`,
  );
  return [
    makeAlert('REPLY_DEADLINE_NEAR', facts.id, {
      severity: 'à faire',
      audience: 'chargé de mission',
      dueOn: deadline,
      message: `${facts.name} : date limite de réponse le ${fr(deadline)} et ${who} dans l'onglet Sollicitations.`,
    }),
  ];
};

/** The rule `REPLY_MISSING` (its trigger day: docs/alertes.md). */
export const replyMissing: MissionRule = (facts, { today, providers }) => {
  const deadline = isoDateOrNull(facts.mission.replyDeadline);
  if (!inCall(facts) || deadline === null || today <= deadline) return [];
  return facts.solicitations
    .filter((e) => isPending(e.solicitation))
    .map((e) =>
      makeAlert('REPLY_MISSING', e.id, {
        severity: 'à faire',
        audience: 'chargé de mission',
        dueOn: deadline,
        message: `${facts.name} : ${providers.name(e.solicitation.providerId)} n'a pas répondu à l'appel à propositions (date limite le ${fr(deadline)}). Indiquez sa réponse (« Décliné » ou « Hors délai ») dans l'onglet Sollicitations.`,
      }),
    );
};

/**
 * Ours, not the guide's: the guide asks for consultants *solicited* (« 2 à 4 en général »), never
 * for a number of proposals received. Under two there is nothing to compare: worth knowing.
 */
const MIN_PROPOSALS = 2;

/** The rule `TOO_FEW_PROPOSALS` (its trigger day: docs/alertes.md). */
export const tooFewProposals: MissionRule = (facts, { providers }) => {
  if (facts.status !== 'proposalsUnderReview') return [];
  const received = rankableProposals(facts);
  if (received.length >= MIN_PROPOSALS) return [];
  const count =
    received.length === 0
      ? 'aucune proposition reçue'
      : `1 seule proposition reçue (${providerList(received, providers)})`;
  const solicited = plural(
    facts.solicitations.length,
    '1 prestataire sollicité',
    `${facts.solicitations.length} prestataires sollicités`,
  );
  return [
    makeAlert('TOO_FEW_PROPOSALS', facts.id, {
      severity: 'info',
      audience: 'chargé de mission',
      dueOn: isoDateOrNull(facts.mission.replyDeadline),
      message: `${facts.name} : ${count} pour ${solicited}. Pour information : le choix se fera avec la structure sur ce qui a été reçu, ou par un nouvel appel à propositions.`,
    }),
  ];
};

/** The day the scores are expected: `scoringDelayDays` after the reply deadline. */
export function scoringDueOn(mission: Mission, parameters: OperatorParameters): IsoDate | null {
  return after(mission.replyDeadline, parameters.scoringDelayDays);
}

/** The proposals of the mission that take part in the ranking. */
export function rankableProposals(facts: MissionFacts): SolicitationEntry[] {
  const deadline = isoDateOrNull(facts.mission.replyDeadline);
  return facts.solicitations.filter((e) => isRankable(e.solicitation, deadline));
}

/** The rule `PROPOSALS_NOT_SCORED` (its trigger day: docs/alertes.md). */
export const proposalsNotScored: MissionRule = (facts, { today, parameters, providers }) => {
  const due = scoringDueOn(facts.mission, parameters);
  if (!inCall(facts) || !isDue(due, today)) return [];
  const unscored = rankableProposals(facts).filter((e) => !isScored(e.solicitation));
  if (unscored.length === 0) return [];
  const what = plural(
    unscored.length,
    `1 proposition reçue n'est pas notée : ${providerList(unscored, providers)}`,
    `${unscored.length} propositions reçues ne sont pas notées : ${providerList(unscored, providers)}`,
  );
  return [
    makeAlert('PROPOSALS_NOT_SCORED', facts.id, {
      severity: 'à faire',
      audience: 'chargé de mission',
      dueOn: due,
      message: `${facts.name} : ${what} (notation attendue le ${fr(due)}). Notez chaque critère, chargé(e) de mission et structure.`,
    }),
  ];
};
