/**
 * The alert rules on proposals to the register, in their own file so that the list of every
 * alert rule takes them in without an import cycle with the rules themselves.
 */
export const REGISTER_PROPOSAL_ALERT_RULES = ['PROPOSAL_WAITING', 'PROPOSAL_DECIDED'] as const;

/** The short French name of each rule, shown in the « Alerte » column. */
export const REGISTER_PROPOSAL_ALERT_LABELS = {
  PROPOSAL_WAITING: 'Proposition au registre en attente',
  PROPOSAL_DECIDED: 'Décision du C2RA sur une proposition',
} as const;
