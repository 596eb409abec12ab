/**
 * An expected failure, as a value: a stable machine code (`SIRET_INVALID`) and a message in
 * French for the person who typed the value.
 */
export interface DomainError {
  readonly code: string;
  readonly message: string;
}

/** The outcome of anything that can fail for a business reason. */
export type Result<T, E = DomainError> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** Wraps a success. */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/** Wraps an expected failure with its stable code and French message. */
export function fail(
  code: string,
  message: string,
): { readonly ok: false; readonly error: DomainError } {
  return { ok: false, error: { code, message } };
}
