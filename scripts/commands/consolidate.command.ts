import path from 'node:path';
import { FileExportSink } from '../../functions/adapters/file-export-sink';
import { exportSinkFor } from '../../functions/composition-root';
import { REGIONAL_TABS } from '../../shared/domain/regional/regional-tabs';
import { runStamp } from '../../shared/domain/regional/regional-output';
import { OPERATOR_CODES } from '../../shared/domain/operator';
import { summarizeConsolidation } from '../../shared/use-cases/record-job-run';
import { regionalConsolidation } from '../../shared/use-cases/regional-consolidation';
import type { ProgressCallback } from '../../shared/ports/progress';
import type { AppContext } from '../../functions/composition-root';
import type { ExportSink } from '../../shared/ports/export-sink';
import { isJsonOutput, printJson } from '../cli/command-output';
import { recordLocalRun } from '../cli/local-job-run';
import { withCallHooks } from '../cli/progress-ports';
import { createProgressReporter, formatDuration } from '../cli/progress-reporter';
import { cannotRun, openWorkspace } from '../workspace-context';

/** Each operator read, then the C2RA workbook and the file written: one unit each. */
function consolidationWithProgress(
  context: AppContext,
  sink: ExportSink,
  report: ProgressCallback,
): AppContext & { sink: ExportSink } {
  const total = OPERATOR_CODES.length + 2;
  let done = 0;
  const step = (what: string) => () => report({ step: what, done, total });
  const after = () => {
    done += 1;
  };
  return {
    ...context,
    store: withCallHooks(context.store, {
      loadOwner: {
        before: (args) =>
          report({ step: `Lecture des missions de ${String(args[0])}`, done, total }),
        after,
      },
    }),
    gateway: withCallHooks(context.gateway, {
      write: { before: step('Écriture du classeur du C2RA'), after },
    }),
    sink: withCallHooks(sink, {
      write: { before: step('Écriture du fichier de consolidation'), after },
    }),
  };
}

/** The retention count typed on a command line, or undefined for the default. */
export function parseKeep(raw: string | undefined): number | null | undefined {
  if (raw === undefined) return undefined;
  const keep = Number(raw);
  return Number.isInteger(keep) && keep >= 1 && keep <= 366 ? keep : null;
}

/**
 * `dla consolidate [--out FILE] [--keep N]`: the regional consolidation by hand. Replaces the
 * tabs « Missions régionales », « Indicateurs » and « Prestataires mobilisés » of the C2RA
 * workbook and writes the dated .xlsx in the workspace's `exports/` folder (or the bucket of
 * DLA_EXPORT_BUCKET with DLA_EXPORTS=gcs, or FILE). Exit 0 when both were written, 1 otherwise.
 */
export async function runConsolidate(options: {
  dir?: string;
  out?: string;
  keep?: string;
  json?: boolean;
}): Promise<number> {
  const keep = parseKeep(options.keep);
  if (keep === null)
    return cannotRun(`--keep : nombre entier de 1 à 366 attendu, pas « ${options.keep ?? ''} ».`);
  if (options.out !== undefined && path.extname(options.out).toLowerCase() !== '.xlsx') {
    return cannotRun(`--out : le fichier doit se terminer par .xlsx (« ${options.out} »).`);
  }
  const opened = openWorkspace(options.dir);
  if (!opened.ok) return cannotRun(opened.message);
  const { context } = opened;
  try {
    const out = options.out === undefined ? null : path.resolve(options.out);
    // --out names a file of this machine, whatever the configured destination of the exports.
    const sink =
      out === null ? exportSinkFor(context.config) : new FileExportSink(path.dirname(out));
    const progress = createProgressReporter({ json: isJsonOutput() });
    const ports = consolidationWithProgress(context, sink, progress.report);
    const report = await recordLocalRun(
      context,
      'regionalConsolidation',
      'dla consolidate',
      () =>
        regionalConsolidation(ports, {
          ...(keep === undefined ? {} : { keep }),
          ...(out === null ? {} : { fileName: path.basename(out) }),
        }),
      summarizeConsolidation,
    );
    const elapsed = progress.stop();
    if (isJsonOutput()) {
      if (report.complete) printJson(report);
      else
        cannotRun(
          summarizeConsolidation(report).message ?? 'Consolidation incomplète.',
          'CONSOLIDATION_INCOMPLETE',
        );
      return report.complete ? 0 : 1;
    }
    const lines = [
      `${runStamp(report.generatedAt)} : ${report.missions} mission(s), ${report.providers} prestataire(s) mobilisé(s), en ${formatDuration(elapsed)}.`,
    ];
    if (report.workbook !== null) {
      lines.push(
        report.workbook.ok
          ? `Classeur du C2RA : onglets ${Object.values(REGIONAL_TABS)
              .map((t) => `« ${t} »`)
              .join(', ')} remplacés.`
          : `Classeur du C2RA non mis à jour : ${report.workbook.error.message} [${report.workbook.error.code}]`,
      );
    }
    if (report.file !== null) {
      lines.push(
        report.file.ok
          ? `Fichier : ${report.file.value.location}${report.file.value.removed.length > 0 ? ` (${report.file.value.removed.length} ancien(s) export(s) supprimé(s))` : ''}.`
          : `Fichier non écrit : ${report.file.error.message} [${report.file.error.code}]`,
      );
    }
    (report.complete ? process.stdout : process.stderr).write(`${lines.join('\n')}\n`);
    return report.complete ? 0 : 1;
  } finally {
    await context.close();
  }
}
