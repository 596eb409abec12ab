import { setAppContext } from '../../functions/composition-root';
import { syncWorkbook } from '../../shared/use-cases/sync-workbook';
import { serveFunctions } from '../serve-functions';
import { cannotRun, openWorkspace } from '../workspace-context';
import {
  createMissingWorkbooks,
  loadDemoData,
  missingWorkbooks,
  WORKSPACE_OWNERS,
} from '../workspace-setup';
import { WorkspaceWatcher } from '../workspace-watcher';

/**
 * `npm start` / `dla start`: creates the workspace if absent (with the demo data set unless
 * `--no-demo`), serves the functions, and syncs every workbook a person saves and closes.
 */
export async function runStart(options: {
  dir?: string;
  port?: string;
  demo?: boolean;
}): Promise<number> {
  const opened = openWorkspace(options.dir, { create: true });
  if (!opened.ok) return cannotRun(opened.message);
  const { context } = opened;
  const dir = context.config.workspace;
  const say = (message: string) =>
    process.stdout.write(
      `${new Date().toLocaleTimeString('fr-FR', { timeZone: 'Europe/Paris' })} ${message}\n`,
    );
  const fresh = missingWorkbooks(dir).length === WORKSPACE_OWNERS.length;
  const created = await createMissingWorkbooks(dir);
  if (created.length > 0) say(`Classeurs créés dans ${dir} : ${created.join(', ')}.`);
  if (fresh && options.demo !== false) {
    const loaded = await loadDemoData(context);
    if (!loaded.ok)
      return cannotRun(`Données de démonstration impossibles : ${loaded.error.message}`);
    say('Données de démonstration chargées.');
  }
  setAppContext(context);
  const port = options.port === undefined ? context.config.port : Number(options.port);
  const server = await serveFunctions(port, context.config.maxBodyBytes);
  say(`Fonctions servies sur ${server.url}/<nom>.`);
  const watcher = new WorkspaceWatcher(
    dir,
    WORKSPACE_OWNERS,
    (owner) => syncWorkbook(context, owner, 'enregistrement du classeur'),
    say,
  );
  watcher.start();
  say(
    `Ouvrez un classeur de ${dir}, modifiez-le, enregistrez et fermez-le : identifiants, erreurs et colonnes calculées apparaissent en quelques secondes. Ctrl+C pour arrêter.`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  watcher.stop();
  await server.close();
  await context.close();
  return 0;
}
