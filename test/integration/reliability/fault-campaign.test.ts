/**
 * Fault campaign: a recorded sequence of several thousand edit events — several editors on
 * three operators' « Structures » tabs and the C2RA's « Registre », rows created then updated,
 * some values invalid — delivered with duplicates (the same event replayed) and reordering
 * (older edits arriving late), through `applySheetEdit`, against a SQLite store that fails 10 %
 * of its writes: before writing (store unavailable), after writing (a timeout: the write landed
 * but the caller sees an error) and in the middle of the batch (rolled back by SQLite). The
 * driver retries each event until it is accepted or refused, as the Apps Script and the
 * reconcile safety net do.
 *
 * Afterwards: the store equals the result of applying every accepted edit once (computed here,
 * independently: for each row and field, the newest valid value typed), every refused value is
 * in the quarantine, the audit log replayed from nothing gives the stored data, no row lost,
 * no record created twice for a row. A second part runs reconciles through the Google Sheets
 * gateway against the test Sheets API server while it answers 429 (Retry-After) and 503.
 *
 * The figures are printed in the test output.
 */
import { GoogleSheetsGateway } from '../../../functions/adapters/google-sheets-gateway';
import { SqliteRecordStore } from '../../../functions/adapters/sqlite-record-store';
import { mulberry32 } from '../../../scripts/demo/demo-data';
import { parseCell } from '../../../shared/domain/field-spec';
import { C2RA, type WorkbookOwner } from '../../../shared/domain/operator';
import type { RecordKind } from '../../../shared/domain/record-id';
import { completeData, rawText } from '../../../shared/domain/sync/plan-sync';
import { sameJson } from '../../../shared/domain/sync/content-hash';
import type { CellValue } from '../../../shared/domain/values/cell-value';
import { RECORD_TABS } from '../../../shared/domain/workbook-model';
import type { ApplyOutcome, EntryChanges, RecordStore } from '../../../shared/ports/record-store';
import type { AuditEntry, ChangeSet } from '../../../shared/domain/change-set';
import type { FieldJson } from '../../../shared/domain/stored-record';
import { applySheetEdit } from '../../../shared/use-cases/apply-sheet-edit';
import type { SheetEditEvent } from '../../../shared/use-cases/sheet-edit-event';
import { syncWorkbook } from '../../../shared/use-cases/sync-workbook';
import { headerOf } from '../../support/builders/workbook-rows';
import { InMemoryWorkbookGateway } from '../../support/fakes/in-memory-workbook-gateway';
import {
  createSheetsTestClient,
  startSheetsApiServer,
  type SheetsApiServer,
} from '../../support/sheets-api-server';

// ------------------------------------------------------------------------------ the faulty store

/** Kinds of injected store faults. */
type FaultKind = 'before-write' | 'after-write' | 'mid-batch';

/** Thrown by the faulty store; the driver treats any thrown error as an infrastructure failure. */
class InjectedFault extends Error {
  constructor(readonly kind: FaultKind) {
    super(`injected store fault: ${kind}`);
    this.name = 'InjectedFault';
  }
}

/**
 * A list that throws while the store iterates it for the `failOnPass`-th time, after `after`
 * items (or at its end): a failure in the middle of a batch, inside the store's transaction.
 */
function explodingList<T>(items: readonly T[], failOnPass: number, after: number): readonly T[] {
  const copy = [...items];
  let pass = 0;
  Object.defineProperty(copy, Symbol.iterator, {
    value: function* iterate(): Generator<T> {
      pass += 1;
      let index = 0;
      for (const item of items) {
        if (pass === failOnPass && index === after) throw new InjectedFault('mid-batch');
        yield item;
        index += 1;
      }
      if (pass === failOnPass) throw new InjectedFault('mid-batch');
    },
  });
  return copy;
}

/**
 * The SQLite store, failing a share of its `apply` calls: before writing, after writing (the
 * caller sees a timeout although the change set landed), or in the middle of the batch.
 */
class FaultyStore implements RecordStore {
  readonly injected: Record<FaultKind, number> = {
    'before-write': 0,
    'after-write': 0,
    'mid-batch': 0,
  };
  applyCalls = 0;
  enabled = true;

  constructor(
    readonly inner: SqliteRecordStore,
    private readonly random: () => number,
    private readonly rates: Readonly<Record<FaultKind, number>>,
  ) {}

  loadOwner(owner: WorkbookOwner) {
    return this.inner.loadOwner(owner);
  }
  loadRegister() {
    return this.inner.loadRegister();
  }
  getRecords(owner: WorkbookOwner, ids: readonly string[]) {
    return this.inner.getRecords(owner, ids);
  }
  findReferencing(owner: WorkbookOwner, id: string) {
    return this.inner.findReferencing(owner, id);
  }
  findCreatedSince(owner: WorkbookOwner, kind: RecordKind, since: string) {
    return this.inner.findCreatedSince(owner, kind, since);
  }
  nextSequence(owner: WorkbookOwner, kind: RecordKind) {
    return this.inner.nextSequence(owner, kind);
  }
  readEntries(owner: WorkbookOwner | 'system', family: string, keys?: readonly string[]) {
    return this.inner.readEntries(owner, family, keys);
  }
  writeEntries(owner: WorkbookOwner | 'system', family: string, changes: EntryChanges) {
    return this.inner.writeEntries(owner, family, changes);
  }
  listAudit(owner: WorkbookOwner, recordId?: string) {
    return this.inner.listAudit(owner, recordId);
  }
  listQuarantine(owner: WorkbookOwner) {
    return this.inner.listQuarantine(owner);
  }
  readDocument(owner: WorkbookOwner | 'system', name: string) {
    return this.inner.readDocument(owner, name);
  }
  writeDocument(owner: WorkbookOwner | 'system', name: string, value: unknown) {
    return this.inner.writeDocument(owner, name, value);
  }
  close() {
    return this.inner.close();
  }

  async apply(changeSet: ChangeSet): Promise<ApplyOutcome> {
    this.applyCalls += 1;
    const draw = this.random();
    if (!this.enabled) return this.inner.apply(changeSet);
    const { rates } = this;
    if (draw < rates['before-write']) {
      this.injected['before-write'] += 1;
      throw new InjectedFault('before-write');
    }
    if (draw < rates['before-write'] + rates['after-write']) {
      this.injected['after-write'] += 1;
      await this.inner.apply(changeSet);
      throw new InjectedFault('after-write');
    }
    if (draw < rates['before-write'] + rates['after-write'] + rates['mid-batch']) {
      this.injected['mid-batch'] += 1;
      const { puts, audit, quarantine } = changeSet;
      const exploding: ChangeSet =
        puts.length > 0
          ? // Versions are checked on a first pass over the puts, records written on the second.
            { ...changeSet, puts: explodingList(puts, 2, Math.ceil(puts.length / 2)) }
          : audit.length > 0
            ? { ...changeSet, audit: explodingList(audit, 1, Math.ceil(audit.length / 2)) }
            : { ...changeSet, quarantine: explodingList(quarantine, 1, 1) };
      await this.inner.apply(exploding);
      throw new Error('the mid-batch fault did not fire');
    }
    return this.inner.apply(changeSet);
  }
}

// ------------------------------------------------------------------------------ what people type

/** A value a person may type in a field, and what the store keeps of it when it is valid. */
interface Choice {
  readonly raw: CellValue;
  /** The stored value when valid (null: an emptied cell); undefined when the value is refused. */
  readonly stored?: FieldJson;
}

const valid = (raw: CellValue, stored: FieldJson): Choice => ({ raw, stored });
const invalid = (raw: CellValue): Choice => ({ raw });

/** The fields the campaign edits, with valid values (and their stored form) and invalid ones. */
const FIELDS: Readonly<
  Record<'beneficiary' | 'provider', Readonly<Record<string, readonly Choice[]>>>
> = {
  beneficiary: {
    name: [
      valid('Les Amis du Théâtre de Roubaix', 'Les Amis du Théâtre de Roubaix'),
      valid('Jardins de Cocagne', 'Jardins de Cocagne'),
      valid('Radio des Hauts Champs', 'Radio des Hauts Champs'),
      valid('Régie de quartier de Croix', 'Régie de quartier de Croix'),
      invalid('=HYPERLINK("https://exemple.invalid";"Cliquez")'),
    ],
    town: [
      valid('Lille', 'Lille'),
      valid('Dunkerque', 'Dunkerque'),
      valid('Lens', 'Lens'),
      valid('', null),
      invalid('=A1&"x"'),
    ],
    postalCode: [
      valid('59000', '59000'),
      valid('59140', '59140'),
      valid('62300', '62300'),
      valid('', null),
      invalid('ABCDE'),
      invalid('59 0X0'),
    ],
    employeesFte: [
      valid('3,5', 3.5),
      valid(12, 12),
      valid('0,25', 0.25),
      valid('', null),
      invalid('beaucoup'),
      invalid('-2'),
    ],
    email: [
      valid('contact@cocagne.fr', 'contact@cocagne.fr'),
      valid('sophie.leroy@amis-theatre.fr', 'sophie.leroy@amis-theatre.fr'),
      valid('', null),
      invalid('pas-un-email'),
      invalid('a@@b.fr'),
    ],
    phone: [
      valid('03 20 12 34 56', '03 20 12 34 56'),
      valid('0328665544', '03 28 66 55 44'),
      valid('', null),
      invalid('12'),
    ],
    notes: [
      valid('Diagnostic partagé en février.', 'Diagnostic partagé en février.'),
      valid('Départ de la directrice prévu.', 'Départ de la directrice prévu.'),
      valid('', null),
    ],
  },
  provider: {
    legalName: [
      valid('Cabinet Ambroise Conseil', 'Cabinet Ambroise Conseil'),
      valid('Opale Stratégies', 'Opale Stratégies'),
      valid('Coopérative Terrils & Co', 'Coopérative Terrils & Co'),
      invalid('=HYPERLINK("https://exemple.invalid";"Cliquez")'),
    ],
    siret: [
      valid('732 829 320 00074', '73282932000074'),
      valid('44306184100047', '44306184100047'),
      valid('', null),
      invalid('123 456 789 00000'),
      invalid('123'),
    ],
    postalCode: [
      valid('59000', '59000'),
      valid('62100', '62100'),
      valid('', null),
      invalid('ABCDE'),
    ],
    town: [valid('Arras', 'Arras'), valid('Calais', 'Calais'), valid('', null)],
    email: [
      valid('claire.ambroise@ambroise-conseil.fr', 'claire.ambroise@ambroise-conseil.fr'),
      valid('contact@opale-strategies.fr', 'contact@opale-strategies.fr'),
      invalid('contact@'),
    ],
    phone: [
      valid('03 21 00 11 22', '03 21 00 11 22'),
      valid('0320123456', '03 20 12 34 56'),
      invalid('0'),
    ],
    contactName: [valid('Nadia Benali', 'Nadia Benali'), valid('', null)],
  },
};

const WORKBOOKS: readonly {
  readonly owner: WorkbookOwner;
  readonly kind: 'beneficiary' | 'provider';
  readonly editors: readonly string[];
}[] = [
  {
    owner: C2RA,
    kind: 'provider',
    editors: ['julie.dubois@c2ra-npdc.fr', 'marc.lefebvre@c2ra-npdc.fr'],
  },
  {
    owner: 'CBE-LM',
    kind: 'beneficiary',
    editors: ['claire.martin@cbe-lille.fr', 'hugo.lemaire@cbe-lille.fr', 'nina.roux@cbe-lille.fr'],
  },
  {
    owner: 'EE-DK',
    kind: 'beneficiary',
    editors: ['paul.vasseur@entreprendre-ensemble.fr', 'lea.caron@entreprendre-ensemble.fr'],
  },
  {
    owner: 'NA-DEN',
    kind: 'beneficiary',
    editors: ['yanis.benali@nordactif.fr', 'emma.petit@nordactif.fr'],
  },
];

/** One thing a person did in a sheet, in the order people did them. */
interface Typing {
  readonly seq: number;
  readonly at: string;
  readonly workbook: (typeof WORKBOOKS)[number];
  readonly row: number;
  readonly editor: string;
  readonly isCreate: boolean;
  readonly cells: readonly { readonly key: string; readonly choice: Choice }[];
  /** Delivery slot: its own slot, later when delayed (reordering). */
  readonly deliverAt: number;
  /** A second delivery of the same event (a replay), or null. */
  readonly replayAt: number | null;
}

/** The recorded sequence: deterministic for a seed. */
function recordSequence(seed: number, rowsPerWorkbook: number, updates: number): Typing[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(random() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  };
  const typings: Typing[] = [];
  const created: { workbook: (typeof WORKBOOKS)[number]; row: number }[] = [];
  const nextRow = new Map<WorkbookOwner, number>();
  let time = Date.parse('2025-06-02T07:00:00.000Z');
  const total = rowsPerWorkbook * WORKBOOKS.length + updates;
  let createsLeft = rowsPerWorkbook * WORKBOOKS.length;
  for (let seq = 0; seq < total; seq += 1) {
    time += 1000 + Math.floor(random() * 20_000);
    const mustCreate = created.length < 8 || random() < createsLeft / (total - seq);
    const schedule = (isCreate: boolean) => ({
      // Creates go at once; three updates in ten are held back up to 60 slots.
      deliverAt: isCreate || random() >= 0.3 ? seq : seq + 1 + Math.floor(random() * 60),
      replayAt: random() < 0.08 ? seq + 1 + Math.floor(random() * 200) : null,
    });
    if (mustCreate && createsLeft > 0) {
      createsLeft -= 1;
      const workbook = pick(WORKBOOKS);
      const row = nextRow.get(workbook.owner) ?? 2;
      nextRow.set(workbook.owner, row + 1);
      const fields = FIELDS[workbook.kind];
      const [requiredKey, ...others] = Object.keys(fields);
      if (requiredKey === undefined) throw new Error('no fields');
      const names = (fields[requiredKey] ?? []).filter((c) => c.stored !== undefined);
      const cells = [{ key: requiredKey, choice: pick(names) }];
      for (const key of others) {
        if (random() < 0.35) cells.push({ key, choice: pick(fields[key] ?? []) });
      }
      typings.push({
        seq,
        at: new Date(time).toISOString(),
        workbook,
        row,
        editor: pick(workbook.editors),
        isCreate: true,
        cells,
        ...schedule(true),
      });
      created.push({ workbook, row });
      continue;
    }
    // Two updates in five go to a few busy rows and fields, so that late edits meet newer ones.
    const busy = random() < 0.4;
    const { workbook, row } = busy ? pick(created.filter((c) => c.row <= 3)) : pick(created);
    const fields = FIELDS[workbook.kind];
    const key = pick(Object.keys(fields).slice(0, busy ? 2 : undefined));
    typings.push({
      seq,
      at: new Date(time).toISOString(),
      workbook,
      row,
      editor: pick(workbook.editors),
      isCreate: false,
      cells: [{ key, choice: pick(fields[key] ?? []) }],
      ...schedule(false),
    });
  }
  return typings;
}

// ------------------------------------------------------------------------------ helpers

/** A cell as an edit event carries it (the Apps Script sends dates as serial numbers). */
type EventCell = SheetEditEvent['header'][number];

function eventCell(value: CellValue): EventCell {
  return value instanceof Date ? value.toISOString() : value;
}

function labelOf(kind: RecordKind, key: string): string {
  const label = RECORD_TABS[kind].fields[key]?.label;
  if (label === undefined) throw new Error(`no field ${kind}.${key}`);
  return label;
}

/** Replays an owner's audit log on nothing: the data and archive flag of every record. */
function replayAudit(audit: readonly AuditEntry[]): {
  replayed: Map<string, { data: Record<string, FieldJson>; archived: boolean }>;
  chainBreaks: number;
} {
  const replayed = new Map<string, { data: Record<string, FieldJson>; archived: boolean }>();
  let chainBreaks = 0;
  for (const entry of audit) {
    if (entry.field === '@created') {
      if (replayed.has(entry.recordId)) chainBreaks += 1;
      replayed.set(entry.recordId, { data: {}, archived: false });
      continue;
    }
    const record = replayed.get(entry.recordId);
    if (record === undefined) {
      chainBreaks += 1;
      continue;
    }
    if (entry.field === '@archived') record.archived = true;
    else if (entry.field === '@restored') record.archived = false;
    else {
      // Each entry starts from the value the previous one left: nothing changed unaudited.
      if (!sameJson(record.data[entry.field] ?? null, entry.oldValue)) chainBreaks += 1;
      record.data[entry.field] = entry.newValue;
    }
  }
  return { replayed, chainBreaks };
}

async function retryUntilDone<T>(call: () => Promise<T>, onRetry: () => void): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= 50) throw error;
      onRetry();
    }
  }
}

// ------------------------------------------------------------------------------ the campaign

describe('fault campaign: thousands of edit events, duplicated, reordered, against a failing store', () => {
  it('types values whose fate the field parsers agree with (the expected state relies on it)', () => {
    for (const kind of ['beneficiary', 'provider'] as const) {
      for (const [key, choices] of Object.entries(FIELDS[kind])) {
        const spec = RECORD_TABS[kind].fields[key];
        if (spec === undefined) throw new Error(`no field ${kind}.${key}`);
        for (const choice of choices) {
          const parsed = parseCell(spec, choice.raw);
          expect([key, choice.raw, parsed.ok ? parsed.value : 'refusé']).toEqual([
            key,
            choice.raw,
            choice.stored === undefined ? 'refusé' : choice.stored,
          ]);
        }
      }
    }
  });

  it('loses nothing and duplicates nothing', async () => {
    const typings = recordSequence(20_070_601, 60, 3_600);
    const random = mulberry32(424_242);
    const store = new FaultyStore(new SqliteRecordStore(':memory:'), random, {
      'before-write': 0.04,
      'after-write': 0.03,
      'mid-batch': 0.03,
    });
    const sheet = new InMemoryWorkbookGateway();
    for (const { owner, kind } of WORKBOOKS) {
      // The C2RA's columns are in another order: columns are matched by label, never position.
      const header = headerOf(kind);
      sheet.setTab(
        owner,
        RECORD_TABS[kind].tab,
        owner === C2RA ? [header[0] ?? 'ID', ...header.slice(1).reverse()] : header,
      );
    }
    let now = Date.parse('2025-06-02T07:00:00.000Z');
    const clock = { now: () => new Date(now) };
    const ports = { store, clock };

    const figures = {
      typed: typings.length,
      creates: typings.filter((t) => t.isCreate).length,
      updates: typings.filter((t) => !t.isCreate).length,
      deliveries: 0,
      duplicatesDelivered: 0,
      duplicateAnswers: 0,
      reordered: 0,
      retries: 0,
      staleIgnored: 0,
      refusedValues: 0,
      lostAnswers: 0,
      safetyNetReconciles: 0,
      refusedEvents: 0,
    };

    /** The events as sent (built when typed: the row as the sheet showed it then). */
    const sent = new Map<number, SheetEditEvent>();
    const deliveries = new Map<number, { seq: number; replay: boolean }[]>();
    for (const t of typings) {
      deliveries.set(t.deliverAt, [
        ...(deliveries.get(t.deliverAt) ?? []),
        { seq: t.seq, replay: false },
      ]);
      if (t.replayAt !== null)
        deliveries.set(t.replayAt, [
          ...(deliveries.get(t.replayAt) ?? []),
          { seq: t.seq, replay: true },
        ]);
    }
    const lastDelivered = new Map<WorkbookOwner, number>();

    const reconcile = async (owner: WorkbookOwner) => {
      figures.safetyNetReconciles += 1;
      await retryUntilDone(
        async () => {
          const result = await syncWorkbook(
            { store, clock, gateway: sheet },
            owner,
            'réconciliation planifiée',
          );
          if (!result.ok) throw new Error(result.error.message);
          figures.staleIgnored += result.value.stale;
        },
        () => (figures.retries += 1),
      );
    };

    const deliver = async (typing: Typing, replay: boolean) => {
      const event = sent.get(typing.seq);
      if (event === undefined) throw new Error(`event ${typing.seq} delivered before it was typed`);
      figures.deliveries += 1;
      if (replay) figures.duplicatesDelivered += 1;
      const owner = typing.workbook.owner;
      if ((lastDelivered.get(owner) ?? -1) > typing.seq) figures.reordered += 1;
      lastDelivered.set(owner, Math.max(lastDelivered.get(owner) ?? -1, typing.seq));
      let failed = false;
      const result = await retryUntilDone(
        () => applySheetEdit(ports, owner, event),
        () => {
          failed = true;
          figures.retries += 1;
        },
      );
      if (!result.ok) {
        figures.refusedEvents += 1;
        return;
      }
      if (result.value.duplicate) {
        figures.duplicateAnswers += 1;
        // The first attempt landed but its answer was lost (a timeout): the new row's ID never
        // reached the sheet. The Apps Script leaves a note; the reconcile safety net takes it up.
        if (failed && !replay && typing.isCreate) {
          figures.lostAnswers += 1;
          await reconcile(owner);
        }
        return;
      }
      figures.staleIgnored += result.value.report?.stale ?? 0;
      await sheet.write(owner, { cells: result.value.cells, tabs: [] });
    };

    for (let slot = 0; slot < typings.length + 250; slot += 1) {
      const typing = typings[slot];
      if (typing !== undefined) {
        now = Date.parse(typing.at);
        const { owner, kind } = typing.workbook;
        const tab = RECORD_TABS[kind].tab;
        for (const { key, choice } of typing.cells)
          sheet.type(owner, tab, typing.row, labelOf(kind, key), choice.raw);
        const grid = sheet.tab(owner, tab);
        const header = (grid[0] ?? []).map((c) => eventCell(c.value));
        const idColumn = header.indexOf('ID');
        const line = grid[typing.row - 1] ?? [];
        sent.set(typing.seq, {
          eventId: `evt-${owner}-${String(typing.seq).padStart(6, '0')}`,
          spreadsheetId: `local-${owner}`,
          tab,
          editedColumns: typing.cells.map(({ key }) => header.indexOf(labelOf(kind, key))),
          header,
          rows: [
            {
              rowNumber: typing.row,
              values: header.map((_, i) => eventCell(line[i]?.value ?? null)),
              notes: header.map((_, i) => line[i]?.note ?? null),
            },
          ],
          otherRowIds: grid.slice(1).flatMap((cells, i) => {
            const id = cells[idColumn]?.value;
            return i + 2 !== typing.row && typeof id === 'string' && id !== ''
              ? [{ row: i + 2, id }]
              : [];
          }),
          user: typing.editor,
          timestamp: typing.at,
        });
        figures.refusedValues += typing.cells.filter((c) => c.choice.stored === undefined).length;
      }
      for (const { seq, replay } of deliveries.get(slot) ?? []) {
        const t = typings[seq];
        if (t !== undefined) await deliver(t, replay);
      }
    }

    // ---------------------------------------------------------------- what must hold now
    store.enabled = false;
    let lost = 0;
    let duplicated = 0;
    let missingFromQuarantine = 0;
    let auditMismatches = 0;
    let staleRefusalNotes = 0;
    for (const { owner, kind } of WORKBOOKS) {
      const tab = RECORD_TABS[kind].tab;
      const mine = typings.filter((t) => t.workbook.owner === owner);
      const rows = [...new Set(mine.map((t) => t.row))];
      const state = await store.loadOwner(owner);
      const byId = new Map(state.records.map((r) => [r.id, r]));
      const quarantine = await store.listQuarantine(owner);
      const ids = sheet.column(owner, tab, 'ID');
      // One record per row, each row holding its own ID, and no other record.
      const held = new Set<string>();
      for (const row of rows) {
        const id = ids[row - 2];
        if (typeof id !== 'string' || !byId.has(id) || held.has(id)) {
          lost += 1;
          continue;
        }
        held.add(id);
      }
      // A record no row holds was created a second time for some row (or is an orphan).
      duplicated += state.records.filter((r) => !held.has(r.id)).length;

      for (const row of rows) {
        const id = ids[row - 2];
        const record = typeof id === 'string' ? byId.get(id) : undefined;
        if (record === undefined) continue;
        const typed = mine.filter((t) => t.row === row);
        const expected = completeData(kind, {});
        const newest = new Map<string, Choice>();
        for (const t of [...typed].sort((a, b) => a.at.localeCompare(b.at))) {
          for (const { key, choice } of t.cells) {
            newest.set(key, choice);
            if (choice.stored !== undefined)
              (expected as Record<string, FieldJson>)[key] = choice.stored;
          }
        }
        for (const key of Object.keys(expected)) {
          if (!sameJson(record.data[key] ?? null, expected[key] ?? null)) lost += 1;
        }
        if (record.archived) lost += 1;
        // Notes: a refusal still shown although the newest value typed is valid (an older invalid
        // edit came late), or not shown although the newest value typed is refused (an older valid
        // edit came late). The values are right either way; the next reconcile redraws the notes.
        for (const [key, choice] of newest) {
          const shown = record.rejected[key] !== undefined;
          if (shown !== (choice.stored === undefined)) staleRefusalNotes += 1;
        }
        // Every refused value is kept in the quarantine, with its raw text.
        for (const t of typed) {
          for (const { key, choice } of t.cells) {
            if (choice.stored !== undefined) continue;
            const label = labelOf(kind, key);
            const kept = quarantine.some(
              (q) =>
                q.column === label &&
                q.raw === rawText(choice.raw) &&
                (q.recordId === record.id || (q.recordId === null && q.row === row)),
            );
            if (!kept) missingFromQuarantine += 1;
          }
        }
      }

      // The audit log, replayed from nothing, gives exactly the stored records.
      const { replayed, chainBreaks } = replayAudit(await store.listAudit(owner));
      auditMismatches += chainBreaks;
      for (const record of state.records) {
        const replay = replayed.get(record.id);
        if (
          replay === undefined ||
          replay.archived !== record.archived ||
          !sameJson(completeData(kind, replay.data), completeData(kind, record.data))
        )
          auditMismatches += 1;
      }
      if (replayed.size !== state.records.length) auditMismatches += 1;
    }

    // The scheduled reconcile afterwards finds nothing to do: the sheets and the store agree.
    const finalReports = [];
    for (const { owner } of WORKBOOKS) {
      const report = await syncWorkbook(
        { store, clock, gateway: sheet },
        owner,
        'réconciliation finale',
      );
      if (!report.ok) throw new Error(report.error.message);
      finalReports.push(report.value);
    }

    let notesAfterReconcile = 0;
    for (const { owner, kind } of WORKBOOKS) {
      const ids = sheet.column(owner, RECORD_TABS[kind].tab, 'ID');
      const byId = new Map((await store.loadOwner(owner)).records.map((r) => [r.id, r]));
      const mine = typings.filter((t) => t.workbook.owner === owner);
      for (const row of new Set(mine.map((t) => t.row))) {
        const record = byId.get(String(ids[row - 2]));
        const newest = new Map<string, Choice>();
        for (const t of mine.filter((x) => x.row === row))
          for (const { key, choice } of t.cells) newest.set(key, choice);
        for (const [key, choice] of newest) {
          if ((record?.rejected[key] !== undefined) !== (choice.stored === undefined))
            notesAfterReconcile += 1;
        }
      }
    }

    console.log(
      [
        '[fault campaign] edit events through applySheetEdit, SQLite store failing 10 % of its writes',
        `  events typed: ${figures.typed} (${figures.creates} rows created, ${figures.updates} updates) by ${WORKBOOKS.reduce((n, w) => n + w.editors.length, 0)} editors on ${WORKBOOKS.length} workbooks`,
        `  deliveries: ${figures.deliveries}, of which duplicates (same event replayed): ${figures.duplicatesDelivered}, reordered (an older edit arriving after a newer one): ${figures.reordered}`,
        `  store faults injected: ${store.injected['before-write']} before the write, ${store.injected['after-write']} after the write (timeout), ${store.injected['mid-batch']} mid-batch (rolled back) — ${store.applyCalls} apply calls`,
        `  retries: ${figures.retries}; answers « already applied »: ${figures.duplicateAnswers}; lost answers of a new row taken up by the reconcile safety net: ${figures.lostAnswers}`,
        `  older edits ignored (a newer value was stored): ${figures.staleIgnored}; refused values typed: ${figures.refusedValues}, missing from the quarantine: ${missingFromQuarantine}`,
        `  audit replay mismatches: ${auditMismatches}; refusal notes out of date after a late edit: ${staleRefusalNotes} (redrawn by the reconcile: ${notesAfterReconcile} left)`,
        `  final reconcile: ${finalReports.map((r) => `${r.operator} ${r.created} créé, ${r.updated} modifié, ${r.archived} archivé`).join(' ; ')}`,
        `  lost: ${lost}, duplicated: ${duplicated}`,
      ].join('\n'),
    );

    expect(
      store.injected['before-write'] + store.injected['after-write'] + store.injected['mid-batch'],
    ).toBeGreaterThan(300);
    expect(figures.duplicatesDelivered).toBeGreaterThan(100);
    expect(figures.reordered).toBeGreaterThan(100);
    expect(figures.refusedEvents).toBe(0);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(missingFromQuarantine).toBe(0);
    expect(auditMismatches).toBe(0);
    for (const report of finalReports) {
      expect(report).toMatchObject({ created: 0, updated: 0, archived: 0, restored: 0 });
    }
    expect(notesAfterReconcile).toBe(0);
    await store.close();
  }, 120_000);
});

describe('a lost answer, then another edit of the same new row before any reconcile', () => {
  it('the second edit finds the record whose ID never reached the row: one record, with both values', async () => {
    // The first apply lands but its caller sees a timeout; every later apply goes through.
    let calls = 0;
    const inner = new SqliteRecordStore(':memory:');
    const store = new FaultyStore(inner, () => (calls++ === 0 ? 0.5 : 1), {
      'before-write': 0,
      'after-write': 1,
      'mid-batch': 0,
    });
    const clock = { now: () => new Date('2025-06-02T08:00:00.000Z') };
    const header = headerOf('beneficiary');
    const event = (eventId: string, values: Record<string, EventCell>, column: string) => ({
      eventId,
      spreadsheetId: 'local-CBE-LM',
      tab: 'Structures',
      editedColumns: [header.indexOf(column)],
      header,
      rows: [{ rowNumber: 2, values: header.map((label) => values[label] ?? null) }],
      otherRowIds: [],
      user: 'claire.martin@cbe-lille.fr',
      timestamp: '2025-06-02T07:59:00.000Z',
    });
    const first = event(
      'evt-gap-000001',
      { 'Nom de la structure': 'Jardins de Cocagne' },
      'Nom de la structure',
    );
    await expect(applySheetEdit({ store, clock }, 'CBE-LM', first)).rejects.toThrow(InjectedFault);
    // The Apps Script does not retry: the row keeps no ID, and the person goes on typing.
    const second = event(
      'evt-gap-000002',
      { 'Nom de la structure': 'Jardins de Cocagne', Commune: 'Lille' },
      'Commune',
    );
    const answer = await applySheetEdit({ store, clock }, 'CBE-LM', second);
    expect(answer.ok).toBe(true);
    const records = (await store.loadOwner('CBE-LM')).records;
    await store.close();
    expect(records).toHaveLength(1);
    expect(records[0]?.data).toMatchObject({ name: 'Jardins de Cocagne', town: 'Lille' });
    // The answer gives the row its ID at last.
    if (!answer.ok) return;
    expect(answer.value.cells).toContainEqual(
      expect.objectContaining({ row: 2, column: 'ID', value: records[0]?.id }),
    );
  });
});

describe('reconciles through the Google Sheets API answering 429 (Retry-After) and 503', () => {
  let server: SheetsApiServer;

  beforeAll(async () => {
    server = await startSheetsApiServer();
  });

  afterAll(async () => {
    await server.close();
  });

  /** New rows of « Structures », as people typed them: some twins, some refused cells. */
  function typedRows(from: number, count: number): CellValue[][] {
    const header = headerOf('beneficiary');
    return Array.from({ length: count }, (_, i) => {
      const n = from + i;
      const values: Record<string, CellValue> = {
        'Nom de la structure': n % 25 === 0 ? 'À compléter' : `Association ${n}`,
        'Code postal': n % 7 === 0 ? 'ABCDE' : '59000',
        Commune: n % 25 === 0 ? null : 'Lille',
        'Salariés (ETP)': n % 11 === 0 ? 'beaucoup' : n % 5,
      };
      return header.map((label) => values[label] ?? null);
    });
  }

  it('completes every sync after backing off, and loses or duplicates no row', async () => {
    const header = headerOf('beneficiary');
    const spreadsheetId = server.state.createSpreadsheet('DLA NordActif Lille', [
      { title: 'Structures', rows: [header, ...typedRows(1, 300)] },
    ]);
    const sleeps: number[] = [];
    const gateway = new GoogleSheetsGateway({
      api: createSheetsTestClient(server),
      spreadsheetIds: { 'NA-LIL': spreadsheetId },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    const store = new FaultyStore(new SqliteRecordStore(':memory:'), mulberry32(7), {
      'before-write': 0.1,
      'after-write': 0,
      'mid-batch': 0,
    });
    const clock = { now: () => new Date('2025-06-02T08:00:00.000Z') };
    const ports = { store, clock, gateway };
    const injected = { 429: 0, 503: 0 };
    let failedSyncs = 0;
    const syncUntilDone = async () => {
      for (let attempt = 1; attempt <= 10; attempt += 1) {
        try {
          const result = await syncWorkbook(ports, 'NA-LIL', 'réconciliation planifiée');
          if (result.ok) return result.value;
          throw new Error(result.error.message);
        } catch {
          failedSyncs += 1;
        }
      }
      throw new Error('the sync never completed');
    };
    const fail = (
      status: 429 | 503,
      operation: 'spreadsheets.get' | 'spreadsheets.batchUpdate',
      count: number,
      retryAfterSeconds?: number,
    ) => {
      injected[status] += count;
      server.failNext(status, {
        operation,
        count,
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      });
    };

    // 1. Read throttled twice (Retry-After: 7 s), write-back unavailable twice: retried, done.
    fail(429, 'spreadsheets.get', 2, 7);
    fail(503, 'spreadsheets.batchUpdate', 2);
    const first = await syncUntilDone();
    expect(first.created).toBe(300);
    expect(sleeps.filter((ms) => ms >= 7_000)).toHaveLength(2);

    // 2. 200 more rows; the write-back fails for good after the store has applied the sync
    //    (five 503 in a row): the IDs never reach the sheet. The next sync adopts the rows.
    server.state.setValues(spreadsheetId, 'Structures', 'A302', typedRows(301, 200));
    fail(503, 'spreadsheets.batchUpdate', 5);
    fail(429, 'spreadsheets.get', 1, 3);
    fail(503, 'spreadsheets.get', 1);
    const second = await syncUntilDone();
    expect(failedSyncs).toBeGreaterThanOrEqual(1);
    expect(second.created).toBe(0);

    // Every row holds one ID, its own; one record per row; a last sync finds nothing to do.
    const values = server.state.getValues(spreadsheetId, 'Structures').slice(1);
    const ids = values.map((row) => row[0]);
    const records = (await store.loadOwner('NA-LIL')).records;
    const lost = ids.filter(
      (id) => typeof id !== 'string' || !records.some((r) => r.id === id),
    ).length;
    const duplicated = records.length - new Set(ids).size;
    const third = await syncUntilDone();
    console.log(
      [
        '[fault campaign] reconciles through GoogleSheetsGateway against the test Sheets API server',
        `  rows: ${values.length}; Sheets API faults injected: ${injected[429]} × 429 (Retry-After), ${injected[503]} × 503; store faults: ${store.injected['before-write']} before the write`,
        `  backoff waits (fake sleep): ${sleeps.length}, ${Math.round(sleeps.reduce((a, b) => a + b, 0) / 1000)} s in all, the longest ${Math.round(Math.max(...sleeps) / 1000)} s; syncs that failed and were run again: ${failedSyncs}`,
        `  records: ${records.length}; lost: ${lost}, duplicated: ${duplicated}`,
      ].join('\n'),
    );
    expect(values).toHaveLength(500);
    expect(new Set(ids).size).toBe(500);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(third).toMatchObject({ created: 0, updated: 0, archived: 0 });
    await store.close();
  }, 60_000);
});
