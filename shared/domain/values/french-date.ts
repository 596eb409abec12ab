import { fail, ok, type Result } from '../result';
import { describeRaw } from './cell-value';
import { normalizeForMatch } from './text-normalization';
import { blankOrFormulaFailure, cleanCellText } from './text';

/** A calendar date without time zone, written `aaaa-mm-jj` (ISO 8601). */
export type IsoDate = string;

/** The earliest year a date of the scheme can fall in. */
const MIN_YEAR = 1950;

/** The latest year a date of the scheme can fall in. */
const MAX_YEAR = 2100;

const MS_PER_DAY = 86_400_000;

/** Days from 1970-01-01 to 1899-12-30, day 0 of spreadsheet serial numbers. */
const SERIAL_EPOCH_OFFSET = 25_569;

/** Instants well outside the accepted years (1900-01-01 and 2200-01-01 UTC). */
const EARLIEST_INSTANT = -2_208_988_800_000;
const LATEST_INSTANT = 7_258_118_400_000;

/** Longer inputs cannot be a date: refused before any further work. */
const MAX_INPUT_LENGTH = 40;

/** The calendar date of an instant in Paris; `en-CA` writes it as `aaaa-mm-jj`. */
const PARIS_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const MONTHS: Readonly<Record<string, number>> = {
  janvier: 1,
  janv: 1,
  jan: 1,
  fevrier: 2,
  fevr: 2,
  fev: 2,
  mars: 3,
  avril: 4,
  avr: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  juil: 7,
  aout: 8,
  septembre: 9,
  sept: 9,
  octobre: 10,
  oct: 10,
  novembre: 11,
  nov: 11,
  decembre: 12,
  dec: 12,
};

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 of a calendar date, in UTC (no daylight saving can shift it). */
function toEpochDay(year: number, month: number, day: number): number {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not turn years 0–99 into 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  return Math.round(date.getTime() / MS_PER_DAY);
}

function fromEpochDay(epochDay: number): IsoDate {
  const date = new Date(epochDay * MS_PER_DAY);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Jour hors du calendrier : ${epochDay}.`);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

interface Parts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function partsOf(iso: IsoDate): Parts | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (match === null) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** The parts of a valid IsoDate; a malformed one is a programming error, reported by a RangeError. */
function requireParts(iso: IsoDate): Parts {
  const parts = partsOf(iso);
  if (parts === null)
    throw new RangeError(`Date ISO invalide : « ${describeRaw(iso)} » (aaaa-mm-jj attendu).`);
  return parts;
}

function epochDayOf(iso: IsoDate): number {
  const { year, month, day } = requireParts(iso);
  return toEpochDay(year, month, day);
}

/** True for a string `aaaa-mm-jj` naming a day that exists in the calendar. */
export function isIsoDate(s: unknown): s is IsoDate {
  return typeof s === 'string' && partsOf(s) !== null;
}

/** A date the data holds, or null when it is missing or malformed (a bad value must not stop a run). */
export function isoDateOrNull(value: unknown): IsoDate | null {
  return isIsoDate(value) ? value : null;
}

/** Writes an IsoDate the French way, `jj/mm/aaaa`; throws a RangeError on a malformed IsoDate. */
export function formatFrenchDate(iso: IsoDate): string {
  const { year, month, day } = requireParts(iso);
  return `${pad(day, 2)}/${pad(month, 2)}/${pad(year, 4)}`;
}

/** The spreadsheet serial number of a date (days since 1899-12-30); throws on a malformed IsoDate. */
export function toSerialNumber(iso: IsoDate): number {
  return epochDayOf(iso) + SERIAL_EPOCH_OFFSET;
}

/**
 * The date of a spreadsheet serial number, its fractional part (the time) ignored; throws a
 * RangeError for a number that is not finite or beyond the calendar.
 */
export function fromSerialNumber(n: number): IsoDate {
  if (!Number.isFinite(n)) throw new RangeError(`Numéro de série de date invalide : ${n}.`);
  return fromEpochDay(Math.floor(n) - SERIAL_EPOCH_OFFSET);
}

/** The date `n` days after `iso` (before it when `n` is negative); `n` must be an integer. */
export function addDays(iso: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`Nombre de jours non entier : ${n}.`);
  return fromEpochDay(epochDayOf(iso) + n);
}

/**
 * The same day `n` months later (earlier when negative), kept within the month: 31 January plus
 * one month is 28 or 29 February.
 */
export function addMonths(iso: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`Nombre de mois non entier : ${n}.`);
  const { year, month, day } = requireParts(iso);
  const monthIndex = year * 12 + (month - 1) + n;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return `${pad(targetYear, 4)}-${pad(targetMonth, 2)}-${pad(targetDay, 2)}`;
}

/** Whole days from `from` to `to` (`to` − `from`): negative when `to` is earlier. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return epochDayOf(to) - epochDayOf(from);
}

/** Orders two dates: -1 when `a` is earlier, 0 on the same day, 1 when later. */
export function compareIsoDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const difference = daysBetween(b, a);
  return difference < 0 ? -1 : difference > 0 ? 1 : 0;
}

/** The calendar date in Paris of an instant; throws a RangeError for an invalid Date. */
export function parisDateOf(instant: Date): IsoDate {
  const parts = PARIS_DATE.formatToParts(instant);
  const value = (type: string): number => Number(parts.find((part) => part.type === type)?.value);
  return `${pad(value('year'), 4)}-${pad(value('month'), 2)}-${pad(value('day'), 2)}`;
}

const FORMAT_MESSAGE = (raw: unknown): string =>
  `Date illisible « ${describeRaw(raw)} » : saisissez-la au format jj/mm/aaaa.`;

function formatError(raw: unknown): Result<IsoDate> {
  return fail('DATE_FORMAT', FORMAT_MESSAGE(raw));
}

function outOfRange(raw: unknown, iso: IsoDate | null): Result<IsoDate> {
  // A year beyond 9999 or before year 0 has no jj/mm/aaaa form: the raw value is shown instead.
  const shown = iso !== null && isIsoDate(iso) ? formatFrenchDate(iso) : describeRaw(raw);
  const typed = describeRaw(raw);
  const origin = shown === typed ? '' : ` (valeur saisie « ${typed} »)`;
  return fail(
    'DATE_OUT_OF_RANGE',
    `Date « ${shown} »${origin} hors limites : l'année doit être comprise entre ${MIN_YEAR} et ${MAX_YEAR}.`,
  );
}

/** Checks that a typed day, month and year exist and fall in the accepted years. */
function fromParts(raw: unknown, year: number, month: number, day: number): Result<IsoDate> {
  if (month < 1 || month > 12) {
    const swapped = day >= 1 && day <= 12 && month <= 31;
    return fail(
      'DATE_INVALID',
      `Date impossible « ${describeRaw(raw)} » : le mois ${month} n'existe pas. Saisissez la date au format jj/mm/aaaa${swapped ? ' (le jour avant le mois)' : ''}.`,
    );
  }
  if (day < 1 || day > daysInMonth(year, month)) {
    return fail(
      'DATE_INVALID',
      `Date impossible « ${describeRaw(raw)} » : ce mois n'a pas de jour ${day}. Saisissez une date qui existe, au format jj/mm/aaaa.`,
    );
  }
  const iso = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  if (year < MIN_YEAR || year > MAX_YEAR) return outOfRange(raw, iso);
  return ok(iso);
}

function inRange(raw: unknown, iso: IsoDate): Result<IsoDate> {
  const parts = partsOf(iso);
  if (parts === null || parts.year < MIN_YEAR || parts.year > MAX_YEAR) return outOfRange(raw, iso);
  return ok(iso);
}

/** Serial numbers of 1950-01-01 and 2100-12-31, kept as bounds before any date arithmetic. */
const MIN_SERIAL = 18_264;
const MAX_SERIAL = 73_415;

function fromSerial(raw: number): Result<IsoDate> {
  if (!Number.isFinite(raw)) return formatError(raw);
  if (raw < MIN_SERIAL || raw >= MAX_SERIAL + 1) {
    // Far beyond the calendar there is no date to show, only the number.
    return outOfRange(raw, Math.abs(raw) < 3_000_000 ? fromSerialNumber(raw) : null);
  }
  return ok(fromSerialNumber(raw));
}

function fromText(raw: unknown, text: string): Result<IsoDate> {
  // jj/mm/aaaa, j/m/aaaa, jj-mm-aaaa, jj.mm.aaaa, optionally followed by a time that is ignored.
  const french =
    /^(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})(?:\s+\d{1,2}[:h]\d{2}(?::\d{2})?)?$/.exec(text);
  if (french !== null) {
    const [, day = '', , month = '', year = ''] = french;
    if (year.length === 2) {
      return fail(
        'DATE_FORMAT',
        `Date « ${describeRaw(raw)} » ambiguë : l'année sur 2 chiffres ne suffit pas, saisissez-la au format jj/mm/aaaa (par exemple 15/03/2024).`,
      );
    }
    return fromParts(raw, Number(year), Number(month), Number(day));
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (iso !== null) return fromParts(raw, Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dateTime =
    /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(
      text,
    );
  if (dateTime !== null) {
    const [, year = '', month = '', day = '', hours = '', minutes = '', seconds = '0', zone] =
      dateTime;
    if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return formatError(raw);
    const calendar = fromParts(raw, Number(year), Number(month), Number(day));
    if (!calendar.ok || zone === undefined) return calendar;
    // An instant with an offset belongs to the day it is in Paris.
    const instant = new Date(text.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    if (Number.isNaN(instant.getTime())) return formatError(raw);
    return inRange(raw, parisDateOf(instant));
  }
  const written = /^(\d{1,2})(?:er)?\s+([^\s\d]+)\s+(\d{4})$/i.exec(text);
  if (written !== null) {
    const month = MONTHS[normalizeForMatch(written[2] ?? '').replace(/\.$/, '')];
    if (month !== undefined) return fromParts(raw, Number(written[3]), month, Number(written[1]));
  }
  return formatError(raw);
}

/**
 * Parses a date typed the French way (`jj/mm/aaaa`, `j/m/aaaa`, `jj-mm-aaaa`, `jj.mm.aaaa`,
 * « 1er mars 2024 »), as ISO (`aaaa-mm-jj`, date-time), as a Date (its day in Paris) or as a
 * spreadsheet serial number; never guesses `mm/jj/aaaa` nor two-digit years. Codes
 * `DATE_FORMAT`, `DATE_INVALID` (no such day), `DATE_OUT_OF_RANGE` (outside 1950–2100).
 */
export function parseFrenchDate(raw: unknown): Result<IsoDate> {
  const early = blankOrFormulaFailure(raw);
  if (early !== null) return early;
  if (raw instanceof Date) {
    const time = raw.getTime();
    if (Number.isNaN(time)) return formatError(raw);
    // Far from the accepted years Intl writes eras (2000 BC would read 2000): it is not asked.
    if (time < EARLIEST_INSTANT || time > LATEST_INSTANT) return outOfRange(raw, null);
    return inRange(raw, parisDateOf(raw));
  }
  if (typeof raw === 'number') return fromSerial(raw);
  if (typeof raw !== 'string') return formatError(raw);
  const text = cleanCellText(raw);
  if (text.length > MAX_INPUT_LENGTH) return formatError(raw);
  return fromText(raw, text);
}
