import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  C2RA,
  OPERATOR_CODES,
  workbookOwnerSchema,
  type WorkbookOwner,
} from '../shared/domain/operator';
import { fail, ok, type Result } from '../shared/domain/result';
import { MIN_SECRET_LENGTH } from '../functions/config';

/** File of a workspace holding its spreadsheets' HMAC secrets (never committed: `workspace/` is ignored). */
export const SECRETS_FILE = '.secrets.json';

/** Every workbook owner of a workspace has a secret. */
const OWNERS: readonly WorkbookOwner[] = [C2RA, ...OPERATOR_CODES];

/** A fresh secret: 32 random bytes in hex. */
export function newSecret(): string {
  return randomBytes(32).toString('hex');
}

function readSecrets(file: string): Result<Partial<Record<WorkbookOwner, string>>> {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return fail(
      'SECRETS_UNREADABLE',
      `Fichier de secrets illisible : ${file}. Supprimez-le pour en créer un neuf.`,
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return fail(
      'SECRETS_UNREADABLE',
      `Fichier de secrets invalide : ${file}. Supprimez-le pour en créer un neuf.`,
    );
  }
  const secrets: Partial<Record<WorkbookOwner, string>> = {};
  for (const [key, value] of Object.entries(json)) {
    const owner = workbookOwnerSchema.safeParse(key);
    if (owner.success && typeof value === 'string' && value.length >= MIN_SECRET_LENGTH)
      secrets[owner.data] = value;
  }
  return ok(secrets);
}

/**
 * Writes the secrets file atomically with mode 0600. A first creation never replaces a file
 * another `dla` process created meanwhile (false then: read that one instead).
 */
function writeSecrets(
  file: string,
  secrets: Partial<Record<WorkbookOwner, string>>,
  replace: boolean,
): boolean {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(temporary, 0o600);
  if (replace) {
    fs.renameSync(temporary, file);
    return true;
  }
  try {
    fs.linkSync(temporary, file);
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/**
 * The HMAC secrets of a local workspace's spreadsheets, one per owner, from
 * `<workspace>/.secrets.json`: created on first use (random 32 bytes in hex per owner, file mode
 * 0600), completed when an owner is missing, and kept private (mode reset to 0600).
 */
export function workspaceSecrets(workspace: string): Result<Record<WorkbookOwner, string>> {
  const file = path.join(workspace, SECRETS_FILE);
  fs.mkdirSync(workspace, { recursive: true });
  let known: Partial<Record<WorkbookOwner, string>> = {};
  if (fs.existsSync(file)) {
    const read = readSecrets(file);
    if (!read.ok) return read;
    known = read.value;
    if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  }
  const complete = Object.fromEntries(
    OWNERS.map((owner) => [owner, known[owner] ?? newSecret()]),
  ) as Record<WorkbookOwner, string>;
  const exists = fs.existsSync(file);
  if (OWNERS.some((owner) => known[owner] === undefined) && !writeSecrets(file, complete, exists)) {
    const again = readSecrets(file);
    if (!again.ok) return again;
    if (OWNERS.some((owner) => again.value[owner] === undefined)) {
      return fail(
        'SECRETS_UNREADABLE',
        `Fichier de secrets incomplet : ${file}. Supprimez-le pour en créer un neuf.`,
      );
    }
    return ok(again.value as Record<WorkbookOwner, string>);
  }
  return ok(complete);
}
