import fs from 'node:fs';
import { createAppContext } from '../../functions/composition-root';
import { loadWorkspaceConfig } from '../../functions/config';
import type { JobRun, JobRuns } from '../../shared/domain/job-runs';
import { C2RA, OPERATOR_CODES, type WorkbookOwner } from '../../shared/domain/operator';
import { JOURNAL_TAB } from '../../shared/domain/sync/plan-sync';
import type { CellValue } from '../../shared/domain/values/cell-value';
import { formatParisDateTime } from '../../shared/domain/values/paris-time';
import { normalizeForMatch } from '../../shared/domain/values/text-normalization';
import type { SpreadsheetGateway } from '../../shared/ports/spreadsheet-gateway';
import { readJobRuns } from '../../shared/use-cases/record-job-run';
import { scheduledJobs } from '../deploy/deploy-plan';
import { describeRun } from '../doctor/job-run-checks';
import { cannotRun, missingWorkspace } from '../workspace-context';

/** How many earlier runs of a job `dla status` shows after the last one. */
const EARLIER_RUNS_SHOWN = 4;

/** The last sync of one workbook as its `Journal` tab tells it. */
export interface WorkbookSyncStatus {
  readonly owner: WorkbookOwner;
  /** « 27/11/2026 08:05 — Synchronisation : 1 créé(s)… », or why it is unknown. */
  readonly lastSync: string | null;
  readonly problem: string | null;
}

function text(value: CellValue | undefined): string {
  if (value instanceof Date) return formatParisDateTime(value);
  return value === null || value === undefined ? '' : String(value).trim();
}

/** The newest « Synchronisation » line of each workbook's `Journal` tab (newest lines on top). */
export async function lastSyncs(
  gateway: SpreadsheetGateway,
  owners: readonly WorkbookOwner[],
): Promise<WorkbookSyncStatus[]> {
  const statuses: WorkbookSyncStatus[] = [];
  for (const owner of owners) {
    const read = await gateway.read(owner);
    if (!read.ok) {
      statuses.push({ owner, lastSync: null, problem: read.error.message });
      continue;
    }
    const journal = read.value.tabs.find((t) => t.name === JOURNAL_TAB);
    if (journal === undefined) {
      statuses.push({ owner, lastSync: null, problem: `pas d’onglet « ${JOURNAL_TAB} »` });
      continue;
    }
    const column = (label: string) =>
      journal.header.findIndex((h) => normalizeForMatch(h) === normalizeForMatch(label));
    const [date, type, message] = [column('Date'), column('Type'), column('Message')];
    const line = journal.rows.find(
      (r) => normalizeForMatch(text(r.cells[type]?.value)) === 'synchronisation',
    );
    statuses.push({
      owner,
      lastSync:
        line === undefined
          ? null
          : `${text(line.cells[date]?.value)} — ${text(line.cells[message]?.value)}`,
      problem: line === undefined ? 'aucune synchronisation avec changement dans le journal' : null,
    });
  }
  return statuses;
}

/** The runs of every job key, scheduled jobs first, then single-workbook runs. */
function jobKeys(runs: JobRuns): string[] {
  const scheduled = scheduledJobs().map((job) => job.runKey);
  const others = Object.keys(runs)
    .filter((k) => !scheduled.includes(k))
    .sort();
  return [...scheduled, ...others];
}

/** The French listing of job runs. */
export function describeJobRuns(runs: JobRuns): string[] {
  const lines: string[] = [];
  for (const key of jobKeys(runs)) {
    const list: readonly JobRun[] = runs[key] ?? [];
    const [last, ...earlier] = list;
    if (last === undefined) {
      lines.push(`  ${key} : jamais exécutée`);
      continue;
    }
    lines.push(`  ${last.outcome === 'ok' ? '✓' : '✗'} ${key} : ${describeRun(last)}`);
    if (earlier.length > 0) {
      const shown = earlier
        .slice(0, EARLIER_RUNS_SHOWN)
        .map((r) => `${formatParisDateTime(r.startedAt)} ${r.outcome === 'ok' ? '✓' : '✗'}`);
      lines.push(`      précédentes : ${shown.join(', ')}`);
    }
  }
  return lines;
}

/**
 * `dla status [--dir DIR] [--json]`: the last runs of each scheduled job (start, outcome,
 * duration, counts) and the last sync of each workbook as its `Journal` tab shows it.
 */
export async function runStatus(options: { dir?: string; json?: boolean }): Promise<number> {
  const missing = missingWorkspace(options.dir);
  if (missing !== null) return cannotRun(missing, 'WORKSPACE_NOT_FOUND');
  const config = loadWorkspaceConfig(options.dir);
  if (!config.ok) return cannotRun(config.error.message, config.error.code);
  if (config.value.store.kind === 'sqlite' && !fs.existsSync(config.value.store.path)) {
    return cannotRun(
      `Base absente (${config.value.store.path}) : lancez « dla init » dans ce dossier de travail.`,
    );
  }
  const context = createAppContext(config.value);
  try {
    const runs = await readJobRuns(context.store);
    const syncs = await lastSyncs(context.gateway, [C2RA, ...OPERATOR_CODES]);
    if (options.json === true) {
      process.stdout.write(`${JSON.stringify({ jobRuns: runs, lastSyncs: syncs }, null, 2)}\n`);
      return 0;
    }
    const lines = [
      'Tâches planifiées (dernière exécution, heure de Paris) :',
      ...describeJobRuns(runs),
      '',
      `Dernières synchronisations par classeur (onglet « ${JOURNAL_TAB} ») :`,
      ...syncs.map(
        (s) =>
          `  ${s.owner.padEnd(8)} ${s.lastSync ?? '—'}${s.problem === null ? '' : ` (${s.problem})`}`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    await context.close();
  }
}
