import path from 'node:path';
import { FileExportSink } from '../../functions/adapters/xlsx-export-writer';
import { exportSinkFor } from '../../functions/composition-root';
import { REGIONAL_TABS, runStamp } from '../../shared/domain/regional-consolidation';
import { regionalConsolidation } from '../../shared/use-cases/regional-consolidation';
import { cannotRun, openWorkspace } from '../workspace-context';

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
    const report = await regionalConsolidation(
      { ...context, sink },
      {
        ...(keep === undefined ? {} : { keep }),
        ...(out === null ? {} : { fileName: path.basename(out) }),
      },
    );
    const lines = [
      `${runStamp(report.generatedAt)} : ${report.missions} mission(s), ${report.providers} prestataire(s) mobilisé(s).`,
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
