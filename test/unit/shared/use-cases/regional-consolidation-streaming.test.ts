import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  BENCH_NOW,
  BENCH_TODAY,
  benchData,
  operatorRecords as demoOperatorRecords,
  registerRecords,
} from '../../../../bench/lib/bench-data';
import { generateDemoData } from '../../../../scripts/demo/demo-data';
import { buildDashboard } from '../../../../shared/domain/dashboard/dashboard-charts';
import { REGIONAL_DASHBOARD_SOURCES } from '../../../../shared/domain/dashboard/dashboard-sources';
import { OPERATOR_CODES, type OperatorCode } from '../../../../shared/domain/operator';
import { consolidateRegion } from '../../../../shared/domain/regional/regional-view';
import {
  regionalExportSheets,
  toTabReplacements,
} from '../../../../shared/domain/regional/regional-output';
import { ok } from '../../../../shared/domain/result';
import type { ExportRow, ExportSheet } from '../../../../shared/domain/export-sheet';
import type { ExportSink } from '../../../../shared/ports/export-sink';
import type { OwnerState, StoredRecord } from '../../../../shared/domain/stored-record';
import type { RecordStore } from '../../../../shared/ports/record-store';
import type { SpreadsheetGateway, WriteBack } from '../../../../shared/ports/spreadsheet-gateway';
import { regionalConsolidation } from '../../../../shared/use-cases/regional-consolidation';
import { registerExport } from '../../../../shared/use-cases/register-export';
import {
  AT,
  operatorRecords as fixtureOperatorRecords,
  REGISTER,
  TODAY,
} from '../../../support/builders/consolidation-fixtures';

/*
 * The regional consolidation reads the store one operator at a time and keeps no operator's
 * records once their facts are derived, and its outputs are the very ones of the consolidation
 * over every record at once. Memory is held structurally, not timed: a fake store sees the order
 * and overlap of the loads, and weak references to what it handed out tell, after a full garbage
 * collection, which operators' records are still alive.
 */

// A full collection on demand, to see which handed-out records are still reachable.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Lets the current job end, so that the weak references it created may be cleared, then collects. */
async function settledGc(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
}

/** One load (or page) the store served, and a weak reference to what it handed out. */
interface Served {
  readonly owner: string;
  readonly records: WeakRef<readonly StoredRecord[]>;
}

/**
 * A read-only store over the records of each owner kept as JSON, so that each load hands out
 * new objects that only the caller holds; with a page size, it also reads page by page. It
 * records the loads, how many were in flight at once, and, at each load or page and at the end,
 * what of the records handed out before is still alive.
 */
class WatchingStore implements RecordStore {
  readonly loads: string[] = [];
  /** At each load or page: the owners of the earlier loads or pages still alive, one entry each. */
  readonly aliveAtEachLoad: string[][] = [];
  aliveAtEnd: string[] = [];
  maxInFlight = 0;
  pagesServed = 0;
  private inFlight = 0;
  private readonly served: Served[] = [];
  private readonly json: Map<string, string[]>;
  readonly documents = new Map<string, unknown>();
  readonly loadOwnerPages?: (
    owner: OperatorCode,
    pageSize: number,
  ) => AsyncIterable<readonly StoredRecord[]>;

  constructor(
    operators: Readonly<Record<OperatorCode, readonly StoredRecord[]>>,
    register: readonly StoredRecord[],
    options: { readonly paged?: boolean; readonly watch?: boolean } = {},
  ) {
    this.watch = options.watch ?? true;
    const lines = (records: readonly StoredRecord[]) => records.map((r) => JSON.stringify(r));
    this.json = new Map(OPERATOR_CODES.map((code) => [code, lines(operators[code])]));
    this.json.set('register', lines(register));
    // Read page by page, the register is the C2RA's records.
    this.json.set('C2RA', lines(register));
    // Pages smaller than asked, so that the demo data's operators span several pages each.
    if (options.paged === true)
      this.loadOwnerPages = (owner, pageSize) => this.pages(owner, Math.min(pageSize, 10));
  }

  /** False when only the outputs matter: no collection at each page (a large region has many). */
  private readonly watch: boolean;

  private async alive(): Promise<string[]> {
    if (!this.watch) return [];
    await settledGc();
    return this.served.filter((s) => s.records.deref() !== undefined).map((s) => s.owner);
  }

  /** Hands out records parsed anew, after noting what is still alive of the earlier ones. */
  private async hand(owner: string, lines: readonly string[]): Promise<StoredRecord[]> {
    this.aliveAtEachLoad.push(await this.alive());
    const records = lines.map((line) => JSON.parse(line) as StoredRecord);
    this.served.push({ owner, records: new WeakRef(records) });
    return records;
  }

  private async serve(owner: string): Promise<StoredRecord[]> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.loads.push(owner);
    const records = await this.hand(owner, this.json.get(owner) ?? []);
    this.inFlight -= 1;
    return records;
  }

  private async *pages(owner: string, pageSize: number): AsyncIterable<StoredRecord[]> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.loads.push(owner);
    const lines = this.json.get(owner) ?? [];
    try {
      for (let first = 0; first < lines.length; first += pageSize) {
        this.pagesServed += 1;
        yield await this.hand(owner, lines.slice(first, first + pageSize));
      }
    } finally {
      this.inFlight -= 1;
    }
  }

  async loadOwner(owner: OperatorCode): Promise<OwnerState> {
    return { records: await this.serve(owner), quarantineKeys: new Set() };
  }

  async loadRegister(): Promise<readonly StoredRecord[]> {
    return this.serve('register');
  }

  async readDocument(): Promise<unknown> {
    return null;
  }

  async writeDocument(owner: string, name: string, value: unknown): Promise<void> {
    // The last run's record is written once every output is done.
    this.aliveAtEnd = await this.alive();
    this.documents.set(`${owner}/${name}`, value);
  }

  getRecords(): Promise<readonly StoredRecord[]> {
    return Promise.reject(new Error('not used by the consolidation'));
  }
  findReferencing(): Promise<readonly StoredRecord[]> {
    return Promise.reject(new Error('not used by the consolidation'));
  }
  findCreatedSince(): Promise<readonly StoredRecord[]> {
    return Promise.reject(new Error('not used by the consolidation'));
  }
  nextSequence(): Promise<number> {
    return Promise.reject(new Error('read-only'));
  }
  async readEntries(): Promise<ReadonlyMap<string, unknown>> {
    return new Map();
  }
  async writeEntries(): Promise<void> {}
  apply(): Promise<never> {
    return Promise.reject(new Error('read-only'));
  }
  listAudit(): Promise<never[]> {
    return Promise.resolve([]);
  }
  listQuarantine(): Promise<never[]> {
    return Promise.resolve([]);
  }
  async close(): Promise<void> {}
}

/** What the outputs of a consolidation hold: the workbook's write, the file's tables. */
interface Outputs {
  readonly workbook: WriteBack | null;
  readonly sheets: readonly { name: string; title: string | null; rows: ExportRow[] }[];
}

async function tablesOf(sheets: readonly ExportSheet[]): Promise<Outputs['sheets']> {
  const out: { name: string; title: string | null; rows: ExportRow[] }[] = [];
  for (const sheet of sheets) {
    const rows: ExportRow[] = [sheet.columns.map((c) => c.header)];
    for await (const row of sheet.rows) rows.push(row);
    out.push({ name: sheet.name, title: sheet.title, rows });
  }
  return out;
}

/** The outputs of the consolidation of every record at once (the way it was computed before). */
async function allAtOnce(
  operators: Readonly<Record<OperatorCode, readonly StoredRecord[]>>,
  register: readonly StoredRecord[],
  today: string,
  at: string,
): Promise<Outputs> {
  const view = consolidateRegion({ operators, register, today, at });
  return {
    workbook: {
      cells: [],
      tabs: toTabReplacements(view),
      dashboard: buildDashboard(view, REGIONAL_DASHBOARD_SOURCES),
    },
    sheets: await tablesOf(regionalExportSheets(view)),
  };
}

/** The outputs of the use case reading `store`, caught at its gateway and its sink. */
async function throughUseCase(store: RecordStore, now: Date): Promise<Outputs> {
  let workbook: WriteBack | null = null;
  let sheets: Outputs['sheets'] = [];
  const gateway: SpreadsheetGateway = {
    read: () => Promise.reject(new Error('not read')),
    write: async (_owner, writeBack) => {
      workbook = writeBack;
      return ok(undefined);
    },
  };
  const sink: ExportSink = {
    write: async (request) => {
      sheets = await tablesOf(request.sheets);
      return ok({ fileName: 'f.xlsx', location: 'f.xlsx', rows: 0, removed: [] });
    },
  };
  const report = await regionalConsolidation({
    store,
    gateway,
    sink,
    clock: { now: () => new Date(now.getTime()) },
  });
  expect(report.complete).toBe(true);
  return { workbook, sheets };
}

interface Region {
  readonly operators: Record<OperatorCode, readonly StoredRecord[]>;
  readonly register: readonly StoredRecord[];
  readonly now: Date;
  readonly today: string;
}

function generatedRegion(seed: number, scale: number): Region {
  const data =
    seed === 0 ? benchData(scale) : generateDemoData({ seed, scale, today: BENCH_TODAY });
  const operators = {} as Record<OperatorCode, readonly StoredRecord[]>;
  for (const code of OPERATOR_CODES)
    operators[code] = demoOperatorRecords(code, data.operators[code]);
  return { operators, register: registerRecords(data), now: BENCH_NOW, today: BENCH_TODAY };
}

const REGIONS: readonly (readonly [string, () => Region])[] = [
  [
    'the fixtures (archived records, secrets, two operators)',
    () => ({
      operators: fixtureOperatorRecords(),
      register: REGISTER,
      now: new Date(AT),
      today: TODAY,
    }),
  ],
  ['the demo data (dla init --demo)', () => generatedRegion(0, 1)],
  ['a generated region of 6 × 150 missions (seed 4242)', () => generatedRegion(4242, 10)],
];

describe('regional consolidation, operator by operator', () => {
  const MODES = [
    ['loaded whole', false],
    ['read page by page', true],
  ] as const;
  const CASES = REGIONS.flatMap(([name, regionOf]) =>
    MODES.map(([mode, paged]) => [name, mode, regionOf, paged] as const),
  );

  it.each(CASES)(
    'writes the same tabs, dashboard and file as the consolidation of every record at once: %s, %s',
    async (_name, _mode, regionOf, paged) => {
      const region = regionOf();
      const expected = await allAtOnce(
        region.operators,
        region.register,
        region.today,
        region.now.toISOString(),
      );
      const actual = await throughUseCase(
        new WatchingStore(region.operators, region.register, { paged, watch: false }),
        region.now,
      );
      expect(actual.sheets.map((s) => s.rows.length)).toEqual(
        expected.sheets.map((s) => s.rows.length),
      );
      expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
    },
  );

  it('asks the store for the register, then each operator once, one at a time, and keeps none of their records', async () => {
    const region = generatedRegion(0, 1);
    const store = new WatchingStore(region.operators, region.register);
    await throughUseCase(store, region.now);
    expect(store.loads).toEqual(['register', ...OPERATOR_CODES]);
    expect(store.maxInFlight).toBe(1);
    // When an operator is read, the records read before are no longer held by anyone.
    expect(store.aliveAtEachLoad).toEqual(store.loads.map(() => []));
    expect(store.aliveAtEnd).toEqual([]);
  });

  it('read page by page, holds one page of the register’s or an operator’s full records at most, and none at the end', async () => {
    const region = generatedRegion(0, 1);
    const store = new WatchingStore(region.operators, region.register, { paged: true });
    await throughUseCase(store, region.now);
    expect(store.loads).toEqual(['C2RA', ...OPERATOR_CODES]);
    expect(store.maxInFlight).toBe(1);
    // 15 missions and their structures, plans and solicitations: several pages per operator.
    expect(store.pagesServed).toBeGreaterThan(2 * OPERATOR_CODES.length);
    // At each page, at most the page just before is still held (the reader's loop variable).
    expect(store.aliveAtEachLoad.filter((alive) => alive.length > 1)).toEqual([]);
    expect(store.aliveAtEnd).toEqual([]);
  });

  it('the register export reads each operator once, one at a time, and keeps none of their records', async () => {
    const region = generatedRegion(0, 1);
    const store = new WatchingStore(region.operators, region.register);
    const sink: ExportSink = {
      write: async (request) => {
        const tables = await tablesOf(request.sheets);
        return ok({ fileName: 'r.csv', location: 'r.csv', rows: tables.length, removed: [] });
      },
    };
    const exported = await registerExport(
      { store, sink, clock: { now: () => new Date(region.now.getTime()) } },
      { format: 'csv' },
    );
    expect(exported.ok).toBe(true);
    expect(store.loads).toEqual([...OPERATOR_CODES, 'register']);
    expect(store.maxInFlight).toBe(1);
    expect(store.aliveAtEachLoad).toEqual(store.loads.map(() => []));
    // The register is what the export writes: only the operators' records must be gone.
    expect(store.aliveAtEnd.filter((owner) => owner !== 'register')).toEqual([]);
  });
});
