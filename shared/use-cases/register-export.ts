import { OPERATOR_CODES, type OperatorCode } from '../domain/operator';
import {
  mergeProviderHistories,
  providerHistoryReader,
  type ProviderHistory,
} from '../domain/regional/provider-history';
import {
  registerExportSheet,
  resolveRegisterFilters,
  searchRegister,
  type RegisterFilters,
  type RegisterMatch,
} from '../domain/register-export';
import { ok, type Result } from '../domain/result';
import { parisDateOf } from '../domain/values/french-date';
import type { Clock } from '../ports/clock';
import {
  DEFAULT_EXPORT_RETENTION,
  type ExportFormat,
  type ExportSink,
  type ExportWritten,
} from '../ports/export-sink';
import type { RecordStore } from '../ports/record-store';
import { forEachOwnerRecord } from './regional-records';

/** The dated name's prefix of the register export: `registre-prestataires-2026-11-27.csv`. */
export const REGISTER_EXPORT_BASE_NAME = 'registre-prestataires';

/** The system document recording the last run of the export. */
export const REGISTER_EXPORT_RUN_DOCUMENT = 'last-run-register-export';

/** The filters as typed on a command line or sent to a function, before they are checked. */
export interface RawRegisterFilters {
  readonly competence?: string | undefined;
  readonly sector?: string | undefined;
  readonly area?: string | undefined;
}

/**
 * The missions each provider was retained for and their satisfaction, from every operator's
 * records, read one operator at a time so that only the small history stays in memory.
 */
export async function loadProviderHistory(store: RecordStore): Promise<ProviderHistory> {
  let history: ProviderHistory = new Map();
  for (const code of OPERATOR_CODES)
    history = mergeProviderHistories(history, await operatorHistory(store, code));
  return history;
}

/** One operator's history: each record is reduced to what the history needs as it is read. */
async function operatorHistory(store: RecordStore, code: OperatorCode): Promise<ProviderHistory> {
  const reader = providerHistoryReader(code);
  await forEachOwnerRecord(store, code, (record) => reader.add(record));
  return reader.history();
}

/** The ports the register export needs. */
export interface RegisterExportPorts {
  readonly store: RecordStore;
  readonly sink: ExportSink;
  readonly clock: Clock;
}

/** What to export. */
export interface RegisterExportInput {
  readonly format: ExportFormat;
  readonly filters?: RawRegisterFilters;
  /** Dated files kept, the new one included. */
  readonly keep?: number;
  /** A chosen file name instead of the dated one. */
  readonly fileName?: string;
}

/** What an export did. */
export interface RegisterExportReport {
  readonly at: string;
  readonly filters: RegisterFilters;
  readonly written: ExportWritten;
}

/**
 * `registerExport` (nightly and on demand): the active register with completeness, facets,
 * missions and satisfaction, filtered as asked, streamed to a dated .xlsx or CSV file; the oldest
 * exports beyond the retention are deleted. Fails with `FILTER_UNKNOWN` on a filter that is not
 * in the reference lists, or with the sink's expected failures.
 */
export async function registerExport(
  ports: RegisterExportPorts,
  input: RegisterExportInput,
): Promise<Result<RegisterExportReport>> {
  const filters = resolveRegisterFilters(input.filters ?? {});
  if (!filters.ok) return filters;
  const now = ports.clock.now();
  const at = now.toISOString();
  const history = await loadProviderHistory(ports.store);
  const register = await ports.store.loadRegister();
  const written = await ports.sink.write({
    baseName: REGISTER_EXPORT_BASE_NAME,
    date: parisDateOf(now),
    format: input.format,
    sheets: [registerExportSheet(register, history, filters.value, at)],
    keep: input.keep ?? DEFAULT_EXPORT_RETENTION,
    ...(input.fileName === undefined ? {} : { fileName: input.fileName }),
  });
  await ports.store.writeDocument('system', REGISTER_EXPORT_RUN_DOCUMENT, {
    at,
    format: input.format,
    file: written.ok ? written.value.fileName : written.error.code,
    rows: written.ok ? written.value.rows : null,
  });
  if (!written.ok) return written;
  return ok({ at, filters: filters.value, written: written.value });
}

/** What a search found. */
export interface RegisterSearchResult {
  readonly filters: RegisterFilters;
  readonly matches: readonly RegisterMatch[];
}

/**
 * The guide's search of the register by competence, sector and geography (`dla register
 * search`): the active providers matching every filter, complete sheets first, with their
 * missions and mean satisfaction. Fails with `FILTER_UNKNOWN` on an unknown filter value.
 */
export async function registerSearch(
  ports: { readonly store: RecordStore },
  raw: RawRegisterFilters,
): Promise<Result<RegisterSearchResult>> {
  const filters = resolveRegisterFilters(raw);
  if (!filters.ok) return filters;
  const history = await loadProviderHistory(ports.store);
  const register = await ports.store.loadRegister();
  return ok({ filters: filters.value, matches: searchRegister(register, filters.value, history) });
}
