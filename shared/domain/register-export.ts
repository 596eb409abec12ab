import type { StoredRecord } from './stored-record';
import type { ExportColumn, ExportRow, ExportSheet } from './export-sheet';
import { asProvider } from './entity-view';
import { PROVIDER_FIELDS, providerCompleteness, type Provider } from './provider';
import type { ProviderHistory } from './regional/provider-history';
import { parseRecordId } from './record-id';
import {
  COMPETENCES,
  NORD_WIDE,
  OUT_OF_REGION,
  PAS_DE_CALAIS_WIDE,
  SECTORS,
  TERRITORIES,
  territoryDepartment,
  WHOLE_REGION,
} from './reference-lists';
import { fail, ok, type Result } from './result';
import { formatChoices, parseChoice } from './values/choice';
import { formatParisDateTime } from './values/paris-time';
import { normalizeForMatch } from './values/text-normalization';
import { formatYesNo } from './values/yes-no';

/*
 * The provider register as the C2RA exports it (for the regional and national base) and searches
 * it: the guide's « recherche par compétence, secteur d'activité et secteur géographique ».
 */

/** The guide's search: any combination of a competence, a sector and an area. */
export interface RegisterFilters {
  readonly competence?: string;
  readonly sector?: string;
  readonly area?: string;
}

/**
 * Whether a provider intervening in `areas` can work in `area`:
 * - a territory is covered by itself, by its whole département and by « Région entière »;
 * - a whole département is covered by any of its territories, by itself and by the region (the
 *   provider works somewhere in it);
 * - « Région entière » is covered by any area of the region;
 * - « Hors région » only by itself.
 */
export function coversArea(areas: readonly string[], area: string): boolean {
  if (area === OUT_OF_REGION) return areas.includes(OUT_OF_REGION);
  if (area === WHOLE_REGION) return areas.some((a) => a !== OUT_OF_REGION);
  if (area === NORD_WIDE || area === PAS_DE_CALAIS_WIDE) {
    return areas.some((a) => a === WHOLE_REGION || territoryDepartment(a) === area);
  }
  const department = territoryDepartment(area);
  return areas.some((a) => a === area || a === WHOLE_REGION || a === department);
}

/** Whether a provider answers the search. */
export function matchesFilters(provider: Provider, filters: RegisterFilters): boolean {
  if (
    filters.competence !== undefined &&
    !(provider.competences ?? []).includes(filters.competence)
  )
    return false;
  if (filters.sector !== undefined && !(provider.sectors ?? []).includes(filters.sector))
    return false;
  return filters.area === undefined || coversArea(provider.areas ?? [], filters.area);
}

/** The value of a reference list a person means: the same words, else the only value containing them. */
function resolveValue(typed: string, allowed: readonly string[], what: string): Result<string> {
  const exact = parseChoice(typed, allowed);
  if (exact.ok) return exact;
  const key = normalizeForMatch(typed);
  const containing = key === '' ? [] : allowed.filter((v) => normalizeForMatch(v).includes(key));
  if (containing.length === 1 && containing[0] !== undefined) return ok(containing[0]);
  // The parser speaks of the sheet's dropdown, which a command line or a request does not have.
  const message = exact.error.message.replace(/ \(liste complète dans le menu déroulant\)/, '');
  return fail('FILTER_UNKNOWN', `${what} : ${message}`);
}

/**
 * Reads the filters typed on a command line or sent to a function: each is matched against its
 * reference list, accents and case ignored (« gouvernance », « lilloise »); code `FILTER_UNKNOWN`
 * with the closest values.
 */
export function resolveRegisterFilters(raw: {
  readonly competence?: string | undefined;
  readonly sector?: string | undefined;
  readonly area?: string | undefined;
}): Result<RegisterFilters> {
  const filters: { competence?: string; sector?: string; area?: string } = {};
  const entries = [
    ['competence', raw.competence, COMPETENCES, 'Compétence'],
    ['sector', raw.sector, SECTORS, "Secteur d'activité"],
    ['area', raw.area, TERRITORIES, 'Territoire'],
  ] as const;
  for (const [key, typed, allowed, what] of entries) {
    if (typed === undefined || typed.trim() === '') continue;
    const resolved = resolveValue(typed, allowed, what);
    if (!resolved.ok) return resolved;
    filters[key] = resolved.value;
  }
  return ok(filters);
}

/** A provider found by the search. */
export interface RegisterMatch {
  readonly id: string;
  readonly provider: Provider;
  readonly sheetComplete: boolean;
  readonly missing: readonly string[];
  readonly missions: number;
  readonly meanSatisfaction: number | null;
}

function sequenceOf(id: string): number {
  const parsed = parseRecordId(id);
  return parsed.ok ? parsed.value.sequence : Number.MAX_SAFE_INTEGER;
}

/** Register order: by the number of the ID (PRE-0002 before PRE-0010), then by ID. */
function byRegisterOrder(a: StoredRecord, b: StoredRecord): number {
  return sequenceOf(a.id) - sequenceOf(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function meanOf(history: ProviderHistory, id: string): number | null {
  const entry = history.get(id);
  return entry === undefined || entry.satisfactionCount === 0
    ? null
    : entry.satisfactionSum / entry.satisfactionCount;
}

const FRENCH_ORDER = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/**
 * The guide's search of the register: the active providers matching every filter given (none:
 * all), complete sheets first (only they can be paid), then by name.
 */
export function searchRegister(
  register: readonly StoredRecord[],
  filters: RegisterFilters,
  history: ProviderHistory = new Map(),
): RegisterMatch[] {
  return register
    .filter((r) => r.kind === 'provider' && !r.archived)
    .map((r) => ({ record: r, provider: asProvider(r.data) }))
    .filter(({ provider }) => matchesFilters(provider, filters))
    .map(({ record, provider }) => {
      const completeness = providerCompleteness(provider);
      return {
        id: record.id,
        provider,
        sheetComplete: completeness.sheetComplete,
        missing: completeness.missing,
        missions: history.get(record.id)?.missions ?? 0,
        meanSatisfaction: meanOf(history, record.id),
      };
    })
    .sort(
      (a, b) =>
        Number(b.sheetComplete) - Number(a.sheetComplete) ||
        FRENCH_ORDER.compare(a.provider.legalName ?? '', b.provider.legalName ?? '') ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
}

/** The header of the column of one facet value: « Compétence : Gouvernance ». */
export function facetHeader(facet: 'Compétence' | 'Secteur' | 'Territoire', value: string): string {
  return `${facet} : ${value}`;
}

/** The mark of a facet value a provider has, in its own column. */
export const FACET_MARK = 'x';

const FIELD_COLUMNS: readonly (readonly [keyof Provider, ExportColumn])[] = [
  ['legalName', { header: PROVIDER_FIELDS.legalName.label, type: 'text', width: 32 }],
  ['siret', { header: PROVIDER_FIELDS.siret.label, type: 'text', width: 16 }],
  ['legalForm', { header: PROVIDER_FIELDS.legalForm.label, type: 'text', width: 20 }],
  ['street', { header: PROVIDER_FIELDS.street.label, type: 'text', width: 30 }],
  ['postalCode', { header: PROVIDER_FIELDS.postalCode.label, type: 'text', width: 11 }],
  ['town', { header: PROVIDER_FIELDS.town.label, type: 'text', width: 20 }],
  ['contactName', { header: PROVIDER_FIELDS.contactName.label, type: 'text', width: 24 }],
  ['email', { header: PROVIDER_FIELDS.email.label, type: 'text', width: 30 }],
  ['phone', { header: PROVIDER_FIELDS.phone.label, type: 'text', width: 16 }],
  ['competences', { header: PROVIDER_FIELDS.competences.label, type: 'text', width: 48 }],
  ['sectors', { header: PROVIDER_FIELDS.sectors.label, type: 'text', width: 40 }],
  ['areas', { header: PROVIDER_FIELDS.areas.label, type: 'text', width: 40 }],
  ['consultants', { header: PROVIDER_FIELDS.consultants.label, type: 'text', width: 30 }],
  ['referencedOn', { header: PROVIDER_FIELDS.referencedOn.label, type: 'date' }],
];

const FACETS = [
  ['Compétence', 'competences', COMPETENCES],
  ['Secteur', 'sectors', SECTORS],
  ['Territoire', 'areas', TERRITORIES],
] as const;

/**
 * The columns of the register export: the ID, the fields of the « fiche type prestataire », its
 * completeness and what is missing, the number of missions and the mean satisfaction, then one
 * column per competence, sector and territory of the reference lists (marked « x »), to filter
 * on one value in a spreadsheet.
 */
export const REGISTER_EXPORT_COLUMNS: readonly ExportColumn[] = [
  { header: 'ID', type: 'text', width: 12 },
  ...FIELD_COLUMNS.map(([, column]) => column),
  { header: 'Fiche complète', type: 'text', width: 15 },
  { header: 'Éléments manquants', type: 'text', width: 40 },
  { header: 'Missions retenues', type: 'integer' },
  { header: 'Satisfaction moyenne', type: 'decimal', decimals: 2 },
  ...FACETS.flatMap(([facet, , values]) =>
    values.map((value): ExportColumn => ({
      header: facetHeader(facet, value),
      type: 'text',
      width: 6,
    })),
  ),
];

function fieldValue(provider: Provider, key: keyof Provider): string | null {
  const value = provider[key];
  if (value === null) return null;
  return Array.isArray(value) ? formatChoices(value) : String(value);
}

/**
 * The rows of the register export, one per active provider matching the filters, in register
 * order, produced one at a time (a 50 000-line register is never held twice in memory).
 */
export function* registerExportRows(
  register: readonly StoredRecord[],
  history: ProviderHistory,
  filters: RegisterFilters = {},
): Generator<ExportRow> {
  const active = register.filter((r) => r.kind === 'provider' && !r.archived).sort(byRegisterOrder);
  for (const record of active) {
    const provider = asProvider(record.data);
    if (!matchesFilters(provider, filters)) continue;
    const completeness = providerCompleteness(provider);
    yield [
      record.id,
      ...FIELD_COLUMNS.map(([key]) => fieldValue(provider, key)),
      formatYesNo(completeness.sheetComplete),
      completeness.missing.length === 0 ? null : completeness.missing.join(', '),
      history.get(record.id)?.missions ?? 0,
      meanOf(history, record.id),
      ...FACETS.flatMap(([, key, values]) => {
        const own: readonly string[] = provider[key] ?? [];
        return values.map((value) => (own.includes(value) ? FACET_MARK : null));
      }),
    ];
  }
}

/** The filters in words, for the title of an export: « compétence Gouvernance, territoire Calaisis ». */
export function describeFilters(filters: RegisterFilters): string {
  const parts = [
    filters.competence === undefined ? null : `compétence « ${filters.competence} »`,
    filters.sector === undefined ? null : `secteur « ${filters.sector} »`,
    filters.area === undefined ? null : `territoire « ${filters.area} »`,
  ].filter((p): p is string => p !== null);
  return parts.join(', ');
}

/** The tab name of the register export. */
export const REGISTER_EXPORT_SHEET = 'Registre';

/** The register export as one sheet, titled with the date and time of the run and the filters. */
export function registerExportSheet(
  register: readonly StoredRecord[],
  history: ProviderHistory,
  filters: RegisterFilters,
  at: string,
): ExportSheet {
  const [date = '', time = ''] = formatParisDateTime(at).split(' ');
  const filtered = describeFilters(filters);
  return {
    name: REGISTER_EXPORT_SHEET,
    title: `Registre régional des prestataires DLA Nord – Pas de Calais, export du ${date} à ${time} (heure de Paris)${filtered === '' ? '' : ` : ${filtered}`}`,
    columns: REGISTER_EXPORT_COLUMNS,
    rows: registerExportRows(register, history, filters),
  };
}
