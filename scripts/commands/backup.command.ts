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
import { workbookOwnerSchema } from '../../shared/domain/operator';
import { RECORD_KINDS } from '../../shared/domain/record-id';
import { fail, ok, type Result } from '../../shared/domain/result';
import type { RecordStore, StoreArchive, StoreExport } from '../../shared/ports/record-store';
import type { ProgressCallback } from '../../shared/ports/progress';
import { isJsonOutput, printJson, say } from '../cli/command-output';
import { createProgressReporter, formatDuration } from '../cli/progress-reporter';
import { restoreRecord } from '../../shared/use-cases/restore-record';
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
