import type { MissionContext, RuleViolation } from './rule-violation';
import { formatEuros } from './values/amount';

/** The price payments are checked against: the agreement's, else the retained proposal's. */
export function agreedPriceOf(context: MissionContext): number | null {
  if (context.mission.agreedPriceCents !== null) return context.mission.agreedPriceCents;
  const retained = context.solicitations.find((s) => s.decision === 'Retenu');
  return retained?.priceCents ?? null;
}

function refusal(code: string, field: string, message: string): RuleViolation {
  return { code, field, message, severity: 'error' };
}

/**
 * The payments of a mission (advance, then balance — the guide's « solde » implies an earlier
 * payment): never beyond the agreed price, and none while the provider's sheet is incomplete
 * (guide, part III: without it « le prestataire ne pourra percevoir le financement de la
 * mission »). The balance's own blockers are in `balanceBlockers`.
 */
export function paymentViolations(context: MissionContext): RuleViolation[] {
  const { mission, retainedProvider } = context;
  const violations: RuleViolation[] = [];
  const price = agreedPriceOf(context);
  const paid = (mission.advanceCents ?? 0) + (mission.balanceCents ?? 0);
  if (price !== null && paid > price) {
    const field = mission.balanceCents !== null ? 'balanceCents' : 'advanceCents';
    violations.push(
      refusal(
        'PAYMENT_OVER_PRICE',
        field,
        `Acompte et solde (${formatEuros(paid)}) dépassent le prix convenu de ${formatEuros(price)} : un paiement au-delà du prix convenu n'est pas accepté.`,
      ),
    );
  }
  // Without a retained provider known here, the award rules speak; an incomplete sheet refuses.
  const completeness = retainedProvider?.completeness ?? null;
  if (mission.advancePaidOn !== null && completeness !== null && !completeness.sheetComplete) {
    violations.push(
      refusal(
        'PAYMENT_PROVIDER_INCOMPLETE',
        'advancePaidOn',
        `Acompte refusé : fiche prestataire incomplète (${completeness.missing.join(', ')}). Le guide : sans fiche type prestataire complète, « le prestataire ne pourra percevoir le financement de la mission ».`,
      ),
    );
  }
  return violations;
}
