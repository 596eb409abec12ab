import { createAppContext, type AppContext } from '../functions/composition-root';
import { loadWorkspaceConfig } from '../functions/config';
import { workspaceSecrets } from './workspace-secrets';

/** Prints a French error and gives the exit code of a command that could not run. */
export function cannotRun(message: string): number {
  process.stderr.write(`${message}\n`);
  return 1;
}

/**
 * Opens the local workspace (embedded store + workbooks) a command works on, with its
 * spreadsheets' HMAC secrets (`workspace/.secrets.json`, created on first use).
 */
export function openWorkspace(
  dir: string | undefined,
): { ok: true; context: AppContext } | { ok: false; message: string } {
  const config = loadWorkspaceConfig(dir, undefined, workspaceSecrets);
  if (!config.ok) return { ok: false, message: config.error.message };
  return { ok: true, context: createAppContext(config.value) };
}
