/**
 * `sheetEdit` under load: the local functions server (`serveFunctions`, every function at
 * `/<name>`) with the embedded SQLite store of a built workspace, and a load generator of
 * concurrent editors sending signed edits, each editor waiting for its answer before the next
 * edit (a person does not type two cells at once).
 *
 * @packageDocumentation
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { XlsxWorkbookGateway } from '../../functions/adapters/xlsx-workbook-gateway';
import { signRequest } from '../../functions/auth/hmac-signature';
import { createAppContext, setAppContext } from '../../functions/composition-root';
import { loadConfig } from '../../functions/config';
import type { Clock } from '../../shared/ports/clock';
import type { CellValue } from '../../shared/domain/values/cell-value';
import { ID_COLUMN, RECORD_TABS } from '../../shared/domain/workbook-model';
import type { TabSnapshot } from '../../shared/domain/workbook-snapshot';
import type { SheetEditEvent } from '../../shared/use-cases/sheet-edit-event';
import { serveFunctions } from '../../scripts/serve-functions';
import { BENCH_OPERATOR } from '../lib/bench-data';
import { fullGc, peakRssMb, percentile, resetPeak, rssMb, round } from '../lib/measure';

/** A clock `offsetMs` ahead of the machine's, shared by the server and the editors. */
export function offsetClock(offsetMs: number): Clock {
  return { now: () => new Date(Date.now() + offsetMs) };
}

/** Arguments of the server child. */
export interface ServerArgs {
  readonly dir: string;
  readonly storePath: string;
  readonly secret: string;
  readonly clockOffsetMs: number;
}

/**
 * Runs the functions server until told to stop, talking to the parent over IPC: `ready` with its
 * URL, then on `mark` it resets its peak-memory mark, on `report` it answers its memory, on
 * `stop` it closes.
 */
export async function serverCase(args: ServerArgs): Promise<void> {
  const config = loadConfig({
    DLA_WORKSPACE: args.dir,
    DLA_SQLITE_PATH: args.storePath,
    DLA_HMAC_SECRETS: JSON.stringify({ [BENCH_OPERATOR]: args.secret }),
  });
  if (!config.ok) throw new Error(config.error.message);
  const context = createAppContext(config.value, offsetClock(args.clockOffsetMs));
  setAppContext(context);
  const server = await serveFunctions(0, config.value.maxBodyBytes);
  const send = (message: unknown) => process.send?.(message);
  await new Promise<void>((resolve) => {
    process.on('message', (message: unknown) => {
      if (message === 'mark') {
        fullGc();
        resetPeak();
        send({ type: 'marked', rssMb: round(rssMb(), 1) });
      } else if (message === 'report') {
        send({ type: 'report', peakRssMb: round(peakRssMb(), 1), rssMb: round(rssMb(), 1) });
      } else if (message === 'stop') {
        void server.close().then(async () => {
          await context.close();
          resolve();
        });
      }
    });
    send({ type: 'ready', url: server.url });
  });
}

/** What kind of edits the editors send. */
export type LoadMode = 'edits' | 'no-op';

/** Arguments of the load child. */
export interface LoadArgs {
  readonly url: string;
  readonly dir: string;
  readonly secret: string;
  readonly clockOffsetMs: number;
  readonly editors: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly mode: LoadMode;
  /** Share of edits that are a paste of {@link PASTE_ROWS} rows (the rest are single cells). */
  readonly pasteShare: number;
}

/** Rows of a paste edit. */
export const PASTE_ROWS = 10;

/** Latency figures of one kind of request, in milliseconds. */
export interface Latency {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** What a load run measured (after the warm-up). */
export interface LoadResult {
  readonly mode: LoadMode;
  readonly editors: number;
  readonly durationMs: number;
  readonly requests: number;
  readonly throughputPerS: number;
  readonly all: Latency;
  readonly byKind: Readonly<Record<string, Latency>>;
  /** Answers other than 200, by status and code. */
  readonly failures: Readonly<Record<string, number>>;
  /** Mean request body size in bytes, by kind. */
  readonly bodyBytes: Readonly<Record<string, number>>;
}

function latency(values: readonly number[]): Latency {
  return {
    count: values.length,
    p50: round(percentile(values, 50), 1),
    p95: round(percentile(values, 95), 1),
    p99: round(percentile(values, 99), 1),
    max: round(Math.max(...values), 1),
    mean: round(values.reduce((s, v) => s + v, 0) / Math.max(1, values.length), 1),
  };
}

/** One editor's share of a tab: the rows it edits, and the IDs of all the other rows. */
interface TabShare {
  readonly tab: TabSnapshot;
  readonly column: number;
  readonly rows: readonly { rowNumber: number; values: CellValue[]; id: string }[];
  readonly idColumn: number;
}

function shareOf(tab: TabSnapshot, label: string, editor: number, editors: number): TabShare {
  const column = tab.header.indexOf(label);
  const idColumn = tab.header.indexOf(ID_COLUMN);
  if (column < 0 || idColumn < 0) throw new Error(`No column ${label} in ${tab.name}.`);
  const rows = tab.rows
    .filter((_, i) => i % editors === editor)
    .map((r) => ({
      rowNumber: r.rowNumber,
      values: r.cells.map((c) => c.value),
      id: String(r.cells[idColumn]?.value ?? ''),
    }));
  return { tab, column, rows, idColumn };
}

/** JSON cell values of an event (Apps Script sends dates as ISO text). */
function jsonValue(value: CellValue): string | number | boolean | null {
  return value instanceof Date ? value.toISOString() : value;
}

/**
 * Sends signed edits from `editors` concurrent editors for the warm-up then the measured
 * duration. Each editor edits its own rows of the operator's workbook: a mission title (one
 * cell), or a paste of new prices over {@link PASTE_ROWS} solicitation rows; in `no-op` mode the
 * same bodies are sent for a tab that holds no records, which `sheetEdit` answers at once.
 */
export async function loadCase(args: LoadArgs): Promise<LoadResult> {
  const read = await new XlsxWorkbookGateway(args.dir).read(BENCH_OPERATOR);
  if (!read.ok) throw new Error(read.error.message);
  const tabNamed = (name: string): TabSnapshot => {
    const tab = read.value.tabs.find((t) => t.name === name);
    if (tab === undefined) throw new Error(`No tab ${name}.`);
    return tab;
  };
  const missions = tabNamed(RECORD_TABS.mission.tab);
  const solicitations = tabNamed(RECORD_TABS.solicitation.tab);
  const titleLabel = RECORD_TABS.mission.fields['title']?.label ?? '';
  const priceLabel = RECORD_TABS.solicitation.fields['priceCents']?.label ?? '';
  // As the Apps Script sends it: the other rows holding the edited rows' IDs (found with a
  // TextFinder), not every ID of the tab.
  const sameIdRows = (share: TabShare, except: ReadonlySet<number>) => {
    const ids = new Set(
      share.tab.rows
        .filter((r) => except.has(r.rowNumber))
        .map((r) => String(r.cells[share.idColumn]?.value ?? '')),
    );
    return share.tab.rows
      .filter((r) => !except.has(r.rowNumber))
      .map((r) => ({ row: r.rowNumber, id: String(r.cells[share.idColumn]?.value ?? '') }))
      .filter((r) => r.id !== '' && ids.has(r.id));
  };
  const clock = offsetClock(args.clockOffsetMs);
  const agent = new http.Agent({ keepAlive: true, maxSockets: args.editors });
  const target = new URL('/sheetEdit', args.url);

  const post = (body: string): Promise<{ status: number; code: string }> =>
    new Promise((resolve, reject) => {
      const headers = {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        ...signRequest(args.secret, body, clock.now()),
      };
      const request = http.request(target, { method: 'POST', agent, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          let code = '';
          if (response.statusCode !== 200) {
            try {
              const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
              const error =
                typeof parsed === 'object' && parsed !== null ? Reflect.get(parsed, 'error') : null;
              const value =
                typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : '';
              code = typeof value === 'string' ? value : '';
            } catch {
              code = 'UNPARSABLE';
            }
          }
          resolve({ status: response.statusCode ?? 0, code });
        });
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(body);
    });

  const started = performance.now();
  const measureFrom = started + args.warmupMs;
  const stopAt = measureFrom + args.durationMs;
  const samples = new Map<string, number[]>();
  const bytes = new Map<string, number[]>();
  const failures: Record<string, number> = {};

  const editor = async (index: number) => {
    const missionShare = shareOf(missions, titleLabel, index, args.editors);
    const solicitationShare = shareOf(solicitations, priceLabel, index, args.editors);
    let n = 0;
    // Deterministic mix: every k-th edit is a paste.
    const pasteEvery = args.pasteShare > 0 ? Math.round(1 / args.pasteShare) : 0;
    while (performance.now() < stopAt) {
      n += 1;
      const paste = pasteEvery > 0 && n % pasteEvery === 0 && solicitationShare.rows.length > 0;
      let event: SheetEditEvent;
      if (paste) {
        const start = (n * PASTE_ROWS) % solicitationShare.rows.length;
        const rows = Array.from(
          { length: Math.min(PASTE_ROWS, solicitationShare.rows.length) },
          (_, k) => solicitationShare.rows[(start + k) % solicitationShare.rows.length],
        ).flatMap((r) => (r === undefined ? [] : [r]));
        const numbers = new Set(rows.map((r) => r.rowNumber));
        event = {
          eventId: randomUUID(),
          spreadsheetId: `local-${BENCH_OPERATOR}`,
          tab: args.mode === 'no-op' ? 'Alertes' : solicitations.name,
          editedColumns: [solicitationShare.column],
          header: [...solicitations.header],
          rows: rows.map((r, k) => ({
            rowNumber: r.rowNumber,
            values: r.values.map((v, c) =>
              c === solicitationShare.column ? 1_000 + ((n + k) % 50) * 100 : jsonValue(v),
            ),
          })),
          sameIdRows: sameIdRows(solicitationShare, numbers),
          user: `editeur.${index}@cbe-lille.fr`,
          timestamp: clock.now().toISOString(),
        };
      } else {
        const row = missionShare.rows[n % Math.max(1, missionShare.rows.length)];
        if (row === undefined) break;
        event = {
          eventId: randomUUID(),
          spreadsheetId: `local-${BENCH_OPERATOR}`,
          tab: args.mode === 'no-op' ? 'Alertes' : missions.name,
          editedColumns: [missionShare.column],
          header: [...missions.header],
          rows: [
            {
              rowNumber: row.rowNumber,
              values: row.values.map((v, c) =>
                c === missionShare.column ? `${String(v)} (v${n})` : jsonValue(v),
              ),
            },
          ],
          sameIdRows: sameIdRows(missionShare, new Set([row.rowNumber])),
          user: `editeur.${index}@cbe-lille.fr`,
          timestamp: clock.now().toISOString(),
        };
      }
      const kind = paste ? `paste ${PASTE_ROWS} rows` : 'single cell';
      const body = JSON.stringify(event);
      const sent = performance.now();
      const answer = await post(body);
      const done = performance.now();
      if (sent < measureFrom || done > stopAt) continue;
      if (answer.status !== 200) {
        const key = `${answer.status} ${answer.code}`.trim();
        failures[key] = (failures[key] ?? 0) + 1;
      }
      samples.set(kind, [...(samples.get(kind) ?? []), done - sent]);
      bytes.set(kind, [...(bytes.get(kind) ?? []), Buffer.byteLength(body)]);
    }
  };
  await Promise.all(Array.from({ length: args.editors }, (_, i) => editor(i)));
  agent.destroy();
  const all = [...samples.values()].flat();
  return {
    mode: args.mode,
    editors: args.editors,
    durationMs: args.durationMs,
    requests: all.length,
    throughputPerS: round(all.length / (args.durationMs / 1000), 1),
    all: latency(all),
    byKind: Object.fromEntries([...samples].map(([k, v]) => [k, latency(v)])),
    failures,
    bodyBytes: Object.fromEntries(
      [...bytes].map(([k, v]) => [k, Math.round(v.reduce((s, b) => s + b, 0) / v.length)]),
    ),
  };
}
