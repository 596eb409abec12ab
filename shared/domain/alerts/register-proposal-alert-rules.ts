import type { StoredRecord } from '../stored-record';
import { alertKey, type Alert } from './alert-catalogue';
import type { OperatorParameters } from '../operator-parameters';
import { natureOf, proposedValues } from '../register-proposal';
import type { ProposalDecision } from '../register-proposal-decision';
import { formatFrenchDate, parisDateOf, type IsoDate } from '../values/french-date';

/*
 * Guide, part III: « chaque acteur du dispositif […] a la possibilité de référencer un
 * prestataire », in a base « alimentée et gérée par le C2RA ». The guide sets no delay for the
 * C2RA's answer: both delays here are operator defaults, adjustable in Paramètres.
 */

function addDays(day: IsoDate, days: number): IsoDate {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + Math.max(0, Math.round(days)));
  return date.toISOString().slice(0, 10) as IsoDate;
}

function proposedOn(proposal: StoredRecord): IsoDate {
  const typed = proposal.data['proposedOn'];
  return typeof typed === 'string' ? (typed as IsoDate) : parisDateOf(new Date(proposal.createdAt));
}

function describe(proposal: StoredRecord): string {
  const name = proposedValues(proposal.data).legalName;
  const providerId = proposal.data['providerId'];
  return natureOf(proposal.data) === "Modification d'un prestataire"
    ? `modification de ${typeof providerId === 'string' ? providerId : 'un prestataire'}`
    : `nouveau prestataire ${typeof name === 'string' ? `« ${name} »` : ''}`.trim();
}

/**
 * `PROPOSAL_WAITING` (à faire, C2RA): an operator's active proposal still undecided
 * `proposalDecisionDays` days after it was proposed (« Proposé le », else its creation).
 */
export function proposalWaitingAlerts(
  proposals: readonly StoredRecord[],
  decisions: ReadonlyMap<string, ProposalDecision>,
  today: IsoDate,
  parameters: OperatorParameters,
): Alert[] {
  return proposals.flatMap((proposal) => {
    if (proposal.kind !== 'registerProposal' || proposal.archived) return [];
    if (decisions.has(proposal.id) || natureOf(proposal.data) === null) return [];
    const since = proposedOn(proposal);
    const dueOn = addDays(since, parameters.proposalDecisionDays);
    if (dueOn > today) return [];
    return [
      {
        key: alertKey('PROPOSAL_WAITING', proposal.id),
        rule: 'PROPOSAL_WAITING',
        severity: 'à faire',
        recordId: proposal.id,
        audience: 'C2RA',
        dueOn,
        message: `${proposal.owner} propose au registre (${describe(proposal)}) depuis le ${formatFrenchDate(since)} : décidez dans l’onglet « Propositions des opérateurs » (« Validée » ou « Refusée » avec son motif).`,
      },
    ];
  });
}

/**
 * `PROPOSAL_DECIDED` (information, chargé(e) de mission): the C2RA's decision on one of the
 * operator's proposals, shown `proposalOutcomeShownDays` days from the decision.
 */
export function proposalDecidedAlerts(
  proposals: readonly StoredRecord[],
  decisions: ReadonlyMap<string, ProposalDecision>,
  today: IsoDate,
  parameters: OperatorParameters,
): Alert[] {
  return proposals.flatMap((proposal) => {
    const decision = decisions.get(proposal.id);
    if (proposal.kind !== 'registerProposal' || !decision) return [];
    const decidedOn = parisDateOf(new Date(decision.decidedAt));
    if (addDays(decidedOn, parameters.proposalOutcomeShownDays) <= today) return [];
    const outcome =
      decision.decision === 'Refusée'
        ? `refusée : ${decision.reason}`
        : decision.applied
          ? `validée : ${decision.registerProviderId ?? ''} au registre.`
          : 'validée : inscription au registre en cours.';
    return [
      {
        key: alertKey('PROPOSAL_DECIDED', proposal.id),
        rule: 'PROPOSAL_DECIDED',
        severity: 'info',
        recordId: proposal.id,
        audience: 'chargé de mission',
        dueOn: null,
        message: `Le C2RA a décidé le ${formatFrenchDate(decidedOn)} de votre proposition au registre (${describe(proposal)}) : ${outcome}`,
      },
    ];
  });
}
