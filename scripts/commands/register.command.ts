import { exportSinkFor } from '../../functions/composition-root';
import { describeFilters, type RegisterMatch } from '../../shared/domain/register-export';
import { stripControlCharacters } from '../../shared/domain/values/text-normalization';
import { EXPORT_FORMATS, type ExportFormat } from '../../shared/ports/export-sink';
import { registerExport, registerSearch } from '../../shared/use-cases/register-export';
import { summarizeRegisterExport } from '../../shared/use-cases/record-job-run';
import { isJsonOutput, printJson } from '../cli/command-output';
import { recordLocalRun } from '../cli/local-job-run';
import { sinkWithRowProgress, withCallHooks } from '../cli/progress-ports';
import { createProgressReporter, formatDuration } from '../cli/progress-reporter';
import { cannotRun, openWorkspace } from '../workspace-context';
import { parseKeep } from './consolidate.command';

/** The guide's three search criteria, as typed. */
interface FilterOptions {
  competence?: string;
  sector?: string;
  area?: string;
}

function isFormat(raw: string): raw is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(raw);
}

/**
 * `dla register export [--format xlsx|csv] [--competence X] [--sector Y] [--area Z] [--keep N]`:
 * the register to a dated file of the workspace's `exports/` folder (or of the bucket of
 * DLA_EXPORT_BUCKET with DLA_EXPORTS=gcs); the oldest exports beyond the retention are deleted.
 */
export async function runRegisterExport(
  options: FilterOptions & { dir?: string; format?: string; keep?: string; json?: boolean },
): Promise<number> {
  const format = options.format ?? 'xlsx';
  if (!isFormat(format)) return cannotRun(`--format : xlsx ou csv, pas « ${format} ».`);
  const keep = parseKeep(options.keep);
  if (keep === null)
    return cannotRun(`--keep : nombre entier de 1 à 366 attendu, pas « ${options.keep ?? ''} ».`);
  const opened = openWorkspace(options.dir);
  if (!opened.ok) return cannotRun(opened.message);
  const { context } = opened;
  try {
    const progress = createProgressReporter({ json: isJsonOutput() });
    // The register's size, read by the use case, bounds the rows written (filters remove some).
    let providers: number | null = null;
    const store = withCallHooks(context.store, {
      loadRegister: {
        after: (value) => {
          providers = (value as readonly unknown[]).length;
        },
      },
    });
    const sink = sinkWithRowProgress(
      exportSinkFor(context.config),
      progress.report,
      `Export du registre (${format})`,
      () => providers,
    );
    const { competence, sector, area } = options;
    const result = await recordLocalRun(
      context,
      'registerExport',
      'dla register export',
      () =>
        registerExport(
          { ...context, store, sink },
          {
            format,
            filters: { competence, sector, area },
            ...(keep === undefined ? {} : { keep }),
          },
        ),
      summarizeRegisterExport,
    );
    const elapsed = progress.stop();
    if (!result.ok)
      return cannotRun(`Export impossible : ${result.error.message} [${result.error.code}]`);
    if (isJsonOutput()) {
      printJson(result.value);
      return 0;
    }
    const { written, filters } = result.value;
    const filtered = describeFilters(filters);
    process.stdout.write(
      `Registre exporté : ${written.rows} prestataire(s)${filtered === '' ? '' : ` (${filtered})`} dans ${written.location}` +
        `${written.removed.length > 0 ? `, ${written.removed.length} ancien(s) export(s) supprimé(s)` : ''}, en ${formatDuration(elapsed)}.\n`,
    );
    return 0;
  } finally {
    await context.close();
  }
}

const FRENCH_MEAN = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

/** One line of the search answer, with nothing a terminal could interpret. */
export function describeMatch(match: RegisterMatch): string {
  const p = match.provider;
  const clean = (text: string | null): string => stripControlCharacters(text ?? '');
  const place = [clean(p.town), p.postalCode === null ? '' : `(${clean(p.postalCode)})`]
    .filter((s) => s !== '')
    .join(' ');
  const sheet = match.sheetComplete
    ? 'fiche complète'
    : `fiche incomplète (manque : ${match.missing.join(', ')})`;
  const missions =
    match.missions === 0
      ? 'aucune mission retenue'
      : `${match.missions} mission(s) retenue(s)${match.meanSatisfaction === null ? '' : `, satisfaction ${FRENCH_MEAN.format(match.meanSatisfaction)}/5`}`;
  return `  ${match.id}  ${clean(p.legalName)}${place === '' ? '' : ` — ${place}`} — ${sheet} — ${missions}`;
}

/** `dla register search [--competence X] [--sector Y] [--area Z] [--json]`: the guide's search of the register. */
export async function runRegisterSearch(
  options: FilterOptions & { dir?: string; json?: boolean },
): Promise<number> {
  const opened = openWorkspace(options.dir);
  if (!opened.ok) return cannotRun(opened.message);
  const { context } = opened;
  try {
    const { competence, sector, area } = options;
    const result = await registerSearch(context, { competence, sector, area });
    if (!result.ok)
      return cannotRun(`Recherche impossible : ${result.error.message} [${result.error.code}]`);
    const { matches, filters } = result.value;
    if (options.json) {
      process.stdout.write(`${JSON.stringify(matches, null, 2)}\n`);
      return 0;
    }
    const filtered = describeFilters(filters);
    const heading = `${matches.length} prestataire(s)${filtered === '' ? ' dans le registre' : ` pour ${filtered}`}${matches.length > 0 ? ' :' : '.'}`;
    process.stdout.write(`${[heading, ...matches.map(describeMatch)].join('\n')}\n`);
    return 0;
  } finally {
    await context.close();
  }
}
