import type { Mission } from './mission';
import type { ProviderCompleteness } from './provider';
import type { Solicitation } from './solicitation';
import type { IsoDate } from './values/french-date';

/** How serious a broken rule is: an error refuses the field, a warning is only shown. */
export type RuleSeverity = 'error' | 'warning';

/**
 * A cross-field rule of the guide broken by a record: a stable code, a French message (dates
 * written jj/mm/aaaa), the key of the field to refuse or look at, and the severity.
 */
export interface RuleViolation {
  readonly code: string;
  readonly message: string;
  readonly field: string;
  readonly severity: RuleSeverity;
}

/** A reason that forbids paying the balance of a mission, with its French explanation. */
export interface BalanceBlocker {
  readonly code: string;
  readonly message: string;
}

/** What the mission rules look at: the mission, its own solicitations, and its retained provider. */
export interface MissionContext {
  readonly mission: Mission;
  /** The solicitations of this mission only, in row order. */
  readonly solicitations: readonly Solicitation[];
  readonly retainedProvider: {
    readonly id: string;
    readonly completeness: ProviderCompleteness;
  } | null;
  /** The mission's plan, when known (null: missing or archived; absent: not looked up). */
  readonly plan?: { readonly id: string; readonly diagnosticOn: IsoDate | null } | null;
}
