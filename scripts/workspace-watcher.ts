import fs from 'node:fs';
import path from 'node:path';
import type { WorkbookOwner } from '../shared/domain/operator';
import type { Result } from '../shared/domain/result';
import type { SyncReport } from '../shared/domain/sync/plan-sync';
import { workbookFileName } from '../sheets/layouts/workbook-layout';

/** The lock files Excel (`~$name.xlsx`) and LibreOffice (`.~lock.name.xlsx#`) keep while a workbook is open. */
export function lockFilesOf(file: string): string[] {
  const dir = path.dirname(file);
  const name = path.basename(file);
  return [path.join(dir, `~$${name}`), path.join(dir, `.~lock.${name}#`)];
}

/** True while a person has the workbook open in Excel or LibreOffice. */
export function isOpenInSpreadsheet(file: string): boolean {
  return lockFilesOf(file).some((lock) => fs.existsSync(lock));
}

function fingerprint(file: string): string | null {
  try {
    const stat = fs.statSync(file);
    return `${stat.mtimeMs}:${stat.size}`;
  } catch {
    return null;
  }
}

/** The watcher's line for one sync: every count, then each warning on its own line. */
export function describeWatchedSync(fileName: string, r: SyncReport): string {
  const warnings = r.warnings.length === 0 ? '' : `, ${r.warnings.length} avertissement(s)`;
  return [
    `${fileName} synchronisé : ${r.created} créé(s), ${r.updated} modifié(s), ${r.archived} archivé(s), ${r.restored} restauré(s), ${r.rejected.length} refus${warnings}.`,
    ...r.warnings.map((w) => `  ! ${w}`),
  ].join('\n');
}

/**
 * Watches the workbooks of a workspace by polling (editors save through temporary files and
 * renames, which file events report unreliably): a workbook saved by a person is synced once
 * its size and date have been stable for one interval and it is closed; never while it is open.
 */
export class WorkspaceWatcher {
  private readonly synced = new Map<WorkbookOwner, string>();
  private readonly seen = new Map<WorkbookOwner, string>();
  private readonly toldOpen = new Set<WorkbookOwner>();
  /** The last failure said for each workbook: a failure is said once, until it changes. */
  private readonly toldFailure = new Map<WorkbookOwner, string>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly dir: string,
    private readonly owners: readonly WorkbookOwner[],
    private readonly sync: (owner: WorkbookOwner) => Promise<Result<SyncReport>>,
    private readonly say: (message: string) => void,
    private readonly intervalMs = 2000,
  ) {}

  /** Starts polling. */
  start(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
  }

  /** Stops polling (a sync under way finishes). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass over the workbooks; exposed for tests. */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (const owner of this.owners) await this.check(owner);
    } finally {
      this.running = false;
    }
  }

  private async check(owner: WorkbookOwner): Promise<void> {
    const file = path.join(this.dir, workbookFileName(owner));
    const now = fingerprint(file);
    if (now === null || now === this.synced.get(owner)) return;
    if (this.seen.get(owner) !== now) {
      this.seen.set(owner, now);
      return;
    }
    if (isOpenInSpreadsheet(file)) {
      if (!this.toldOpen.has(owner))
        this.say(
          `${path.basename(file)} est ouvert dans un tableur : synchronisation dès sa fermeture.`,
        );
      this.toldOpen.add(owner);
      return;
    }
    this.toldOpen.delete(owner);
    const result = await this.sync(owner);
    if (result.ok) {
      this.toldFailure.delete(owner);
      this.say(describeWatchedSync(path.basename(file), result.value));
      this.synced.set(owner, fingerprint(file) ?? now);
      return;
    }
    const message = `${path.basename(file)} : ${result.error.message}`;
    const retried =
      result.error.code === 'WORKBOOK_LOCKED' || result.error.code === 'WORKBOOK_UNREADABLE';
    if (this.toldFailure.get(owner) !== message) {
      this.say(
        retried
          ? `${message} Nouvel essai en continu ; ce message ne sera redit que s'il change.`
          : `${path.basename(file)} : synchronisation impossible : ${result.error.message}`,
      );
      this.toldFailure.set(owner, message);
    }
    if (retried) this.seen.delete(owner);
    else this.synced.set(owner, now);
  }
}
