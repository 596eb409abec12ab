import { setAppContext } from '../../functions/composition-root';
import { serveFunctions } from '../serve-functions';
import { cannotRun, openWorkspace } from '../workspace-context';

/** `dla serve [--port N]`: every HTTP function on one port until interrupted. */
export async function runServe(options: { dir?: string; port?: string }): Promise<number> {
  const opened = openWorkspace(options.dir);
  if (!opened.ok) return cannotRun(opened.message);
  setAppContext(opened.context);
  const port = options.port === undefined ? opened.context.config.port : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return cannotRun(`Port invalide : ${options.port ?? ''}`);
  const server = await serveFunctions(port, opened.context.config.maxBodyBytes);
  process.stdout.write(
    `Fonctions servies sur ${server.url}/<nom> (ex. ${server.url}/sheetEdit). Ctrl+C pour arrêter.\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await opened.context.close();
  return 0;
}
