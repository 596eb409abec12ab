import type { Bucket, File, GetFilesResponse } from '@google-cloud/storage';
import type { Writable } from 'node:stream';
import { fail, ok, type DomainError, type Result } from '../../shared/domain/result';
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

/*
 * Export files of the C2RA in a Cloud Storage bucket, for the deployed functions whose disk
 * (/tmp) disappears with the instance. The bytes come from the same writers as the local files
 * and are streamed into one simple upload (all or nothing: Cloud Storage shows the new object
 * only once it is complete, and the day's object is replaced in one step), so a large export
 * never sits whole in memory. The client retries listing and deletion (with a generation
 * precondition) on 429/5xx; it cannot retry a streamed upload, whose bytes are gone: that
 * failure is reported, and the scheduled job's own retries run the export again.
 */

/** The folder of the exports in the bucket. */
export const EXPORTS_PREFIX = 'exports/';

/** The media type of each format, as a browser or the console downloads it. */
export const EXPORT_CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** Options of {@link GcsExportSink}. */
export interface GcsExportSinkOptions {
  /** The bucket of the exports, from a `Storage` client built by the composition root. */
  readonly bucket: Bucket;
  /** Draws a request's dashboard charts as images; without it, the dashboard tab has its tables only. */
  readonly renderer?: ChartRenderer;
}

/** Objects one probe lists at most: far more than the retention keeps (10 per export and format). */
const PROBE_PAGE_SIZE = 1000;

/** Longest wait of a probe by default, the client's retries included. */
const PROBE_TIMEOUT_MS = 30_000;

/** What {@link GcsExportSink.probeExportBucket} found under `exports/`. */
export interface ExportBucketContents {
  /** Objects listed (one page of at most 1000). */
  readonly objects: number;
  /** True when the page was full and more objects exist. */
  readonly more: boolean;
}

/** A failed probe: the sink's failure value, and what Cloud Storage or the client said. */
export interface ExportBucketProbeError extends DomainError {
  /** The untranslated answer (« … does not have storage.objects.list access … », a timeout). */
  readonly detail: string;
}

/** HTTP status of a Cloud Storage client error, or undefined (no answer, or not a client error). */
function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error;
  if (typeof code === 'number' && code >= 100 && code < 600) return code;
  return typeof code === 'string' && /^[1-5]\d\d$/.test(code) ? Number(code) : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The export sink of a Cloud Storage bucket: each export is the object
 * `exports/<base>-<aaaa-mm-jj>.<format>` (`location` `gs://bucket/exports/…`), then the retention
 * deletes the oldest dated objects of the same export beyond `keep`. Failures of Cloud Storage
 * are values (`EXPORT_STORAGE_FORBIDDEN`, `EXPORT_BUCKET_NOT_FOUND`, `EXPORT_STORAGE_UNAVAILABLE`,
 * `EXPORT_RETENTION_FAILED`), with a French message; a failing row or writer is a bug and throws.
 */
export class GcsExportSink implements ExportSink {
  private readonly bucket: Bucket;
  private readonly renderer: ChartRenderer | null;

  constructor(options: GcsExportSinkOptions) {
    this.bucket = options.bucket;
    this.renderer = options.renderer ?? null;
  }

  /** `gs://bucket/name`. */
  private locationOf(objectName: string): string {
    return `gs://${this.bucket.name}/${objectName}`;
  }

  async write(request: ExportRequest): Promise<Result<ExportWritten>> {
    if (request.format === 'csv' && request.sheets.length !== 1) {
      throw new RangeError(`A CSV export holds exactly one table, not ${request.sheets.length}`);
    }
    const fileName =
      request.fileName ?? exportFileName(request.baseName, request.date, request.format);
    const objectName = `${EXPORTS_PREFIX}${fileName}`;
    const contentType = EXPORT_CONTENT_TYPES[request.format];
    const upload = this.bucket.file(objectName).createWriteStream({
      resumable: false,
      contentType,
      metadata: {
        contentDisposition: `attachment; filename="${fileName}"`,
        metadata: { dlaExport: request.baseName, dlaDate: request.date },
      },
    });
    let uploadError: unknown;
    upload.on('error', (error: unknown) => {
      uploadError ??= error;
    });
    let rows: number;
    try {
      rows = await writeExport(upload, request, this.renderer);
    } catch (error) {
      // The writer stopped because the upload failed: an expected failure. Anything else is a bug.
      if (uploadError === undefined || error !== uploadError) throw error;
      return this.failure(error, `l'envoi de ${fileName}`);
    }
    let removed: string[] = [];
    if (request.fileName === undefined) {
      const pruned = await this.prune(request.baseName, request.format, request.keep);
      if (!pruned.ok) {
        return fail(
          'EXPORT_RETENTION_FAILED',
          `L'export ${fileName} est bien écrit (${this.locationOf(objectName)}), mais les anciens exports n'ont pas pu être supprimés : ${pruned.error.message}`,
        );
      }
      removed = pruned.value;
    }
    return ok({ fileName, location: this.locationOf(objectName), rows, removed });
  }

  /**
   * Deletes the oldest dated objects of a base name and format beyond `keep`, and nothing else.
   * Each deletion names the generation it listed, so the client may retry it safely and never
   * deletes an object replaced in the meantime; an object already gone or replaced is skipped.
   */
  private async prune(
    baseName: string,
    format: ExportFormat,
    keep: number,
  ): Promise<Result<string[]>> {
    if (!Number.isInteger(keep) || keep < 1)
      throw new RangeError(`Invalid retention count: ${keep}`);
    let listed: File[];
    try {
      [listed] = await this.bucket.getFiles({ prefix: `${EXPORTS_PREFIX}${baseName}-` });
    } catch (error) {
      return this.failure(error, 'la liste des exports');
    }
    const dated = listed
      .map((file) => ({ file, name: file.name.slice(EXPORTS_PREFIX.length) }))
      .filter(({ name }) => isDatedExportOf(name, baseName, format))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const removed: string[] = [];
    for (const { file, name } of dated.slice(0, Math.max(0, dated.length - keep))) {
      const generation = file.metadata.generation;
      try {
        await file.delete(generation === undefined ? {} : { ifGenerationMatch: generation });
        removed.push(name);
      } catch (error) {
        const status = statusOf(error);
        if (status === 404 || status === 412) continue;
        return this.failure(error, `la suppression de ${name}`);
      }
    }
    return ok(removed);
  }

  /**
   * Lists the first page of `exports/` to tell whether the bucket exists and may be read, as
   * `dla doctor` does: the same failure values as an export (`EXPORT_STORAGE_FORBIDDEN`,
   * `EXPORT_BUCKET_NOT_FOUND`, `EXPORT_STORAGE_UNAVAILABLE`, the last one also after `timeoutMs`,
   * the client's retries included). Reads only.
   */
  async probeExportBucket(
    timeoutMs: number = PROBE_TIMEOUT_MS,
  ): Promise<Result<ExportBucketContents, ExportBucketProbeError>> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    let outcome: GetFilesResponse | 'timeout';
    try {
      outcome = await Promise.race([
        this.bucket.getFiles({
          prefix: EXPORTS_PREFIX,
          maxResults: PROBE_PAGE_SIZE,
          autoPaginate: false,
          fields: 'items(name),nextPageToken',
        }),
        timeout,
      ]);
    } catch (error) {
      return this.probeFailure(error);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
    if (outcome === 'timeout') {
      return this.probeFailure(new Error(`pas de réponse en ${Math.round(timeoutMs / 1000)} s`));
    }
    const [files, nextQuery] = outcome;
    return ok({ objects: files.length, more: nextQuery !== null && nextQuery !== undefined });
  }

  private probeFailure(error: unknown): { ok: false; error: ExportBucketProbeError } {
    const { error: mapped } = this.failure(error, 'la liste des exports');
    return { ok: false, error: { ...mapped, detail: messageOf(error) } };
  }

  /** A Cloud Storage failure as the French message of the person who runs the export. */
  private failure(error: unknown, during: string): { ok: false; error: DomainError } {
    const bucket = `gs://${this.bucket.name}`;
    const status = statusOf(error);
    if (status === 401 || status === 403) {
      return fail(
        'EXPORT_STORAGE_FORBIDDEN',
        `Cloud Storage refuse ${during} dans ${bucket} (accès refusé, HTTP ${status}) : le compte de ` +
          `service des fonctions doit avoir le rôle roles/storage.objectAdmin sur ce bucket ; ` +
          `relancez « dla deploy », qui le lui donne, puis relancez l'export.`,
      );
    }
    if (status === 404) {
      return fail(
        'EXPORT_BUCKET_NOT_FOUND',
        `Le bucket ${bucket} est introuvable (${during}) : vérifiez DLA_EXPORT_BUCKET, ou relancez ` +
          `« dla deploy », qui le crée, puis relancez l'export.`,
      );
    }
    return fail(
      'EXPORT_STORAGE_UNAVAILABLE',
      `Cloud Storage n'a pas pu terminer ${during} dans ${bucket} ` +
        `(${status === undefined ? 'pas de réponse' : `HTTP ${status}`}, après les nouvelles ` +
        `tentatives du client : ${messageOf(error)}). Aucun fichier partiel n'est gardé ; ` +
        `relancez l'export (la tâche planifiée le retente d'elle-même).`,
    );
  }
}

/** Streams the export's bytes into `destination`; the number of data rows. */
function writeExport(
  destination: Writable,
  request: ExportRequest,
  renderer: ChartRenderer | null,
): Promise<number> {
  const { format, sheets, dashboard } = request;
  const [only] = sheets;
  return format === 'xlsx' || only === undefined
    ? writeXlsxExport(
        destination,
        sheets,
        dashboard === undefined ? undefined : { dashboard, renderer },
      )
    : writeCsvExport(destination, only);
}
