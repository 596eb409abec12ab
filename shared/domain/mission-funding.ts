import { fail, ok, type Result } from './result';
import { formatEuros, parseAmount } from './values/amount';
import { describeRaw } from './values/cell-value';
import { blankOrFormulaFailure, cleanCellText } from './values/text';
import { normalizeForMatch } from './values/text-normalization';

/**
 * The funders the guide names on every proposal and final report (part III: « Logos des
 * financeurs (DDTEFP, Caisse des Dépôts, Conseil Régional Nord - pas de calais et du Conseil
 * Général du Nord ou du Pas de Calais) »). Other partners may direct their support to the DLA
 * (part II: « Flécher leur soutien financier au DLA sur une cible particulière »): they are
 * written « Partenaire <nom> ».
 */
export const GUIDE_FUNDERS = [
  'DDTEFP',
  'Caisse des Dépôts',
  'Conseil Régional',
  'Conseil Général du Nord',
  'Conseil Général du Pas-de-Calais',
] as const;

/** The word that introduces a partner's name in the « Financeurs et montants » column. */
export const PARTNER_PREFIX = 'Partenaire';

/** One funder of a mission and its amount in cents. */
export interface FundingLine {
  /** A funder of the guide, or « Partenaire <nom> ». */
  readonly funder: string;
  readonly partner: boolean;
  readonly amountCents: number;
}

const SHORT_FORMS: Readonly<Record<string, string>> = {
  cdc: 'Caisse des Dépôts',
  region: 'Conseil Régional',
  'conseil regional nord pas de calais': 'Conseil Régional',
  'conseil general 59': 'Conseil Général du Nord',
  'conseil general 62': 'Conseil Général du Pas-de-Calais',
  'conseil general du pas de calais': 'Conseil Général du Pas-de-Calais',
};

function funderName(typed: string): Result<{ funder: string; partner: boolean }> {
  const key = normalizeForMatch(typed).replace(/[-–]/g, ' ').replace(/\s+/g, ' ').trim();
  const known =
    GUIDE_FUNDERS.find((f) => normalizeForMatch(f).replace(/[-–]/g, ' ') === key) ??
    SHORT_FORMS[key];
  if (known !== undefined) return ok({ funder: known, partner: false });
  const prefix = normalizeForMatch(PARTNER_PREFIX);
  if (key.startsWith(`${prefix} `)) {
    const name = typed.trim().slice(PARTNER_PREFIX.length).trim();
    if (name !== '') return ok({ funder: `${PARTNER_PREFIX} ${name}`, partner: true });
  }
  return fail(
    'FUNDER_UNKNOWN',
    `Financeur « ${typed.trim()} » inconnu : choisissez parmi ${GUIDE_FUNDERS.join(', ')}, ou écrivez « ${PARTNER_PREFIX} <nom> » pour un autre partenaire.`,
  );
}

/** Reads « DDTEFP : 2 000 ; Partenaire Fondation de France : 500 » into lines, or says why not. */
export function readFundingLines(text: string): Result<FundingLine[]> {
  const lines: FundingLine[] = [];
  for (const part of text
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const colon = part.lastIndexOf(':');
    if (colon <= 0) {
      return fail(
        'FUNDING_INVALID',
        `« ${part} » : écrivez « Financeur : montant », par exemple « DDTEFP : 2 000 ».`,
      );
    }
    const name = funderName(part.slice(0, colon));
    if (!name.ok) return name;
    const amount = parseAmount(part.slice(colon + 1).trim());
    if (!amount.ok)
      return fail('FUNDING_INVALID', `${name.value.funder} : ${amount.error.message}`);
    if (lines.some((l) => l.funder === name.value.funder)) {
      return fail(
        'FUNDING_INVALID',
        `${name.value.funder} apparaît deux fois : une ligne par financeur.`,
      );
    }
    lines.push({ ...name.value, amountCents: amount.value });
  }
  return ok(lines);
}

/** « DDTEFP : 2 000,00 € ; Conseil Régional : 1 500,00 € », the canonical text of the lines. */
export function formatFundingLines(lines: readonly FundingLine[]): string {
  return lines.map((l) => `${l.funder} : ${formatEuros(l.amountCents)}`).join(' ; ');
}

/**
 * Parses the « Financeurs et montants » cell and stores its canonical text, so that the sync
 * reads back what it wrote; `FUNDER_UNKNOWN` or `FUNDING_INVALID` otherwise.
 */
export function parseFunding(raw: unknown): Result<string> {
  const early = blankOrFormulaFailure(raw);
  if (early !== null) return early;
  const text = cleanCellText(String(raw));
  const lines = readFundingLines(text);
  if (!lines.ok) return lines;
  if (lines.value.length === 0)
    return fail('FUNDING_INVALID', `« ${describeRaw(raw)} » : aucun financeur lu.`);
  return ok(formatFundingLines(lines.value));
}

/** The funding lines of a stored mission (none when blank or unreadable). */
export function fundingOf(stored: string | null): FundingLine[] {
  if (stored === null) return [];
  const lines = readFundingLines(stored);
  return lines.ok ? lines.value : [];
}
