import { createHmac } from 'node:crypto';
import path from 'node:path';

import { getTestServer } from '@google-cloud/functions-framework/testing';
import request from 'supertest';

import '../../functions/sheet-edit.http';
import '../../functions/sync-spreadsheet.http';
import '../../functions/score-mission.http';
import { ReplayGuard } from '../../functions/auth/hmac-signature';
import { IdTokenVerifier } from '../../functions/auth/id-token-verifier';
import { setAuthenticationDependencies } from '../../functions/auth/with-authentication';
import { setAppContext, type AppContext } from '../../functions/composition-root';
import { loadConfig } from '../../functions/config';
import type { RecordStore } from '../../shared/ports/record-store';
import { sheetEditEventSchema } from '../../shared/use-cases/sheet-edit-event';
import {
  AppsScriptSandbox,
  compileAppsScript,
  type CompiledScriptFile,
  type Exchange,
  type FetchAnswer,
  type FetchRequest,
  type SandboxOptions,
} from './apps-script-sandbox';
import { headerOf } from './builders/workbook-rows';
import { InMemoryRecordStore } from './fakes/in-memory-record-store';
import { InMemoryWorkbookGateway } from './fakes/in-memory-workbook-gateway';
import { RecordingMailer } from './fakes/recording-mailer';

/*
 * The Apps Script sandbox wired to the real functions: each UrlFetch to a function's URL goes to
 * that function (Functions Framework test server, in-memory store and workbooks).
 */

export const SCRIPT_DIR = path.join(__dirname, '..', '..', 'sheets', 'apps-script');
export const SHEET_EDIT_URL = 'https://europe-west1-dla-npdc.cloudfunctions.net/sheetEdit';
export const SYNC_URL = 'https://europe-west1-dla-npdc.cloudfunctions.net/syncSpreadsheet';
export const SCORE_URL = 'https://europe-west1-dla-npdc.cloudfunctions.net/scoreMission';

/** Each spreadsheet's HMAC secret, as its Script Properties and the functions' config hold it. */
export const SECRETS = {
  C2RA: 'secret-de-test-du-classeur-regional-c2ra-0001',
  'CBE-LM': 'secret-de-test-du-classeur-cbe-lille-metropole',
} as const;

/** Who installed the triggers of the C2RA's and of CBE-LM's spreadsheet. */
export const INSTALLERS = {
  C2RA: 'julie.dubois@c2ra-npdc.fr',
  'CBE-LM': 'marie.lefebvre@cbe-lille.fr',
} as const;

/** The header of each record tab, as a freshly provisioned spreadsheet has it. */
export const HEADERS = {
  Registre: headerOf('provider'),
  Structures: headerOf('beneficiary'),
  Accompagnements: headerOf('plan'),
  Missions: headerOf('mission'),
} as const;

/** The 1-based column of a header label. */
export function column(label: string, tabName: keyof typeof HEADERS = 'Registre'): number {
  const index = HEADERS[tabName].indexOf(label);
  if (index < 0) throw new Error(`no column ${label} in ${tabName}`);
  return index + 1;
}

let compiled: CompiledScriptFile[] | null = null;

/** The script's files, compiled once per test file. */
export function appsScriptFiles(): CompiledScriptFile[] {
  compiled ??= compileAppsScript(SCRIPT_DIR);
  return compiled;
}

/**
 * Sets the functions' context: an in-memory store (or `store`) and workbooks, every request
 * HMAC-signed (a stray identity-token check must not reach Google). Undo with {@link resetFunctions}.
 */
export function useFunctions(store: RecordStore = new InMemoryRecordStore()): {
  store: RecordStore;
  gateway: InMemoryWorkbookGateway;
} {
  const config = loadConfig({ DLA_HMAC_SECRETS: JSON.stringify(SECRETS) });
  if (!config.ok) throw new Error(config.error.message);
  const gateway = new InMemoryWorkbookGateway();
  const context: AppContext = {
    config: config.value,
    store,
    gateway,
    clock: { now: () => new Date() },
    mailer: new RecordingMailer(),
    close: () => store.close(),
  };
  setAppContext(context);
  setAuthenticationDependencies({
    replays: new ReplayGuard(),
    idTokens: new IdTokenVerifier(() => Promise.resolve({})),
  });
  return { store, gateway };
}

export function resetFunctions(): void {
  setAppContext(null);
  setAuthenticationDependencies(null);
}

/** Sends a request of the script to the function its URL names (404 for any other URL). */
export async function forwardToFunctions(fetchRequest: FetchRequest): Promise<FetchAnswer> {
  const name = new Map([
    [SHEET_EDIT_URL, 'sheetEdit'],
    [SYNC_URL, 'syncSpreadsheet'],
    [SCORE_URL, 'scoreMission'],
  ]).get(fetchRequest.url);
  if (name === undefined) return { status: 404, text: 'introuvable' };
  let call = request(getTestServer(name)).post('/');
  for (const [header, value] of Object.entries(fetchRequest.headers))
    call = call.set(header, value);
  const response = await call
    .set('content-type', fetchRequest.contentType)
    .send(fetchRequest.payload);
  return { status: response.status, text: response.text };
}

/** A sandbox of the C2RA's (`local-C2RA`) or CBE-LM's (`local-CBE-LM`) spreadsheet. */
export function newSandbox(
  options: Pick<SandboxOptions, 'spreadsheetId' | 'tabs'> & Partial<SandboxOptions>,
): AppsScriptSandbox {
  const owner = options.spreadsheetId === 'local-C2RA' ? 'C2RA' : 'CBE-LM';
  return new AppsScriptSandbox({
    files: appsScriptFiles(),
    installer: INSTALLERS[owner],
    forward: forwardToFunctions,
    scriptProperties: {
      DLA_FUNCTION_URL: SHEET_EDIT_URL,
      DLA_SYNC_URL: SYNC_URL,
      DLA_OWNER: owner,
      DLA_HMAC_SECRET: SECRETS[owner],
    },
    ...options,
  });
}

/** The edit events the script sent, each checked against the function's schema. */
export function editEvents(exchanges: readonly Exchange[]) {
  return exchanges
    .filter((e) => e.request.url === SHEET_EDIT_URL)
    .map((e) => {
      const parsed = sheetEditEventSchema.safeParse(JSON.parse(e.request.payload));
      if (!parsed.success)
        throw new Error(`payload refused by the schema: ${parsed.error.message}`);
      return parsed.data;
    });
}

/** The request carries a valid HMAC signature of its body by `secret`, and an identity token. */
export function expectSigned(exchange: Exchange, secret: string): void {
  const { headers, payload } = exchange.request;
  const timestamp = headers['X-DLA-Timestamp'] ?? '';
  expect(timestamp).toMatch(/^\d{10}$/);
  expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
  expect(headers['X-DLA-Signature']).toBe(
    createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex'),
  );
  expect(headers['Authorization']).toMatch(/^Bearer \S+\.\S+\.\S+$/);
}
