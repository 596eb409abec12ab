/**
 * Entry point of one benchmark child process: `node --expose-gc --import tsx bench/child.ts
 * <case> <args JSON> <result file>`. Each heavy case runs alone in its own process, so its time
 * and its peak memory are not polluted by the cases before it; the result is written as JSON to
 * the result file (stdout stays free for the code under test).
 *
 * @packageDocumentation
 */
import { writeFileSync } from 'node:fs';
import { fullGc, round, rssMb } from './lib/measure';

/** A case ready to run: its module is loaded. */
type CaseRunner = (args: unknown) => Promise<unknown>;

/** What a child writes to its result file. */
export interface ChildResult<T> {
  readonly value: T;
  /** RSS of the child once its case's modules were loaded (after a full GC), in MiB. */
  readonly idleRssMb: number;
}

const reconcileCases = () => import('./cases/reconcile-cases.js');
const sheetEditCases = () => import('./cases/sheet-edit-cases.js');
const domainCases = () => import('./cases/domain-cases.js');
const exportCases = () => import('./cases/export-cases.js');
const dashboardCases = () => import('./cases/dashboard-cases.js');
const firestoreCases = () => import('./cases/firestore-edit-cases.js');

/**
 * Every case a child can run, by name: each loads only the modules it needs, then gives the
 * function to run. The arguments are the orchestrator's, trusted.
 */
export const CHILD_CASES = {
  build: async () => {
    const m = await reconcileCases();
    return (args) => m.buildCase(args as Parameters<typeof m.buildCase>[0]);
  },
  'xlsx-floor': async () => {
    const m = await reconcileCases();
    return (args) => m.xlsxFloorCase(args as Parameters<typeof m.xlsxFloorCase>[0]);
  },
  'xlsx-reconcile': async () => {
    const m = await reconcileCases();
    return (args) => m.xlsxReconcileCase(args as Parameters<typeof m.xlsxReconcileCase>[0]);
  },
  'xlsx-mutate': async () => {
    const m = await reconcileCases();
    return (args) => m.xlsxMutateCase(args as Parameters<typeof m.xlsxMutateCase>[0]);
  },
  sheets: async () => {
    const m = await reconcileCases();
    return (args) => m.sheetsCase(args as Parameters<typeof m.sheetsCase>[0]);
  },
  server: async () => {
    const m = await sheetEditCases();
    return (args) => m.serverCase(args as Parameters<typeof m.serverCase>[0]);
  },
  load: async () => {
    const m = await sheetEditCases();
    return (args) => m.loadCase(args as Parameters<typeof m.loadCase>[0]);
  },
  'firestore-reads': async () => {
    const m = await firestoreCases();
    return (args) => m.firestoreReadsCase(args as Parameters<typeof m.firestoreReadsCase>[0]);
  },
  scoring: async () => {
    const m = await domainCases();
    return (args) => m.scoringCase(args as Parameters<typeof m.scoringCase>[0]);
  },
  alerts: async () => {
    const m = await domainCases();
    return (args) => m.alertsCase(args as Parameters<typeof m.alertsCase>[0]);
  },
  suggestions: async () => {
    const m = await domainCases();
    return (args) => m.suggestionCase(args as Parameters<typeof m.suggestionCase>[0]);
  },
  'consolidation-setup': async () => {
    const m = await exportCases();
    return async (args) =>
      m.consolidationSetupCase(args as Parameters<typeof m.consolidationSetupCase>[0]);
  },
  consolidation: async () => {
    const m = await exportCases();
    return (args) => m.consolidationCase(args as Parameters<typeof m.consolidationCase>[0]);
  },
  dashboard: async () => {
    const m = await dashboardCases();
    return (args) => m.dashboardCase(args as Parameters<typeof m.dashboardCase>[0]);
  },
  'register-export': async () => {
    const m = await exportCases();
    return (args) => m.registerExportCase(args as Parameters<typeof m.registerExportCase>[0]);
  },
  'stream-floor': async () => {
    const m = await exportCases();
    return (args) => m.streamFloorCase(args as Parameters<typeof m.streamFloorCase>[0]);
  },
} satisfies Record<string, () => Promise<CaseRunner>>;

/** The name of a child case. */
export type ChildCaseName = keyof typeof CHILD_CASES;

function isCaseName(name: string): name is ChildCaseName {
  return Object.prototype.hasOwnProperty.call(CHILD_CASES, name);
}

async function main(): Promise<void> {
  const [name = '', argsJson = '{}', resultFile = ''] = process.argv.slice(2);
  if (!isCaseName(name)) throw new Error(`Unknown benchmark case « ${name} ».`);
  const run: CaseRunner = await CHILD_CASES[name]();
  // What the process holds before any data: Node, tsx and the case's modules.
  fullGc();
  const idleRssMb = round(rssMb(), 1);
  const value = await run(JSON.parse(argsJson) as unknown);
  const result: ChildResult<unknown> = { value: value ?? null, idleRssMb };
  if (resultFile !== '') writeFileSync(resultFile, JSON.stringify(result));
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
