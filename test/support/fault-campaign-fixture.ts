/**
 * What the fault campaign's tests share: a SQLite store that fails a share of its writes (before
 * writing, after writing, in the middle of a batch), the recorded typing of several editors
 * with the fate the field parsers give each value, the replay of the audit log, and the retry
 * loop of the Apps Script and the reconcile safety net.
 */
import { SqliteRecordStore } from '../../functions/adapters/sqlite-record-store';
import { mulberry32 } from '../../scripts/demo/demo-data';
import { C2RA, type WorkbookOwner } from '../../shared/domain/operator';
import type { RecordKind } from '../../shared/domain/record-id';
import { sameJson } from '../../shared/domain/sync/content-hash';
import type { CellValue } from '../../shared/domain/values/cell-value';
import { RECORD_TABS } from '../../shared/domain/workbook-model';
import type { ApplyOutcome, EntryChanges, RecordStore } from '../../shared/ports/record-store';
import type { AuditEntry, ChangeSet } from '../../shared/domain/change-set';
import type { FieldJson } from '../../shared/domain/stored-record';
import type { SheetEditEvent } from '../../shared/use-cases/sheet-edit-event';

// ------------------------------------------------------------------------------ the faulty store

/** Kinds of injected store faults. */
type FaultKind = 'before-write' | 'after-write' | 'mid-batch';

/** Thrown by the faulty store; the driver treats any thrown error as an infrastructure failure. */
export class InjectedFault extends Error {
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
export class FaultyStore implements RecordStore {
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
export interface Choice {
  readonly raw: CellValue;
  /** The stored value when valid (null: an emptied cell); undefined when the value is refused. */
  readonly stored?: FieldJson;
}

const valid = (raw: CellValue, stored: FieldJson): Choice => ({ raw, stored });
const invalid = (raw: CellValue): Choice => ({ raw });

/** The fields the campaign edits, with valid values (and their stored form) and invalid ones. */
export const FIELDS: Readonly<
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

export const WORKBOOKS: readonly {
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
export interface Typing {
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
export function recordSequence(seed: number, rowsPerWorkbook: number, updates: number): Typing[] {
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
export type EventCell = SheetEditEvent['header'][number];

export function eventCell(value: CellValue): EventCell {
  return value instanceof Date ? value.toISOString() : value;
}

export function labelOf(kind: RecordKind, key: string): string {
  const label = RECORD_TABS[kind].fields[key]?.label;
  if (label === undefined) throw new Error(`no field ${kind}.${key}`);
  return label;
}

/** Replays an owner's audit log on nothing: the data and archive flag of every record. */
export function replayAudit(audit: readonly AuditEntry[]): {
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

export async function retryUntilDone<T>(call: () => Promise<T>, onRetry: () => void): Promise<T> {
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
