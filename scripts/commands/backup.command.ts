/**
 * `dla backup`, `dla restore` and `dla restore-record`: the whole store to a dated file and back
 * (locally on SQLite, or on Firestore with `DLA_STORE=firestore`), and an archived record brought
 * back, with its row, into its workbook.
 *
 * ## The backup file
 *
 * JSON (gzip-compressed when its name ends with `.gz` or with `--gzip`):
 * `{ format: "dla-npdc-sauvegarde", version: 1, createdAt, counts, store }` where `store` is the
 * {@link StoreExport} of the port: every owner's records (archived ones included), audit log,
 * quarantine, ID counters, applied edit events and system documents. Written atomically (a
 * temporary file renamed), by default to `workspace/backups/sauvegarde-aaaa-mm-jj-hhmmss.json`
 * (Paris time).
 *
 * @packageDocumentation
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { replaceFileAtomically } from '../../functions/adapters/xlsx-workbook-gateway';
import { C2RA, workbookOwnerSchema, type WorkbookOwner } from '../../shared/domain/operator';
import { formatRecordId, parseRecordId, RECORD_KINDS } from '../../shared/domain/record-id';
import { fail, ok, type Result } from '../../shared/domain/result';
import { sheetValueOf } from '../../shared/domain/sheet-value';
import { mapTabColumns } from '../../shared/domain/sync/tab-columns';
import { ID_COLUMN, RECORD_TABS } from '../../shared/domain/workbook-model';
import type { Clock } from '../../shared/ports/clock';
import type { ChangeSet } from '../../shared/domain/change-set';
import type { RecordStore, StoreArchive, StoreExport } from '../../shared/ports/record-store';
import type { CellWrite } from '../../shared/domain/workbook-writes';
import type { SpreadsheetGateway } from '../../shared/ports/spreadsheet-gateway';
import type { ProgressCallback } from '../../shared/ports/progress';
import { isJsonOutput, printJson, say } from '../cli/command-output';
import { createProgressReporter, formatDuration } from '../cli/progress-reporter';
import { cannotRun, openWorkspace } from '../workspace-context';

/** The `format` of a backup file. */
export const BACKUP_FORMAT = 'dla-npdc-sauvegarde';
/** The version of the backup file this code writes and reads. */
export const BACKUP_VERSION = 1;
/** The workspace folder of dated backups. */
export const BACKUPS_DIR = 'backups';

/** What a backup holds, in figures a person reads. */
export interface BackupCounts {
  readonly records: number;
  readonly archived: number;
  readonly audit: number;
  readonly quarantine: number;
  readonly counters: number;
  readonly events: number;
  readonly documents: number;
}

/** A store that can be backed up and restored whole (both adapters, and the test fake). */
export function isStoreArchive(store: RecordStore): store is RecordStore & StoreArchive {
  const candidate = store as Partial<StoreArchive>;
  return (
    typeof candidate.exportAll === 'function' &&
    typeof candidate.importAll === 'function' &&
    typeof candidate.isEmpty === 'function'
  );
}

/** The figures of an export. */
export function countsOf(data: StoreExport): BackupCounts {
  return {
    records: data.records.length,
    archived: data.records.filter((r) => r.archived).length,
    audit: data.audit.length,
    quarantine: data.quarantine.length,
    counters: data.counters.length,
    events: data.events.length,
    documents: data.documents.length,
  };
}

/** « 12 enregistrements (dont 2 archivés), 40 entrées d'audit, … » */
export function describeCounts(c: BackupCounts): string {
  return (
    `${c.records} enregistrement(s) (dont ${c.archived} archivé(s)), ${c.audit} entrée(s) d'audit, ` +
    `${c.quarantine} refus en quarantaine, ${c.counters} compteur(s) d'identifiants, ` +
    `${c.events} événement(s) de modification, ${c.documents} document(s) système`
  );
}

const PARIS_STAMP = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `sauvegarde-2025-06-02-100000.json` for 02/06/2025 10:00:00 in Paris (`.json.gz` when compressed). */
export function backupFileName(at: Date, gzip: boolean, prefix = 'sauvegarde'): string {
  const parts = Object.fromEntries(
    PARIS_STAMP.formatToParts(at).map((part) => [part.type, part.value]),
  );
  const stamp = `${parts['year']}-${parts['month']}-${parts['day']}-${parts['hour']}${parts['minute']}${parts['second']}`;
  return `${prefix}-${stamp}.json${gzip ? '.gz' : ''}`;
}

/**
 * Writes the whole store to `file` (gzip when its name ends with `.gz`), atomically; answers
 * what it holds.
 */
export async function writeBackup(
  store: StoreArchive,
  file: string,
  now: Date,
  progress: ProgressCallback = () => undefined,
): Promise<BackupCounts> {
  progress({ step: 'Lecture de la base', done: 0, total: 3 });
  const data = await store.exportAll();
  const counts = countsOf(data);
  progress({ step: `Mise en forme de ${counts.records} enregistrement(s)`, done: 1, total: 3 });
  const json = JSON.stringify({
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: now.toISOString(),
    counts,
    store: data,
  });
  const bytes = file.endsWith('.gz') ? gzipSync(json) : Buffer.from(json, 'utf8');
  progress({ step: `Écriture de ${path.basename(file)}`, done: 2, total: 3 });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await replaceFileAtomically(file, bytes, { keepBackup: false });
  progress({ step: 'Sauvegarde écrite', done: 3, total: 3 });
  return counts;
}

// ------------------------------------------------------------------------------ reading a backup

const fieldJson = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);
const source = z.enum(['edit', 'reconcile', 'system']);
const kind = z.enum(RECORD_KINDS);

const storeExportSchema = z.object({
  records: z.array(
    z.object({
      id: z.string().min(1),
      kind,
      owner: workbookOwnerSchema,
      data: z.record(z.string(), fieldJson),
      fieldTimes: z.record(z.string(), z.string()),
      rejected: z.record(
        z.string(),
        z.object({ raw: z.string(), code: z.string(), message: z.string() }),
      ),
      archived: z.boolean(),
      version: z.number().int().min(0),
      createdAt: z.string(),
      updatedAt: z.string(),
    }),
  ),
  audit: z.array(
    z.object({
      at: z.string(),
      owner: workbookOwnerSchema,
      recordId: z.string(),
      field: z.string(),
      oldValue: fieldJson,
      newValue: fieldJson,
      who: z.string(),
      source,
      eventId: z.string().nullable(),
    }),
  ),
  quarantine: z.array(
    z.object({
      key: z.string().min(1),
      at: z.string(),
      owner: workbookOwnerSchema,
      tab: z.string(),
      row: z.number().int(),
      column: z.string(),
      recordId: z.string().nullable(),
      raw: z.string(),
      code: z.string(),
      message: z.string(),
      who: z.string(),
      source,
      eventId: z.string().nullable(),
    }),
  ),
  counters: z.array(z.object({ owner: workbookOwnerSchema, kind, next: z.number().int().min(1) })),
  events: z.array(
    z.object({ eventId: z.string().min(1), owner: workbookOwnerSchema, at: z.string() }),
  ),
  documents: z.array(
    z.object({
      owner: z.union([workbookOwnerSchema, z.literal('system')]),
      name: z.string().min(1),
      value: z.unknown(),
    }),
  ),
});

const backupFileSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  createdAt: z.string(),
  store: storeExportSchema,
});

/** Reads and checks a backup file (gzip or not); a French refusal when it is not one. */
export async function readBackup(
  file: string,
): Promise<Result<{ createdAt: string; data: StoreExport }>> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return fail('BACKUP_NOT_FOUND', `Fichier de sauvegarde introuvable ou illisible : ${file}.`);
  }
  let json: unknown;
  try {
    const text = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
    json = JSON.parse(text.toString('utf8'));
  } catch {
    return fail(
      'BACKUP_UNREADABLE',
      `${file} n'est pas une sauvegarde lisible (JSON ou JSON compressé attendu) : rien n'a été restauré.`,
    );
  }
  const parsed = backupFileSchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') ?? '';
    return fail(
      'BACKUP_INVALID',
      `${file} n'est pas une sauvegarde « dla backup » version ${BACKUP_VERSION}` +
        `${where === '' ? '' : ` (champ ${where})`} : rien n'a été restauré.`,
    );
  }
  const { store } = parsed.data;
  return ok({
    createdAt: parsed.data.createdAt,
    data: {
      ...store,
      documents: store.documents.map((d) => ({
        owner: d.owner,
        name: d.name,
        value: d.value ?? null,
      })),
    },
  });
}

/** What a restore did. */
export interface RestoreOutcome {
  readonly counts: BackupCounts;
  /** The backup of what the store held before, when a forced restore replaced it. */
  readonly safetyBackup: string | null;
}

/**
 * Restores an export into a store: only into an empty one, unless `force`, in which case what
 * the store held is first saved to `safetyBackupFile`, then replaced.
 */
export async function restoreStore(
  store: StoreArchive,
  data: StoreExport,
  options: {
    force: boolean;
    safetyBackupFile: string;
    now: Date;
    progress?: ProgressCallback;
  },
): Promise<Result<RestoreOutcome>> {
  const progress = options.progress ?? (() => undefined);
  let safetyBackup: string | null = null;
  if (!(await store.isEmpty())) {
    if (!options.force) {
      return fail(
        'STORE_NOT_EMPTY',
        "La base n'est pas vide : la restaurer remplacerait tout ce qu'elle contient. " +
          'Restaurez dans une base neuve, ou relancez avec --force pour la remplacer ' +
          "(son contenu actuel est d'abord sauvegardé).",
      );
    }
    progress({ step: 'Sauvegarde de sécurité de la base actuelle', done: 0, total: 2 });
    await writeBackup(store, options.safetyBackupFile, options.now);
    safetyBackup = options.safetyBackupFile;
  }
  progress({
    step: `Import de ${data.records.length} enregistrement(s) dans la base`,
    done: 1,
    total: 2,
  });
  await store.importAll(data);
  progress({ step: 'Base restaurée', done: 2, total: 2 });
  return ok({ counts: countsOf(data), safetyBackup });
}

// ------------------------------------------------------------------------------ restore-record

/** What `dla restore-record` did. */
export interface RecordRestoration {
  readonly id: string;
  readonly owner: WorkbookOwner;
  readonly tab: string;
  /** False when the record was not archived (only its row was missing, or nothing at all). */
  readonly unarchived: boolean;
  /** The row the record was written to, or null when a row of the tab already holds it. */
  readonly row: number | null;
}

/**
 * Un-archives a record — one change set, audited `@restored` with source `system` — and puts its
 * row back at the end of its tab, so that it is visible at once and the next sync keeps it.
 * Safe to run again: a record already active whose row is missing only gets its row back.
 */
export async function restoreRecord(
  ports: {
    readonly store: RecordStore;
    readonly gateway: SpreadsheetGateway;
    readonly clock: Clock;
  },
  rawId: string,
  who: string,
): Promise<Result<RecordRestoration>> {
  const parsed = parseRecordId(rawId);
  if (!parsed.ok) return parsed;
  const id = formatRecordId(parsed.value);
  const recordTab = RECORD_TABS[parsed.value.kind];
  const owner: WorkbookOwner = parsed.value.operator ?? C2RA;
  const read = await ports.gateway.read(owner);
  if (!read.ok) return read;
  const tab = read.value.tabs.find((t) => t.name === recordTab.tab);
  if (tab === undefined)
    return fail(
      'WORKBOOK_UNREADABLE',
      `L'onglet « ${recordTab.tab} » est absent du classeur ${owner} : rétablissez-le, puis relancez la commande.`,
    );
  const columns = mapTabColumns(recordTab, tab);
  if (columns.idIndex === null)
    return fail(
      'WORKBOOK_UNREADABLE',
      `L'onglet « ${recordTab.tab} » n'a pas de colonne « ${ID_COLUMN} » : rétablissez-la, puis relancez la commande.`,
    );
  const idIndex = columns.idIndex;

  let unarchived = false;
  let record = null;
  for (let attempt = 1; attempt <= 5 && record === null; attempt += 1) {
    const found = (await ports.store.loadOwner(owner)).records.find((r) => r.id === id);
    if (found === undefined)
      return fail('RECORD_UNKNOWN', `${id} n'existe pas dans la base : vérifiez l'identifiant.`);
    if (!found.archived) {
      record = found;
      break;
    }
    const at = ports.clock.now().toISOString();
    const restored = { ...found, archived: false, version: found.version + 1, updatedAt: at };
    const changeSet: ChangeSet = {
      owner,
      eventId: null,
      at,
      puts: [{ record: restored, expectedVersion: found.version }],
      audit: [
        {
          at,
          owner,
          recordId: id,
          field: '@restored',
          oldValue: true,
          newValue: false,
          who,
          source: 'system',
          eventId: null,
        },
      ],
      quarantine: [],
    };
    const outcome = await ports.store.apply(changeSet);
    if (outcome.status === 'applied') {
      record = restored;
      unarchived = true;
    }
  }
  if (record === null)
    return fail(
      'SYNC_CONFLICT',
      `${id} est modifié en ce moment par une synchronisation : réessayez dans un instant.`,
    );

  const held = tab.rows.some((row) => {
    const cell = parseRecordId(row.cells[idIndex]?.value ?? null);
    return cell.ok && formatRecordId(cell.value) === id;
  });
  if (held) return ok({ id, owner, tab: tab.name, unarchived, row: null });
  const row = Math.max(1, ...tab.rows.map((r) => r.rowNumber)) + 1;
  const cells: CellWrite[] = [
    {
      tab: tab.name,
      row,
      column: ID_COLUMN,
      columnIndex: idIndex + 1,
      value: id,
      style: 'computed',
    },
  ];
  for (const [key, index] of columns.fieldIndexes) {
    const spec = recordTab.fields[key];
    const value = spec === undefined ? null : sheetValueOf(spec, record.data[key]);
    if (spec === undefined || value === null) continue;
    cells.push({
      tab: tab.name,
      row,
      column: spec.label,
      columnIndex: index + 1,
      value,
      style: 'normal',
    });
  }
  const written = await ports.gateway.write(owner, { cells, tabs: [] });
  if (!written.ok)
    return fail(
      written.error.code,
      `${id} est restauré dans la base, mais sa ligne n'a pas pu être écrite dans le classeur ` +
        `(${written.error.message}) Relancez « dla restore-record ${id} » avant la prochaine synchronisation.`,
    );
  return ok({ id, owner, tab: tab.name, unarchived, row });
}

// ------------------------------------------------------------------------------ the commands

function archiveOf(store: RecordStore): (RecordStore & StoreArchive) | null {
  return isStoreArchive(store) ? store : null;
}

/** `dla backup [--out FILE] [--gzip]`: the whole store to a dated file of `backups/`. */
export async function runBackup(options: {
  dir?: string;
  out?: string;
  gzip?: boolean;
}): Promise<number> {
  const opened = openWorkspace(options.dir);
  if (!opened.ok) return cannotRun(opened.message);
  const { context } = opened;
  try {
    const store = archiveOf(context.store);
    if (store === null) return cannotRun('Cette base ne sait pas se sauvegarder.');
    const now = context.clock.now();
    const gzip = options.gzip === true || (options.out?.endsWith('.gz') ?? false);
    const file = options.out
      ? path.resolve(options.out.endsWith('.gz') || !gzip ? options.out : `${options.out}.gz`)
      : path.join(context.config.workspace, BACKUPS_DIR, backupFileName(now, gzip));
    const progress = createProgressReporter({ json: isJsonOutput() });
    const counts = await writeBackup(store, file, now, progress.report);
    const elapsed = progress.stop();
    if (isJsonOutput()) printJson({ ok: true, file, counts });
    else
      say(
        `Sauvegarde écrite dans ${file} : ${describeCounts(counts)}, en ${formatDuration(elapsed)}.`,
      );
    return 0;
  } finally {
    await context.close();
  }
}

/** `dla restore FILE [--force]`: a backup back into an empty store (or, forced, over a full one). */
export async function runRestore(options: {
  dir?: string;
  file: string;
  force?: boolean;
}): Promise<number> {
  const backup = await readBackup(path.resolve(options.file));
  if (!backup.ok) return cannotRun(backup.error.message, backup.error.code);
  const opened = openWorkspace(options.dir, { create: true });
  if (!opened.ok) return cannotRun(opened.message);
  const { context } = opened;
  try {
    const store = archiveOf(context.store);
    if (store === null) return cannotRun('Cette base ne sait pas se restaurer.');
    const now = context.clock.now();
    const progress = createProgressReporter({ json: isJsonOutput() });
    const restored = await restoreStore(store, backup.value.data, {
      progress: progress.report,
      force: options.force === true,
      safetyBackupFile: path.join(
        context.config.workspace,
        BACKUPS_DIR,
        backupFileName(now, false, 'avant-restauration'),
      ),
      now,
    });
    const elapsed = progress.stop();
    if (!restored.ok)
      return cannotRun(`Restauration refusée : ${restored.error.message}`, restored.error.code);
    const { counts, safetyBackup } = restored.value;
    if (isJsonOutput()) {
      printJson({ ok: true, createdAt: backup.value.createdAt, counts, safetyBackup });
      return 0;
    }
    process.stdout.write(
      `${safetyBackup ? `Contenu précédent de la base sauvegardé dans ${safetyBackup}.\n` : ''}` +
        `Sauvegarde du ${backup.value.createdAt} restaurée : ${describeCounts(counts)}, en ${formatDuration(elapsed)}.\n` +
        'Lancez « dla sync » sur chaque classeur pour y retrouver identifiants et colonnes calculées.\n',
    );
    return 0;
  } finally {
    await context.close();
  }
}

/** `dla restore-record ID`: un-archives a record and puts its row back in its workbook. */
export async function runRestoreRecord(options: { dir?: string; id: string }): Promise<number> {
  const opened = openWorkspace(options.dir);
  if (!opened.ok) return cannotRun(opened.message);
  const { context } = opened;
  try {
    const result = await restoreRecord(
      context,
      options.id,
      `dla restore-record (${os.userInfo().username})`,
    );
    if (!result.ok)
      return cannotRun(`Restauration impossible : ${result.error.message} [${result.error.code}]`);
    const { id, tab, unarchived, row } = result.value;
    if (isJsonOutput()) {
      printJson({ ok: true, ...result.value });
      return 0;
    }
    process.stdout.write(
      `${unarchived ? `${id} est désarchivé` : `${id} n'était pas archivé`}` +
        `${row === null ? ` ; sa ligne est déjà dans l'onglet « ${tab} ».` : ` ; sa ligne est remise dans l'onglet « ${tab} », ligne ${row}.`}\n`,
    );
    return 0;
  } finally {
    await context.close();
  }
}
