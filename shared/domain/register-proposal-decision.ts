import { z } from 'zod';
import type { RecordData, StoredRecord } from './stored-record';
import { OPERATOR_CODES, type OperatorCode } from './operator';
import {
  natureOf,
  proposalViolations,
  proposedValues,
  PROPOSED_PROVIDER_KEYS,
} from './register-proposal';
import { fail, ok, type Result } from './result';
import { contentHash } from './sync/content-hash';
import type { CellValue } from './values/cell-value';
import { parisDateOf, formatFrenchDate } from './values/french-date';
import { normalizeForMatch } from './values/text-normalization';

/** The C2RA's store entries holding its decision on each proposal, keyed by the proposal's ID. */
export const PROPOSAL_DECISIONS_FAMILY = 'register-proposal-decisions';

/** What the C2RA decides on a proposal. */
export const C2RA_DECISIONS = ['Validée', 'Refusée'] as const;

/** A C2RA decision. */
export type C2raDecision = (typeof C2RA_DECISIONS)[number];

/** The outcome an operator reads while the C2RA has not decided. */
export const OUTCOME_PENDING = 'En attente du C2RA';

const decisionSchema = z.object({
  proposalId: z.string(),
  operator: z.enum(OPERATOR_CODES),
  decision: z.enum(C2RA_DECISIONS),
  reason: z.string(),
  decidedAt: z.string(),
  decidedBy: z.string(),
  /** The proposal's content when decided: a later change of it is never applied. */
  proposalHash: z.string(),
  /** The provider created or changed (a new one's ID is known once its row is stored). */
  registerProviderId: z.string().nullable(),
  /** True once the register holds the proposal (the C2RA's sync applies it once only). */
  applied: z.boolean(),
});

/** The C2RA's decision on one proposal, as stored. */
export type ProposalDecision = z.output<typeof decisionSchema>;

/** A stored entry read back as a decision; null for anything else (never trusted blindly). */
export function asProposalDecision(value: unknown): ProposalDecision | null {
  const parsed = decisionSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The part of a proposal the C2RA decides on: its nature, provider and proposed values. */
export function proposalHash(data: RecordData): string {
  const values: Record<string, unknown> = {};
  for (const key of PROPOSED_PROVIDER_KEYS) values[key] = data[key] ?? null;
  return contentHash([natureOf(data), data['providerId'] ?? null, values]);
}

/** The operator owning a proposal ID (`PRP-CBE-LM-0003` → `CBE-LM`). */
export function operatorOfProposal(proposalId: string): OperatorCode | null {
  return OPERATOR_CODES.find((code) => proposalId.startsWith(`PRP-${code}-`)) ?? null;
}

/** What the C2RA typed on one proposal's row of its review tab. */
export interface TypedDecision {
  readonly proposalId: string;
  readonly decision: string;
  readonly reason: string;
  /** The « Valeurs proposées » the row showed when the C2RA decided. */
  readonly shownProposal: string;
}

/** The facts a decision is checked against. */
export interface DecisionContext {
  readonly proposal: StoredRecord | undefined;
  /** The « Valeurs proposées » text of the proposal as it is now. */
  readonly currentProposalText: string;
  readonly register: readonly StoredRecord[];
  readonly at: string;
  readonly who: string;
}

/**
 * Reads a decision the C2RA typed: « Validée » or « Refusée » (a refusal needs its reason); a
 * validation needs a complete proposal, an active provider for a modification and no provider
 * of the same SIRET or name for a new one; a proposal changed since the C2RA's tab showed it is
 * not decided (the C2RA reads it again). French refusals, never a partial decision.
 */
export function decideProposal(
  typed: TypedDecision,
  context: DecisionContext,
): Result<ProposalDecision> {
  const { proposal } = context;
  const decision = C2RA_DECISIONS.find(
    (d) => normalizeForMatch(d) === normalizeForMatch(typed.decision),
  );
  if (decision === undefined)
    return fail(
      'DECISION_INVALID',
      `« ${typed.decision.slice(0, 40)} » n’est pas une décision : saisissez « Validée » ou « Refusée ».`,
    );
  const operator = operatorOfProposal(typed.proposalId);
  if (!proposal || proposal.archived || operator === null)
    return fail(
      'PROPOSAL_GONE',
      `La proposition ${typed.proposalId} a été retirée par son opérateur : rien n’est décidé.`,
    );
  if (typed.shownProposal !== context.currentProposalText)
    return fail(
      'PROPOSAL_CHANGED',
      'L’opérateur a modifié la proposition depuis son affichage : relisez-la (valeurs mises à jour) et décidez à nouveau.',
    );
  const reason = typed.reason.trim();
  if (decision === 'Refusée' && reason === '')
    return fail('REFUSAL_WITHOUT_REASON', 'Un refus demande un motif : remplissez « Motif ».');
  if (decision === 'Validée') {
    const blocked = validationBlocker(proposal.data, context.register);
    if (blocked !== null) return fail('VALIDATION_BLOCKED', `Validation impossible : ${blocked}`);
  }
  const providerId = proposal.data['providerId'];
  return ok({
    proposalId: typed.proposalId,
    operator,
    decision,
    reason,
    decidedAt: context.at,
    decidedBy: context.who,
    proposalHash: proposalHash(proposal.data),
    registerProviderId:
      natureOf(proposal.data) === "Modification d'un prestataire" && typeof providerId === 'string'
        ? providerId
        : null,
    applied: decision === 'Refusée',
  });
}

/** Why a proposal cannot enter the register as it stands, in French; null when it can. */
export function validationBlocker(
  data: RecordData,
  register: readonly StoredRecord[],
): string | null {
  const violation = proposalViolations(data)[0];
  if (violation) return violation.message;
  const nature = natureOf(data);
  if (nature === null) return 'la nature de la proposition manque.';
  if (nature === "Modification d'un prestataire") {
    const target = register.find((r) => r.id === data['providerId']);
    return target && !target.archived
      ? null
      : `${String(data['providerId'])} n’est pas un prestataire actif du registre.`;
  }
  const twin = registerTwinOf(data, register);
  return twin === null
    ? null
    : `${twin.id} a déjà ce SIRET ou cette raison sociale au registre : proposez une modification de ${twin.id}.`;
}

/**
 * The active provider a new-provider proposal designates: same SIRET when it gives one, else
 * same raison sociale (accents and case ignored). Refused at validation when one exists; found
 * after it, it is the provider the validation created.
 */
export function registerTwinOf(
  data: RecordData,
  register: readonly StoredRecord[],
): StoredRecord | null {
  const values = proposedValues(data);
  const siret = typeof values.siret === 'string' ? values.siret : null;
  const name = typeof values.legalName === 'string' ? normalizeForMatch(values.legalName) : null;
  return (
    register.find((r) => {
      if (r.kind !== 'provider' || r.archived) return false;
      if (siret !== null) return r.data['siret'] === siret;
      const other = r.data['legalName'];
      return name !== null && typeof other === 'string' && normalizeForMatch(other) === name;
    }) ?? null
  );
}

/**
 * The computed cells of an operator's proposal: the C2RA's outcome, its date and reason, the
 * provider created or changed, and a warning when the proposal changed after the decision
 * (that change is not sent: « faites une nouvelle proposition »).
 */
export function proposalOutcomeCells(
  data: RecordData,
  decision: ProposalDecision | undefined,
): { readonly cells: Readonly<Record<string, CellValue>>; readonly warnings: readonly string[] } {
  if (!decision)
    return {
      cells: {
        outcome: OUTCOME_PENDING,
        decidedOn: '',
        decisionReason: '',
        registerProviderId: '',
      },
      warnings: [],
    };
  const validatedNotYetIn = decision.decision === 'Validée' && !decision.applied;
  const changedSince = proposalHash(data) !== decision.proposalHash;
  return {
    cells: {
      outcome: validatedNotYetIn ? 'Validée (inscription au registre en cours)' : decision.decision,
      decidedOn: formatFrenchDate(parisDateOf(new Date(decision.decidedAt))),
      decisionReason: decision.reason,
      registerProviderId:
        decision.decision === 'Validée' ? (decision.registerProviderId ?? '') : '',
    },
    warnings: changedSince
      ? [
          'Proposition modifiée après la décision du C2RA : ce changement ne lui est pas transmis ; faites une nouvelle proposition.',
        ]
      : [],
  };
}
