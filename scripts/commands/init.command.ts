import { createMissingWorkbooks, loadDemoData } from '../workspace-setup';
import { cannotRun, openWorkspace } from '../workspace-context';
import { isJsonOutput, printJson, say } from '../cli/command-output';
import { createProgressReporter, formatDuration } from '../cli/progress-reporter';

/** `dla init [--dir DIR] [--demo] [--json]`: the seven workbooks, built from the layouts; never overwrites one. */
export async function runInit(options: { dir?: string; demo?: boolean }): Promise<number> {
  const opened = openWorkspace(options.dir, { create: true });
  if (!opened.ok) return cannotRun(opened.message);
  const { context } = opened;
  try {
    const dir = context.config.workspace;
    const created = await createMissingWorkbooks(dir);
    say(
      created.length === 0
        ? `Espace de travail ${dir} : tous les classeurs existent déjà, rien n'a été modifié.`
        : `Espace de travail ${dir} : ${created.length} classeur(s) créé(s) (${created.join(', ')}).`,
    );
    let demo: { records: number; refused: number } | null = null;
    if (options.demo) {
      if (created.length < 7)
        return cannotRun(
          'Données de démonstration : uniquement dans un espace de travail neuf (des classeurs existaient déjà). [WORKSPACE_NOT_EMPTY]',
        );
      const progress = createProgressReporter({ json: isJsonOutput() });
      const loaded = await loadDemoData(context, { progress: progress.report });
      const elapsed = progress.stop();
      if (!loaded.ok)
        return cannotRun(
          `Données de démonstration impossibles : ${loaded.error.message} [${loaded.error.code}]`,
        );
      demo = {
        records: loaded.value.reduce((n, r) => n + r.created, 0),
        refused: loaded.value.reduce((n, r) => n + r.rejected.length, 0),
      };
      say(
        `Données de démonstration chargées : ${demo.records} enregistrement(s), ${demo.refused} cellule(s) refusée(s), en ${formatDuration(elapsed)}.`,
      );
    }
    if (isJsonOutput()) printJson({ ok: true, workspace: dir, created, demo });
    return 0;
  } finally {
    await context.close();
  }
}
