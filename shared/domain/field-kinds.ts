import { field, type FieldSpec } from './field-spec';
import { referenceParser, type RecordKind } from './record-id';
import { ok, type Result } from './result';
import { parseAmount } from './values/amount';
import { parseChoice, parseChoices } from './values/choice';
import { parseEmail } from './values/email';
import { parseFrenchDate, type IsoDate } from './values/french-date';
import { parseDecimal, parseInteger } from './values/number';
import { parsePhone } from './values/phone';
import { parsePostalCode } from './values/postal-code';
import { parseSiretOrRna } from './values/rna';
import { parseSiret } from './values/siret';
import { parseLongText, parseShortText } from './values/text';
import { parseYesNo } from './values/yes-no';

/** Options every column may take. */
export interface ColumnOptions {
  readonly required?: boolean;
  readonly confidential?: boolean;
}

function withOptions(o: ColumnOptions): { required?: boolean; confidential?: boolean } {
  return {
    ...(o.required === undefined ? {} : { required: o.required }),
    ...(o.confidential === undefined ? {} : { confidential: o.confidential }),
  };
}

/** A single-line text column (names, towns, titles). */
export function textColumn(
  label: string,
  note: string,
  o: ColumnOptions & { maxLength?: number } = {},
): FieldSpec<string> {
  return field({
    label,
    note,
    format: 'text',
    parse: (raw) => parseShortText(raw, o.maxLength ?? 300),
    ...withOptions(o),
  });
}

/** A multi-line free-text column; free text never leaves the operator. */
export function longTextColumn(
  label: string,
  note: string,
  o: ColumnOptions = {},
): FieldSpec<string> {
  return field({
    label,
    note,
    format: 'longText',
    parse: (raw) => parseLongText(raw),
    confidential: true,
    ...withOptions(o),
  });
}

/** A date column, entered jj/mm/aaaa and stored aaaa-mm-jj. */
export function dateColumn(label: string, note: string, o: ColumnOptions = {}): FieldSpec<IsoDate> {
  return field({ label, note, format: 'date', parse: parseFrenchDate, ...withOptions(o) });
}

/** An amount in euros, stored in cents. */
export function amountColumn(
  label: string,
  note: string,
  o: ColumnOptions = {},
): FieldSpec<number> {
  return field({ label, note, format: 'amount', parse: parseAmount, ...withOptions(o) });
}

/** A decimal number within bounds (days, FTE). */
export function decimalColumn(
  label: string,
  note: string,
  bounds: { min: number; max: number; maxDecimals: number },
  o: ColumnOptions = {},
): FieldSpec<number> {
  return field({
    label,
    note,
    format: 'number',
    parse: (raw) => parseDecimal(raw, bounds),
    ...withOptions(o),
  });
}

/** A whole number within bounds (scores, satisfaction). */
export function integerColumn(
  label: string,
  note: string,
  bounds: { min: number; max: number },
  o: ColumnOptions = {},
): FieldSpec<number> {
  return field({
    label,
    note,
    format: 'number',
    parse: (raw) => parseInteger(raw, bounds),
    ...withOptions(o),
  });
}

/** A Oui/Non column. */
export function yesNoColumn(
  label: string,
  note: string,
  o: ColumnOptions = {},
): FieldSpec<boolean> {
  return field({
    label,
    note,
    format: 'yesNo',
    parse: parseYesNo,
    choices: ['Oui', 'Non'],
    ...withOptions(o),
  });
}

/** A column with one value from a list, shown as a dropdown. */
export function choiceColumn<const L extends readonly string[]>(
  label: string,
  note: string,
  choices: L,
  o: ColumnOptions = {},
): FieldSpec<L[number]> {
  return field({
    label,
    note,
    format: 'choice',
    choices,
    parse: (raw) => parseChoice(raw, choices) as Result<L[number]>,
    ...withOptions(o),
  });
}

/** A column with several values from a list (Google Sheets multi-select dropdown). */
export function choicesColumn(
  label: string,
  note: string,
  choices: readonly string[],
  o: ColumnOptions = {},
): FieldSpec<string[]> {
  return field({
    label,
    note,
    format: 'choices',
    choices,
    parse: (raw) => parseChoices(raw, choices),
    ...withOptions(o),
  });
}

/** A SIRET column (14 digits, checksum verified). */
export function siretColumn(label: string, note: string, o: ColumnOptions = {}): FieldSpec<string> {
  return field({ label, note, format: 'identifier', parse: parseSiret, ...withOptions(o) });
}

/** A SIRET or RNA (W + 9 digits) column, for associations not yet registered with INSEE. */
export function siretOrRnaColumn(
  label: string,
  note: string,
  o: ColumnOptions = {},
): FieldSpec<string> {
  return field({
    label,
    note,
    format: 'identifier',
    parse: (raw) => {
      const parsed = parseSiretOrRna(raw);
      return parsed.ok ? ok(parsed.value.value) : parsed;
    },
    ...withOptions(o),
  });
}

/** A French postal code column. */
export function postalCodeColumn(
  label: string,
  note: string,
  o: ColumnOptions = {},
): FieldSpec<string> {
  return field({ label, note, format: 'postalCode', parse: parsePostalCode, ...withOptions(o) });
}

/** A phone number column, normalised to 03 59 30 67 30. */
export function phoneColumn(label: string, note: string, o: ColumnOptions = {}): FieldSpec<string> {
  return field({ label, note, format: 'phone', parse: parsePhone, ...withOptions(o) });
}

/** An e-mail column. */
export function emailColumn(label: string, note: string, o: ColumnOptions = {}): FieldSpec<string> {
  return field({ label, note, format: 'email', parse: parseEmail, ...withOptions(o) });
}

/** A column holding the ID of another record (e.g. the mission of a solicitation). */
export function referenceColumn(
  label: string,
  note: string,
  kind: RecordKind,
  o: ColumnOptions = {},
): FieldSpec<string> {
  return field({
    label,
    note,
    format: 'reference',
    references: kind,
    parse: referenceParser(kind),
    ...withOptions(o),
  });
}
