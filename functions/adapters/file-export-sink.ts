/** The export sink of a local folder: files written whole or not at all, then the retention. */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { fail, ok, type Result } from '../../shared/domain/result';
import type { ChartRenderer } from '../../shared/ports/chart-renderer';
import {
  exportFileName,
  isDatedExportOf,
  type ExportFormat,
  type ExportRequest,
  type ExportSink,
  type ExportWritten,
} from '../../shared/ports/export-sink';
import { writeCsvExport } from './csv-export-writer';
import { writeXlsxExport } from './xlsx-export-writer';

/**
 * Deletes the oldest dated exports of a base name and format beyond `keep` (the newest kept),
 * and nothing else: only the names `<base>-aaaa-mm-jj.<format>` are considered. Returns the
 * names deleted, oldest first.
 */
export async function pruneExports(
  dir: string,
  baseName: string,
  format: ExportFormat,
  keep: number,
): Promise<string[]> {
  if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`Invalid retention count: ${keep}`);
  const dated = (await readdir(dir))
    .filter((name) => isDatedExportOf(name, baseName, format))
    .sort();
  const removed = dated.slice(0, Math.max(0, dated.length - keep));
  for (const name of removed) await unlink(path.join(dir, name));
  return removed;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The export sink of a folder (the workspace's `exports/`): each file is written under a hidden
 * temporary name and renamed when complete, so a reader never opens half an export and a failed
 * export leaves the previous file of the day intact; then the retention deletes the oldest.
 */
export class FileExportSink implements ExportSink {
  /** With a renderer, a request's dashboard is drawn with its chart images; without, its tables only. */
  constructor(
    private readonly dir: string,
    private readonly renderer: ChartRenderer | null = null,
  ) {}

  async write(request: ExportRequest): Promise<Result<ExportWritten>> {
    if (request.format === 'csv' && request.sheets.length !== 1) {
      throw new RangeError(`A CSV export holds exactly one table, not ${request.sheets.length}`);
    }
    const fileName =
      request.fileName ?? exportFileName(request.baseName, request.date, request.format);
    await mkdir(this.dir, { recursive: true });
    const target = path.join(this.dir, fileName);
    const temporary = path.join(this.dir, `.${fileName}.${randomBytes(6).toString('hex')}.tmp`);
    let rows: number;
    try {
      const [only] = request.sheets;
      rows =
        request.format === 'xlsx' || only === undefined
          ? await writeXlsxExport(
              temporary,
              request.sheets,
              request.dashboard === undefined
                ? undefined
                : { dashboard: request.dashboard, renderer: this.renderer },
            )
          : await writeCsvExport(temporary, only);
      await rename(temporary, target);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      const code = errorCode(error);
      if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') {
        return fail(
          'EXPORT_LOCKED',
          `Le fichier ${fileName} est ouvert dans un tableur ou protégé : fermez-le puis relancez l'export.`,
        );
      }
      throw error;
    }
    const removed =
      request.fileName === undefined
        ? await pruneExports(this.dir, request.baseName, request.format, request.keep)
        : [];
    return ok({ fileName, location: target, rows, removed });
  }
}
