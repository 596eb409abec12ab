import { randomUUID } from 'node:crypto';
import { constants as fsConstants, type Stats } from 'node:fs';
import { copyFile, link, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Workbook, type Worksheet } from 'exceljs';
import type { WorkbookOwner } from '../../shared/domain/operator';
import type { ChartRenderer } from '../../shared/ports/chart-renderer';
import { fail, ok, type Result } from '../../shared/domain/result';
import { isBlank } from '../../shared/domain/values/cell-value';
import type { CellStyle, CellWrite, TabReplacement } from '../../shared/domain/workbook-writes';
import type {
  MergedRange,
  SnapshotCell,
  SnapshotRow,
  TabSnapshot,
  WorkbookSnapshot,
} from '../../shared/domain/workbook-snapshot';
import type { SpreadsheetGateway, WriteBack } from '../../shared/ports/spreadsheet-gateway';
import {
  layoutFor,
  tabLayout,
  workbookFileName,
  type WorkbookLayout,
} from '../../sheets/layouts/workbook-layout';
import {
  FILLS,
  applyLayout,
  buildWorkbook,
  cellValueOf,
  clearRows,
  headerLabels,
  noteTextOf,
  placeColumns,
  removeNote,
  restyle,
  writeRows,
  type TabRows,
} from './xlsx-workbook-builder';
import { writeDashboardTab } from './xlsx-dashboard-sheet';
import { readWorkbookStreamed } from './xlsx-snapshot-reader';

/** The suffix of the copy of the previous version kept at every write. */
export const BACKUP_SUFFIX = '.bak';

/**
 * The lock files that say a workbook is open: Excel's owner file (`~$` + the name; Office also
 * uses `~$` + the name without its first two characters) and LibreOffice's `.~lock.<name>#`.
 */
export function lockFileNames(fileName: string): string[] {
  return [`~$${fileName}`, `~$${fileName.slice(2)}`, `.~lock.${fileName}#`];
}

async function statOrNull(file: string): Promise<Stats | null> {
  try {
    return await stat(file);
  } catch (error) {
    if (isNodeError(error) && error.code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Why exceljs could not open a file, in French: its own messages (and those of the zip reader
 * under it) are English library text, never shown to a person as they are.
 */
export function unreadableReason(error: unknown): string {
  const message =
    typeof error === 'object' && error !== null && 'message' in error
      ? String(error.message)
      : String(error);
  if (/zip|central directory|signature/i.test(message))
    return "ce n'est pas un fichier .xlsx complet : fichier tronqué, abîmé ou d'un autre format";
  return 'contenu que le lecteur .xlsx ne reconnaît pas';
}

/** A Node system error; duck-typed because errors from another realm (jest's sandbox) fail `instanceof`. */
function isNodeError(error: unknown): error is NodeJS.ErrnoException {
  return typeof error === 'object' && error !== null && 'code' in error;
}

/** A workbook as loaded, with the file's state at that moment (to notice a save made meanwhile). */
interface Loaded {
  readonly workbook: Workbook;
  readonly stats: Stats;
}

/** The same file state: size and modification time. */
function sameVersion(a: Stats, b: Stats): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** A hidden temporary file beside `file`, unique to this process and call, renamed over it. */
function temporaryPathFor(file: string): string {
  return path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`,
  );
}

/**
 * Writes `data` over `file` atomically: a temporary file in the same directory, flushed to disk,
 * then renamed over the original, so a crash leaves either the old or the new workbook whole.
 * With `keepBackup`, the previous version first becomes `<file>.bak`, itself replaced atomically
 * (see {@link keepPreviousVersion}): a kill at any instant leaves a whole workbook and a whole
 * backup.
 */
export async function replaceFileAtomically(
  file: string,
  data: Uint8Array,
  options: { keepBackup: boolean },
): Promise<void> {
  const dir = path.dirname(file);
  const temp = temporaryPathFor(file);
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (options.keepBackup) await keepPreviousVersion(file);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/**
 * Makes the current version of `file` its `.bak` without ever leaving a half-copied backup: a
 * copy written in place is truncated by a kill in the middle (seen in CI: « Corrupted zip » on the
 * .bak), so the backup is a hard link to the current file (no bytes copied) under a temporary
 * name, renamed over the old `.bak`. Where hard links are refused (some network or FAT volumes),
 * a flushed copy under the temporary name takes its place before the same rename.
 */
async function keepPreviousVersion(file: string): Promise<void> {
  const temp = temporaryPathFor(`${file}${BACKUP_SUFFIX}`);
  try {
    await link(file, temp);
  } catch (error) {
    // A workbook gone since it was read is not written back in its place (as before the link).
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw error;
    await copyFile(file, temp);
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
  try {
    await rename(temp, `${file}${BACKUP_SUFFIX}`);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Flushes a directory entry change (the rename) where the platform allows it. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, fsConstants.O_RDONLY);
    await handle.sync();
  } catch {
    // Windows cannot open a directory for fsync; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}

/**
 * The operators' and the C2RA's workbooks as .xlsx files in a workspace directory
 * (`dla-CBE-LM.xlsx`, `dla-C2RA.xlsx`). A workbook open in Excel or LibreOffice (lock file
 * beside it) is neither read nor written: `WORKBOOK_LOCKED`, try again once it is closed.
 * Every write re-applies the layout and replaces the file atomically, keeping a `.bak`.
 */
export class XlsxWorkbookGateway implements SpreadsheetGateway {
  /** The version of each workbook this gateway last read or wrote: a write-back is computed from it. */
  private readonly versions = new Map<WorkbookOwner, Stats>();

  /**
   * @param dir the workspace directory holding the workbooks.
   * @param fileNames a file name per owner in `dir` (e.g. `dla sync --file`), instead of
   *   `dla-<owner>.xlsx`.
   * @param renderer draws the dashboard's charts as images; without it, the dashboard tab holds
   *   its tables only.
   */
  constructor(
    private readonly dir: string,
    private readonly fileNames: Readonly<Partial<Record<WorkbookOwner, string>>> = {},
    private readonly renderer: ChartRenderer | null = null,
  ) {}

  /** The file name of an owner's workbook in the directory. */
  fileNameOf(owner: WorkbookOwner): string {
    return this.fileNames[owner] ?? workbookFileName(owner);
  }

  /** The path of an owner's workbook. */
  pathOf(owner: WorkbookOwner): string {
    return path.join(this.dir, this.fileNameOf(owner));
  }

  /**
   * Reads every tab in one read of the file; the version read is remembered for the next write.
   * The worksheets are read as streams, one at a time, never as exceljs's whole workbook (about
   * 700 MB at 50,000 rows): the snapshot is the same, a test compares both readings.
   */
  async read(owner: WorkbookOwner): Promise<Result<WorkbookSnapshot>> {
    const file = await this.readFile(owner);
    if (!file.ok) return file;
    let streamed;
    try {
      streamed = await readWorkbookStreamed(file.value.bytes);
    } catch (error) {
      return this.unreadable(owner, error);
    }
    this.versions.set(owner, file.value.stats);
    return ok({
      owner,
      tabs: streamed.tabs,
      identity: { mark: ownerMarkOfKeywords(streamed.keywords), name: this.fileNameOf(owner) },
    });
  }

  /**
   * Writes a write-back over the current file, then re-applies the layout. When this gateway
   * read the workbook before, a version saved since (rows inserted, sorted…) is not written
   * over: the row numbers of the write-back would no longer point at the same records.
   */
  async write(owner: WorkbookOwner, writeBack: WriteBack): Promise<Result<void>> {
    if (
      writeBack.cells.length === 0 &&
      writeBack.tabs.length === 0 &&
      writeBack.dashboard === undefined &&
      writeBack.ownerMark === undefined
    )
      return ok(undefined);
    const loaded = await this.load(owner);
    if (!loaded.ok) return loaded;
    const { workbook, stats } = loaded.value;
    const known = this.versions.get(owner);
    if (known !== undefined && !sameVersion(known, stats))
      return changedMeanwhile(this.fileNameOf(owner));
    const layout = layoutFor(owner);
    for (const write of writeBack.cells) applyCellWrite(workbook, write);
    for (const replacement of writeBack.tabs) replaceTab(workbook, layout, replacement);
    applyLayout(workbook, layout);
    if (writeBack.dashboard !== undefined)
      await writeDashboardTab(workbook, writeBack.dashboard, this.renderer);
    if (writeBack.ownerMark !== undefined) markOwner(workbook, writeBack.ownerMark);
    const data = await workbook.xlsx.writeBuffer();

    // The person may have opened (or saved) the workbook while it was being prepared.
    const file = this.pathOf(owner);
    const before = await this.checkAvailable(owner);
    if (!before.ok) return before;
    const now = await statOrNull(file);
    if (now === null || !sameVersion(now, stats)) return changedMeanwhile(this.fileNameOf(owner));
    await replaceFileAtomically(file, bytesOf(data), { keepBackup: true });
    const written = await statOrNull(file);
    if (written !== null) this.versions.set(owner, written);
    return ok(undefined);
  }

  /** The workbook exists and is not open in a spreadsheet program. */
  private async checkAvailable(owner: WorkbookOwner): Promise<Result<Stats>> {
    const fileName = this.fileNameOf(owner);
    const stats = await statOrNull(this.pathOf(owner));
    if (stats === null) {
      return fail(
        'WORKBOOK_NOT_FOUND',
        `Classeur ${fileName} introuvable dans ${this.dir} : créez-le avec « dla init ».`,
      );
    }
    for (const lockName of lockFileNames(fileName)) {
      if ((await statOrNull(path.join(this.dir, lockName))) !== null) {
        return fail(
          'WORKBOOK_LOCKED',
          `Le classeur ${fileName} est ouvert dans Excel ou LibreOffice (fichier ${lockName}) : fermez-le puis réessayez. Si aucun programme ne l'a ouvert, supprimez ce fichier.`,
        );
      }
    }
    return ok(stats);
  }

  /** The file's bytes and its state when they were read. */
  private async readFile(
    owner: WorkbookOwner,
  ): Promise<Result<{ readonly bytes: Buffer; readonly stats: Stats }>> {
    const available = await this.checkAvailable(owner);
    if (!available.ok) return available;
    const file = this.pathOf(owner);
    // One read through one handle: the bytes and the state they were read in belong together.
    let bytes: Buffer;
    let stats: Stats;
    try {
      const handle = await open(file, 'r');
      try {
        stats = await handle.stat();
        bytes = await handle.readFile();
      } finally {
        await handle.close();
      }
    } catch (error) {
      if (isNodeError(error) && error.code === 'ENOENT') {
        return fail(
          'WORKBOOK_NOT_FOUND',
          `Classeur ${this.fileNameOf(owner)} introuvable dans ${this.dir}.`,
        );
      }
      throw error;
    }
    return ok({ bytes, stats });
  }

  private unreadable(owner: WorkbookOwner, error: unknown): Result<never> {
    const reason = unreadableReason(error);
    return fail(
      'WORKBOOK_UNREADABLE',
      `Le classeur ${this.fileNameOf(owner)} est illisible (${reason}) : la version précédente est dans ${this.fileNameOf(owner)}${BACKUP_SUFFIX}.`,
    );
  }

  /** The whole workbook, loaded by exceljs: only to write it. */
  private async load(owner: WorkbookOwner): Promise<Result<Loaded>> {
    const file = await this.readFile(owner);
    if (!file.ok) return file;
    const workbook = new Workbook();
    try {
      // exceljs types its input as an ArrayBuffer: hand it one.
      await workbook.xlsx.load(new Uint8Array(file.value.bytes).buffer);
    } catch (error) {
      return this.unreadable(owner, error);
    }
    return ok({ workbook, stats: file.value.stats });
  }
}

/**
 * The workbook was saved by someone else since it was read: nothing is written. The port knows
 * no dedicated code; « locked » carries the same advice (read again, then write).
 */
function changedMeanwhile(fileName: string): Result<never> {
  return fail(
    'WORKBOOK_LOCKED',
    `Le classeur ${fileName} a été enregistré pendant la synchronisation : rien n'a été écrit, relancez la synchronisation.`,
  );
}

/** The bytes exceljs produced: typed as an ArrayBuffer, a Node Buffer at run time. */
function bytesOf(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  return ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : new Uint8Array(data);
}

/**
 * The owner mark lives in the document's keywords (`dla-proprietaire=CBE-LM`): exceljs writes no
 * custom property, and LibreOffice and Excel keep the keywords through a save.
 */
const OWNER_MARK_KEY = 'dla-proprietaire=';

/** The owner code a workbook is marked with, or null. */
export function ownerMarkOf(workbook: Workbook): string | null {
  return ownerMarkOfKeywords(workbook.keywords);
}

/** The owner code in a workbook's document keywords, or null. */
export function ownerMarkOfKeywords(value: unknown): string | null {
  const keywords = typeof value === 'string' ? value : '';
  const found = keywords.split(/[\s,;]+/).find((k) => k.toLowerCase().startsWith(OWNER_MARK_KEY));
  return found === undefined ? null : found.slice(OWNER_MARK_KEY.length) || null;
}

/** Marks a workbook as `owner`'s, keeping any other keyword a person wrote. */
export function markOwner(workbook: Workbook, owner: WorkbookOwner): void {
  const others = (typeof workbook.keywords === 'string' ? workbook.keywords : '')
    .split(/[\s,;]+/)
    .filter((k) => k !== '' && !k.toLowerCase().startsWith(OWNER_MARK_KEY));
  workbook.keywords = [`${OWNER_MARK_KEY}${owner}`, ...others].join(' ');
}

/** The merged ranges of a worksheet (exceljs keeps them, by master cell, in `_merges`). */
function mergesOf(worksheet: Worksheet): MergedRange[] {
  const merges = (worksheet as unknown as { _merges?: Record<string, MergedRange | undefined> })
    ._merges;
  return Object.values(merges ?? {}).flatMap((m) =>
    m === undefined ? [] : [{ top: m.top, left: m.left, bottom: m.bottom, right: m.right }],
  );
}

/**
 * One tab of a workbook loaded whole, as the domain reads it: the reference the streamed reading
 * ({@link readWorkbookStreamed}) is tested against.
 */
export function tabSnapshotOf(worksheet: Worksheet): TabSnapshot {
  const header = headerLabels(worksheet);
  const rows: SnapshotRow[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber < 2) return;
    const cells: SnapshotCell[] = [];
    const width = Math.max(header.length, row.cellCount);
    for (let col = 1; col <= width; col += 1) {
      const cell = row.getCell(col);
      const value = cellValueOf(cell);
      const note = noteTextOf(cell);
      cells.push(note === undefined ? { value } : { value, note });
    }
    while (cells.length > header.length) {
      const last = cells[cells.length - 1];
      if (last === undefined || !isBlank(last.value) || last.note !== undefined) break;
      cells.pop();
    }
    if (cells.every((c) => isBlank(c.value))) return;
    rows.push({ rowNumber, cells });
  });
  const merges = mergesOf(worksheet);
  return { name: worksheet.name, header, rows, ...(merges.length > 0 ? { merges } : {}) };
}

const STYLE_FILLS: Readonly<Record<CellStyle, typeof FILLS.error | null>> = {
  error: FILLS.error,
  computed: FILLS.protected,
  normal: null,
};

function applyCellWrite(workbook: Workbook, write: CellWrite): void {
  if (
    !Number.isInteger(write.row) ||
    write.row < 1 ||
    !Number.isInteger(write.columnIndex) ||
    write.columnIndex < 1
  ) {
    throw new Error(`Invalid cell address ${write.tab}!R${write.row}C${write.columnIndex}`);
  }
  const worksheet = workbook.getWorksheet(write.tab) ?? workbook.addWorksheet(write.tab);
  const cell = worksheet.getRow(write.row).getCell(write.columnIndex);
  if (write.value !== undefined) cell.value = write.value;
  if (write.note === null) removeNote(cell);
  else if (write.note !== undefined) cell.note = write.note;
  if (write.style !== undefined) {
    const fill = STYLE_FILLS[write.style];
    if (fill === null) restyle(cell, {}, ['fill']);
    else restyle(cell, { fill });
  }
}

/** Replaces a system tab's rows from row 2, each row in the order of the tab's layout columns. */
function replaceTab(workbook: Workbook, layout: WorkbookLayout, replacement: TabReplacement): void {
  const worksheet =
    workbook.getWorksheet(replacement.tab) ?? workbook.addWorksheet(replacement.tab);
  const tab = tabLayout(layout, replacement.tab);
  const columns = tab === undefined ? null : placeColumns(worksheet, tab);
  clearRows(worksheet, 2);
  writeRows(worksheet, columns, replacement.rows);
}

/**
 * Creates an owner's workbook from its layout, with optional rows per tab, for `dla init`.
 * Refuses to overwrite an existing workbook (`WORKBOOK_EXISTS`); returns the file's path.
 */
export async function createWorkbookFile(
  dir: string,
  owner: WorkbookOwner,
  data: TabRows = {},
): Promise<Result<string>> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, workbookFileName(owner));
  if ((await statOrNull(file)) !== null) {
    return fail(
      'WORKBOOK_EXISTS',
      `Le classeur ${workbookFileName(owner)} existe déjà dans ${dir} : il n'a pas été remplacé.`,
    );
  }
  const workbook = buildWorkbook(layoutFor(owner), data);
  markOwner(workbook, owner);
  const bytes = await workbook.xlsx.writeBuffer();
  await replaceFileAtomically(file, bytesOf(bytes), { keepBackup: false });
  return ok(file);
}
