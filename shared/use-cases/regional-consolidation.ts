import { buildDashboard } from '../domain/dashboard/dashboard-charts';
import { REGIONAL_DASHBOARD_SOURCES } from '../domain/dashboard/dashboard-sources';
import { C2RA, OPERATOR_CODES, type OperatorCode } from '../domain/operator';
import type { IsoDate } from '../domain/values/french-date';
import { assembleRegionalView } from '../domain/regional/regional-view';
import { regionalExportSheets, toTabReplacements } from '../domain/regional/regional-output';
import type { IndicatorRow, RegionalView } from '../domain/regional/regional-rows';
import {
  operatorFactsReader,
  type OperatorFacts,
  type RegisterDigest,
  type TextPool,
} from '../domain/regional/mission-facts';
import type { Result } from '../domain/result';
import { parisDateOf } from '../domain/values/french-date';
import type { ChartRenderer } from '../ports/chart-renderer';
import type { Clock } from '../ports/clock';
import {
  DEFAULT_EXPORT_RETENTION,
  type ExportSink,
  type ExportWritten,
} from '../ports/export-sink';
import type { Mailer } from '../ports/mailer';
import type { RecordStore } from '../ports/record-store';
import type { SpreadsheetGateway } from '../ports/spreadsheet-gateway';
import { forEachOwnerRecord, loadRegisterDigest } from './regional-records';
import { sendDashboardDigest, type DashboardDigestOutcome } from './send-dashboard-digest';

/** The dated name's prefix of the consolidation file: `consolidation-regionale-2026-11-27.xlsx`. */
export const CONSOLIDATION_BASE_NAME = 'consolidation-regionale';

/** The system document recording the last run, for the C2RA and the monitoring. */
export const CONSOLIDATION_RUN_DOCUMENT = 'last-run-regional-consolidation';

/** The ports the consolidation needs. */
export interface RegionalConsolidationPorts {
  readonly store: RecordStore;
  /** The C2RA's workbook: the regional Google spreadsheet, or `dla-C2RA.xlsx` locally. */
  readonly gateway: SpreadsheetGateway;
  readonly sink: ExportSink;
  readonly clock: Clock;
  /** With a renderer and recipients, the weekly dashboard e-mail goes to the C2RA. */
  readonly mailer?: Mailer;
  readonly renderer?: ChartRenderer;
  /** Who receives the weekly dashboard e-mail (the C2RA's addresses). */
  readonly dashboardRecipients?: readonly string[];
}

/** What to produce. */
export interface RegionalConsolidationInput {
  /** Replace the three tabs of the C2RA workbook (true by default). */
  readonly workbook?: boolean;
  /** Write the dated .xlsx file (true by default). */
  readonly file?: boolean;
  /** Dated files kept, the new one included. */
  readonly keep?: number;
  /** A chosen file name instead of the dated one (`dla consolidate --out`). */
  readonly fileName?: string;
  /** Draw the « Tableau de bord » tab and send its weekly e-mail (true by default). */
  readonly dashboard?: boolean;
}

/** What a consolidation did; an output not asked for is null. */
export interface RegionalConsolidationReport {
  readonly generatedAt: string;
  readonly missions: number;
  readonly providers: number;
  /** The region total of the indicators. */
  readonly region: IndicatorRow;
  readonly workbook: Result<void> | null;
  readonly file: Result<ExportWritten> | null;
  /** The weekly dashboard e-mail; null when none was due (no mailer, renderer or recipient). */
  readonly digest: DashboardDigestOutcome | null;
  /** True when every output asked for was written. */
  readonly complete: boolean;
}

/** One operator's part of the view: each record is reduced to its facts as it is read. */
async function operatorPart(
  store: RecordStore,
  code: OperatorCode,
  register: RegisterDigest,
  today: IsoDate,
  pool: TextPool,
): Promise<OperatorFacts> {
  const reader = operatorFactsReader(code, register.names, today, pool);
  await forEachOwnerRecord(store, code, (record) => reader.add(record));
  return reader.facts();
}

/**
 * The regional view read from the store one operator at a time: the register is reduced to its
 * digest, then each operator's records, page by page where the store allows it, are reduced as
 * they come to their allowed data and to what the rows need of them (one page of full records in
 * memory at a time); the operator's rows are computed before the next operator is read, and only
 * the rows and a few fields per mission and solicitation are kept. The same view as
 * `consolidateRegion` over every record at once.
 */
export async function loadRegionalView(
  store: RecordStore,
  today: IsoDate,
  at: string,
): Promise<RegionalView> {
  const register = await loadRegisterDigest(store);
  const parts: OperatorFacts[] = [];
  const pool: TextPool = new Map();
  for (const code of OPERATOR_CODES)
    parts.push(await operatorPart(store, code, register, today, pool));
  return assembleRegionalView(parts, register, today, at);
}

/**
 * `regionalConsolidation` (weekly and on demand): reads every operator's records and the register
 * from the store (never from the spreadsheets), one operator at a time, computes the regional view without confidential
 * content, replaces the three tabs and the « Tableau de bord » of the C2RA workbook in one write
 * (a reader sees the old tables or the new ones), writes the dated .xlsx file, and sends the
 * week's dashboard e-mail to the C2RA once a week. A failed output (workbook open in
 * Excel, file locked) does not prevent the other; the report says which.
 */
export async function regionalConsolidation(
  ports: RegionalConsolidationPorts,
  input: RegionalConsolidationInput = {},
): Promise<RegionalConsolidationReport> {
  const now = ports.clock.now();
  const at = now.toISOString();
  const today = parisDateOf(now);
  const view = await loadRegionalView(ports.store, today, at);
  const dashboard =
    input.dashboard === false ? undefined : buildDashboard(view, REGIONAL_DASHBOARD_SOURCES);

  const workbook =
    input.workbook === false
      ? null
      : await ports.gateway.write(C2RA, {
          cells: [],
          tabs: toTabReplacements(view),
          ...(dashboard === undefined ? {} : { dashboard }),
        });
  const file =
    input.file === false
      ? null
      : await ports.sink.write({
          baseName: CONSOLIDATION_BASE_NAME,
          date: today,
          format: 'xlsx',
          sheets: regionalExportSheets(view),
          keep: input.keep ?? DEFAULT_EXPORT_RETENTION,
          ...(input.fileName === undefined ? {} : { fileName: input.fileName }),
          ...(dashboard === undefined ? {} : { dashboard }),
        });
  const recipients = ports.dashboardRecipients ?? [];
  const digest =
    dashboard === undefined ||
    ports.mailer === undefined ||
    ports.renderer === undefined ||
    recipients.length === 0
      ? null
      : await sendDashboardDigest(
          { store: ports.store, mailer: ports.mailer, renderer: ports.renderer },
          dashboard,
          recipients,
          today,
        );
  const region = view.indicatorRows[view.indicatorRows.length - 1];
  if (region === undefined) throw new Error('The regional view has no region total');
  const complete = (workbook?.ok ?? true) && (file?.ok ?? true);
  await ports.store.writeDocument('system', CONSOLIDATION_RUN_DOCUMENT, {
    at,
    complete,
    missions: view.missionRows.length,
    workbook: workbook === null ? null : workbook.ok ? 'written' : workbook.error.code,
    file: file === null ? null : file.ok ? file.value.fileName : file.error.code,
  });
  return {
    generatedAt: at,
    missions: view.missionRows.length,
    providers: view.providerRows.length,
    region,
    workbook,
    file,
    digest,
    complete,
  };
}
