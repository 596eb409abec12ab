/** Values as a person types them in a French spreadsheet: SIRETs, amounts, e-mails, phones. */
import type { AnyFieldSpec } from '../../shared/domain/field-spec';
import type { CellValue } from '../../shared/domain/values/cell-value';
import type { DemoRow } from './demo-data-model';
import { FIRST_NAMES, LAST_NAMES } from './demo-vocabulary.data';
import type { Random } from './demo-random';

function luhnCheckDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i += 1) {
    // The check digit will take position 0 from the right: the payload's last digit is doubled.
    let digit = Number(payload.charAt(payload.length - 1 - i));
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

export function randomDigits(rng: Random, count: number): string {
  let digits = '';
  for (let i = 0; i < count; i += 1) digits += String(rng.int(0, 9));
  return digits;
}

/** A SIRET with valid checksums: SIREN (8 digits + Luhn) then NIC (4 digits + Luhn over 14). */
export function newSiret(rng: Random, used: Set<string>): string {
  for (;;) {
    const sirenBody = `${rng.int(3, 8)}${randomDigits(rng, 7)}`;
    const siren = `${sirenBody}${luhnCheckDigit(sirenBody)}`;
    const nicBody = `000${rng.int(1, 9)}`;
    const payload = `${siren}${nicBody}`;
    const siret = `${payload}${luhnCheckDigit(payload)}`;
    if (!used.has(siret)) {
      used.add(siret);
      return siret;
    }
  }
}

/** A SIRET as typed: plain digits or grouped « 732 829 320 00074 ». */
export function typedSiret(rng: Random, siret: string): string {
  return rng.chance(0.3)
    ? `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`
    : siret;
}

export function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** An amount in whole euros as typed: « 6 000,00 € », « 6 000 € », « 6000 » or a number. */
export function typedAmount(rng: Random, euros: number): CellValue {
  return rng.weighted<CellValue>([
    [`${groupThousands(euros)},00 €`, 5],
    [`${groupThousands(euros)} €`, 2],
    [String(euros), 1],
    [euros, 2],
  ]);
}

/** A decimal as typed: an integer stays a number, a half is written « 7,5 ». */
export function typedDecimal(value: number): CellValue {
  return Number.isInteger(value) ? value : String(value).replace('.', ',');
}

function withoutAccents(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/**
 * A domain-safe slug: lowercase ASCII letters and digits joined by hyphens, without the town a
 * homonym carries in brackets, cut at a word boundary.
 */
export function slug(s: string, maxLength = 30): string {
  const full = withoutAccents(s.replace(/\s*\(.*\)$/, ''))
    .toLowerCase()
    .replace(/&/g, ' ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (full.length <= maxLength) return full;
  const cut = full.slice(0, maxLength + 1);
  const boundary = cut.lastIndexOf('-');
  return (boundary > 0 ? cut.slice(0, boundary) : full.slice(0, maxLength)).replace(/-+$/g, '');
}

export function emailOf(first: string, last: string, domain: string): string {
  return `${slug(first)}.${slug(last)}@${domain}`;
}

export function phoneOf(rng: Random, prefix: string): string {
  const start = rng.chance(0.25) ? rng.pick(['06', '07']) : prefix;
  const rest = [rng.int(10, 99), rng.int(10, 99), rng.int(10, 99)].map(String).join(' ');
  const phone = `${start.length === 2 ? `${start} ${rng.int(10, 99)}` : start} ${rest}`;
  return rng.chance(0.15) ? phone.replace(/ /g, '') : phone;
}

export function personName(rng: Random): { first: string; last: string } {
  return { first: rng.pick(FIRST_NAMES), last: rng.pick(LAST_NAMES) };
}

/** A name not used yet: the candidate, else the candidate with its town, else numbered. */
export function uniqueName(candidate: string, town: string, used: Set<string>): string {
  let name = candidate;
  if (used.has(name)) name = `${candidate} (${town})`;
  for (let n = 2; used.has(name); n += 1) name = `${candidate} ${n}`;
  used.add(name);
  return name;
}

/** A row with every field key of the tab: blank cells are null, as a sheet reads them. */
export function rowOf<F extends Readonly<Record<string, AnyFieldSpec>>>(
  fields: F,
  values: Partial<Record<keyof F & string, CellValue>>,
): DemoRow {
  const row: DemoRow = {};
  for (const key of Object.keys(fields) as (keyof F & string)[]) row[key] = values[key] ?? null;
  return row;
}

export function countFor(base: number, scale: number): number {
  return Math.max(1, Math.round(base * scale));
}
