import { createMissingWorkbooks, loadDemoData } from '../workspace-setup';
import { cannotRun, openWorkspace } from '../workspace-context';

/** `dla init [--dir DIR] [--demo]`: the seven workbooks, built from the layouts; never overwrites one. */
export async function runInit(options: { dir?: string; demo?: boolean }): Promise<number> {
  const opened = openWorkspace(options.dir, { create: true });
  if (!opened.ok) return cannotRun(opened.message);
  const { context } = opened;
  try {
    const dir = context.config.workspace;
    const created = await createMissingWorkbooks(dir);
    process.stdout.write(
      created.length === 0
        ? `Espace de travail ${dir} : tous les classeurs existent déjà, rien n'a été modifié.\n`
        : `Espace de travail ${dir} : ${created.length} classeur(s) créé(s) (${created.join(', ')}).\n`,
    );
    if (options.demo) {
      if (created.length < 7)
        return cannotRun(
          'Données de démonstration : uniquement dans un espace de travail neuf (des classeurs existaient déjà).',
        );
      const loaded = await loadDemoData(context);
      if (!loaded.ok)
        return cannotRun(`Données de démonstration impossibles : ${loaded.error.message}`);
      const records = loaded.value.reduce((n, r) => n + r.created, 0);
      const refused = loaded.value.reduce((n, r) => n + r.rejected.length, 0);
      process.stdout.write(
        `Données de démonstration chargées : ${records} enregistrement(s), ${refused} cellule(s) refusée(s).\n`,
      );
    }
    return 0;
  } finally {
    await context.close();
  }
}
