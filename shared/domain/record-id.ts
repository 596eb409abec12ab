import { fail, ok, type Result } from './result';
import { describeRaw } from './values/cell-value';
import { OPERATOR_CODES, type OperatorCode } from './operator';

/** The kinds of records the system keeps, one per editable tab. */
export const RECORD_KINDS = [
  'beneficiary',
  'plan',
  'mission',
  'solicitation',
  'provider',
  'registerProposal',
] as const;

/** A kind of record. */
export type RecordKind = (typeof RECORD_KINDS)[number];

/** The ID prefix of each kind, as people read it in the `ID` column. */
export const ID_PREFIXES: Record<RecordKind, string> = {
  beneficiary: 'STR',
  plan: 'ACC',
  mission: 'MIS',
  solicitation: 'SOL',
  provider: 'PRE',
  registerProposal: 'PRP',
};

/** The parts of a record ID. Providers belong to the region, so they have no operator. */
export interface RecordIdParts {
  readonly kind: RecordKind;
  readonly operator: OperatorCode | null;
  readonly sequence: number;
}

/** Formats an ID like `MIS-CBE-LM-0042` (operator records) or `PRE-0042` (register). */
export function formatRecordId(parts: RecordIdParts): string {
  const number = String(parts.sequence).padStart(4, '0');
  return parts.operator === null
    ? `${ID_PREFIXES[parts.kind]}-${number}`
    : `${ID_PREFIXES[parts.kind]}-${parts.operator}-${number}`;
}

const ID_PATTERN = /^([A-Z]{3})-(?:([A-Z0-9]+-[A-Z]+)-)?(\d{4,})$/;

/** Reads an ID typed or pasted in a sheet; refuses anything the system could not have issued. */
export function parseRecordId(raw: unknown): Result<RecordIdParts> {
  const text = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  const match = ID_PATTERN.exec(text);
  const kind = match
    ? (Object.keys(ID_PREFIXES) as RecordKind[]).find((k) => ID_PREFIXES[k] === match[1])
    : undefined;
  const operatorText = match?.[2];
  const sequenceText = match?.[3];
  if (!match || !kind || sequenceText === undefined) {
    return fail(
      'ID_INVALID',
      `Identifiant « ${describeRaw(raw)} » illisible : il est attribué par le système (ex. MIS-CBE-LM-0042).`,
    );
  }
  const operator =
    operatorText === undefined ? null : OPERATOR_CODES.find((c) => c === operatorText);
  if (operator === undefined || (kind === 'provider') !== (operator === null)) {
    return fail(
      'ID_INVALID',
      `Identifiant « ${describeRaw(raw)} » illisible : il est attribué par le système (ex. MIS-CBE-LM-0042).`,
    );
  }
  return ok({ kind, operator, sequence: Number(sequenceText) });
}

/** A parser for a column that references another record of the given kind (e.g. the mission of a solicitation). */
export function referenceParser(kind: RecordKind): (raw: unknown) => Result<string> {
  return (raw) => {
    const parsed = parseRecordId(raw);
    if (!parsed.ok) return parsed;
    if (parsed.value.kind !== kind) {
      return fail(
        'REFERENCE_WRONG_KIND',
        `« ${describeRaw(raw)} » n'est pas un identifiant ${ID_PREFIXES[kind]}-… attendu ici.`,
      );
    }
    return ok(formatRecordId(parsed.value));
  };
}
