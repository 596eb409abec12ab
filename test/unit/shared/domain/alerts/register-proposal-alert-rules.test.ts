/**
 * Guide, part III: « chaque acteur du dispositif […] a la possibilité de référencer un
 * prestataire », in a base « alimentée et gérée par le C2RA ». The guide gives no delay for the
 * C2RA's answer: 15 days to decide and 15 days of notice are operator defaults (Paramètres).
 */
import { DEFAULT_PARAMETERS } from '../../../../../shared/domain/operator-parameters';
import {
  proposalDecidedAlerts,
  proposalWaitingAlerts,
} from '../../../../../shared/domain/alerts/register-proposal-alert-rules';
import type { ProposalDecision } from '../../../../../shared/domain/register-proposal-decision';
import type { IsoDate } from '../../../../../shared/domain/values/french-date';
import {
  aDecision,
  aNewProviderProposal,
  aPhoneChangeProposal,
} from '../../../../support/builders/register-proposal-builder';

const fresh = aNewProviderProposal(); // proposed on 01/06/2025
const change = aPhoneChangeProposal();

describe('the C2RA is alerted of a proposal waiting past the operator default (15 days)', () => {
  it.each<[string, IsoDate, ReadonlyMap<string, ProposalDecision>, number, string[]]>([
    ['14 days after: nothing yet', '2025-06-15', new Map(), 15, []],
    [
      '15 days after: both proposals',
      '2025-06-16',
      new Map(),
      15,
      ['PRP-CBE-LM-0001', 'PRP-CBE-LM-0002'],
    ],
    [
      'a decided proposal never alerts',
      '2025-07-01',
      new Map([[fresh.id, aDecision(fresh)]]),
      15,
      ['PRP-CBE-LM-0002'],
    ],
    [
      'a delay of 5 days set in Paramètres',
      '2025-06-06',
      new Map(),
      5,
      ['PRP-CBE-LM-0001', 'PRP-CBE-LM-0002'],
    ],
  ])('%s', (_case, today, decisions, days, ids) => {
    const alerts = proposalWaitingAlerts([fresh, change], decisions, today, {
      ...DEFAULT_PARAMETERS,
      proposalDecisionDays: days,
    });
    expect(alerts.map((a) => a.recordId)).toEqual(ids);
    for (const alert of alerts)
      expect(alert).toMatchObject({ audience: 'C2RA', severity: 'à faire' });
  });

  it('names the operator and what it proposes, and where to decide', () => {
    const [alert] = proposalWaitingAlerts([change], new Map(), '2025-07-01', DEFAULT_PARAMETERS);
    expect(alert?.message).toBe(
      'CBE-LM propose au registre (modification de PRE-0001) depuis le 01/06/2025 : décidez dans l’onglet « Propositions des opérateurs » (« Validée » ou « Refusée » avec son motif).',
    );
  });
});

describe('the chargé(e) de mission who proposed is told of the decision', () => {
  it.each<[string, ProposalDecision, IsoDate, string | null]>([
    [
      'validated and in the register',
      aDecision(fresh, { applied: true, registerProviderId: 'PRE-0002' }),
      '2025-06-03',
      'Le C2RA a décidé le 02/06/2025 de votre proposition au registre (nouveau prestataire « Coopérative Tisserands du Nord ») : validée : PRE-0002 au registre.',
    ],
    [
      'refused, with its reason',
      aDecision(fresh, {
        decision: 'Refusée',
        reason: 'Déjà au registre national.',
        applied: true,
      }),
      '2025-06-16',
      'Le C2RA a décidé le 02/06/2025 de votre proposition au registre (nouveau prestataire « Coopérative Tisserands du Nord ») : refusée : Déjà au registre national.',
    ],
    ['no longer after the 15 days of notice', aDecision(fresh), '2025-06-17', null],
  ])('%s', (_case, decision, today, message) => {
    const alerts = proposalDecidedAlerts(
      [fresh],
      new Map([[fresh.id, decision]]),
      today,
      DEFAULT_PARAMETERS,
    );
    expect(alerts[0]?.message ?? null).toBe(message);
    if (message !== null)
      expect(alerts[0]).toMatchObject({ audience: 'chargé de mission', severity: 'info' });
  });
});
