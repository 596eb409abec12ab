import fs from 'node:fs';
import path from 'node:path';
import { createAppContext, type AppContext } from '../functions/composition-root';
import { loadWorkspaceConfig } from '../functions/config';
import { workspaceSecrets } from './workspace-secrets';

export { cannotRun } from './cli/command-output';

/** The workspace folder a command names (`--dir`, else DLA_WORKSPACE, else ./workspace), resolved. */
function workspaceFolder(dir: string | undefined): string | null {
  const config = loadWorkspaceConfig(dir);
  return config.ok ? path.resolve(config.value.workspace) : null;
}

/**
 * Why a command must not open `dir`: it does not exist (a mistyped `--dir` must create nothing
 * there), or it is not a folder. Null when it may.
 */
export function missingWorkspace(dir: string | undefined): string | null {
  const folder = workspaceFolder(dir);
  if (folder === null) return null;
  let isFolder: boolean;
  try {
    isFolder = fs.statSync(folder).isDirectory();
  } catch {
    return (
      `Dossier de travail introuvable : ${folder}. Vérifiez --dir (ou DLA_WORKSPACE) ; ` +
      `pour créer un espace de travail neuf : dla init --dir ${folder}`
    );
  }
  return isFolder ? null : `${folder} n'est pas un dossier : vérifiez --dir (ou DLA_WORKSPACE).`;
}

/**
 * Opens the local workspace (embedded store + workbooks) a command works on, with its
 * spreadsheets' HMAC secrets (`workspace/.secrets.json`, created on first use). The folder must
 * exist unless `create` (only `dla init` and `dla start` create a workspace).
 */
export function openWorkspace(
  dir: string | undefined,
  options: { create?: boolean } = {},
): { ok: true; context: AppContext } | { ok: false; message: string } {
  if (options.create !== true) {
    const missing = missingWorkspace(dir);
    if (missing !== null) return { ok: false, message: `${missing} [WORKSPACE_NOT_FOUND]` };
  }
  const config = loadWorkspaceConfig(dir, undefined, workspaceSecrets);
  if (!config.ok) return { ok: false, message: `${config.error.message} [${config.error.code}]` };
  return { ok: true, context: createAppContext(config.value) };
}
