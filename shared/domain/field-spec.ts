import { z } from 'zod';
import type { RecordKind } from './record-id';
import { fail, type DomainError, type Result } from './result';
import { isBlank } from './values/cell-value';

/** Turns one raw spreadsheet cell into a domain value, or explains in French why it cannot. */
export type Parser<T> = (raw: unknown) => Result<T>;

/** How a column is shown and entered in a spreadsheet; layouts derive formats and dropdowns from it. */
export type FieldFormat =
  | 'text'
  | 'longText'
  | 'identifier'
  | 'reference'
  | 'date'
  | 'amount'
  | 'number'
  | 'yesNo'
  | 'choice'
  | 'choices'
  | 'postalCode'
  | 'phone'
  | 'email';

/**
 * One column of a tab as the DLA guide defines it: its French header, the note that explains
 * it, how it is entered, and the parser that validates what a person types in it.
 */
export interface FieldSpec<T> {
  readonly label: string;
  readonly note: string;
  readonly format: FieldFormat;
  readonly required: boolean;
  readonly parse: Parser<T>;
  /** The allowed values of a `choice` or `choices` column, shown as a dropdown. */
  readonly choices?: readonly string[];
  /** Personal or diagnostic content: never leaves the operator (guide: confidentiality). */
  readonly confidential?: boolean;
  /** The kind of record a `reference` column names (a mission for « ID mission »). */
  readonly references?: RecordKind;
}

/** Any field spec, whatever the type of its value. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- variance: parsers of every value type
export type AnyFieldSpec = FieldSpec<any>;

/** The stored value of a field: its parsed type, or null when an optional cell is empty. */
export type FieldValue<F> = F extends FieldSpec<infer T> ? T | null : never;

/** The plain record described by a set of fields. */
export type FieldsRecord<F extends Record<string, AnyFieldSpec>> = {
  -readonly [K in keyof F]: FieldValue<F[K]>;
};

/** The issue code a zod issue carries when it comes from one of our parsers. */
const DOMAIN_CODE_PARAM = 'domainCode';

/** Declares a field; `required` defaults to false because spreadsheets are filled over time. */
export function field<T>(
  spec: Omit<FieldSpec<T>, 'required'> & { required?: boolean },
): FieldSpec<T> {
  return { ...spec, required: spec.required ?? false };
}

/** The zod schema of one cell of this field: blank → null (or REQUIRED), else the parser's verdict. */
export function cellSchema<T>(spec: FieldSpec<T>): z.ZodType<T | null, unknown> {
  // Built once per field: the sync parses every cell of a workbook through it.
  const cached = CELL_SCHEMAS.get(spec);
  if (cached) return cached as z.ZodType<T | null, unknown>;
  const schema = z.unknown().transform((raw, ctx): T | null => {
    const result = cellVerdict(spec, raw);
    if (result.ok) return result.value;
    ctx.addIssue({
      code: 'custom',
      message: result.error.message,
      params: { [DOMAIN_CODE_PARAM]: result.error.code },
    });
    return z.NEVER;
  });
  CELL_SCHEMAS.set(spec, schema);
  return schema;
}

const CELL_SCHEMAS = new WeakMap<AnyFieldSpec, z.ZodType<unknown, unknown>>();

/** The zod schema of a whole row described by `fields`: each key validated by its own parser. */
export function rowSchema<F extends Record<string, AnyFieldSpec>>(
  fields: F,
): z.ZodType<FieldsRecord<F>, Record<string, unknown>> {
  const shape: Record<string, z.ZodType<unknown, unknown>> = {};
  for (const [key, spec] of Object.entries(fields)) shape[key] = cellSchema(spec);
  // A column absent from the row is an empty cell, as in a sheet where it was left blank.
  const blanks = Object.fromEntries(Object.keys(fields).map((key) => [key, null]));
  const withBlanks = (row: unknown) =>
    row !== null && typeof row === 'object' && !Array.isArray(row) ? { ...blanks, ...row } : row;
  return z.preprocess(withBlanks, z.object(shape)) as unknown as z.ZodType<
    FieldsRecord<F>,
    Record<string, unknown>
  >;
}

/** The verdict on one cell of this field: blank → null (or REQUIRED), else the parser's. */
function cellVerdict<T>(spec: FieldSpec<T>, raw: unknown): Result<T | null> {
  if (!isBlank(raw)) return spec.parse(raw);
  return spec.required
    ? fail('REQUIRED', `La colonne « ${spec.label} » est obligatoire.`)
    : { ok: true, value: null };
}

/**
 * Validates one cell against its field, outside of a row: the verdict of {@link cellSchema},
 * without going through zod (a reconcile parses every cell of the workbook this way).
 */
export function parseCell<T>(spec: FieldSpec<T>, raw: unknown): Result<T | null> {
  const result = cellVerdict(spec, raw);
  if (result.ok) return result;
  // The error as zodIssuesToErrors gives it for the schema's single issue: no path.
  const error: FieldError = { path: [], code: result.error.code, message: result.error.message };
  return { ok: false, error };
}

/** A French error attached to the field (path) it concerns. */
export interface FieldError extends DomainError {
  readonly path: readonly (string | number)[];
}

const ZOD_CODE_MESSAGES: Record<string, { code: string; message: string }> = {
  invalid_type: { code: 'INVALID_TYPE', message: 'Type de valeur inattendu.' },
  too_big: { code: 'TOO_BIG', message: 'Valeur trop grande.' },
  too_small: { code: 'TOO_SMALL', message: 'Valeur trop petite.' },
  invalid_format: { code: 'INVALID_FORMAT', message: 'Format invalide.' },
  invalid_value: { code: 'INVALID_VALUE', message: 'Valeur non autorisée.' },
  unrecognized_keys: { code: 'UNKNOWN_FIELD', message: 'Champ inconnu.' },
  invalid_union: { code: 'INVALID_VALUE', message: 'Valeur non reconnue.' },
};

/**
 * The one place where a ZodError becomes French: our parsers' issues keep their stable code and
 * message; zod's own issues get a generic French message naming the field.
 */
export function zodIssuesToErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const where = path.length > 0 ? ` (champ « ${path.join('.')} »)` : '';
    if (issue.code === 'custom') {
      const domainCode: unknown = issue.params?.[DOMAIN_CODE_PARAM];
      if (typeof domainCode === 'string') return { path, code: domainCode, message: issue.message };
    }
    const known = ZOD_CODE_MESSAGES[issue.code] ?? { code: 'INVALID', message: 'Valeur invalide.' };
    return { path, code: known.code, message: `${known.message.slice(0, -1)}${where}.` };
  });
}

/** Joins a ZodError into one French sentence list, for HTTP answers and logs. */
export function formatZodError(error: z.ZodError): string {
  return zodIssuesToErrors(error)
    .map((e) => e.message)
    .join(' ');
}
