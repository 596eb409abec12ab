/**
 * The HTTP functions run in process (functions-framework's test server, supertest): the app
 * context they are given, and requests signed the way the Apps Script of a spreadsheet signs
 * them. The test file imports the function it calls (e.g. `functions/sheet-edit.http`) so that
 * it is registered.
 *
 * @packageDocumentation
 */
import { getTestServer } from '@google-cloud/functions-framework/testing';
import request from 'supertest';
import { SqliteRecordStore } from '../../functions/adapters/sqlite-record-store';
import { signRequest } from '../../functions/auth/hmac-signature';
import { setAuthenticationDependencies } from '../../functions/auth/with-authentication';
import { setAppContext, type AppContext } from '../../functions/composition-root';
import { loadConfig } from '../../functions/config';
import type { Clock } from '../../shared/ports/clock';
import { InMemoryWorkbookGateway } from './fakes/in-memory-workbook-gateway';
import { RecordingMailer } from './fakes/recording-mailer';

/** Each spreadsheet's HMAC secret, as the Apps Script holds it in its Script Properties. */
export const HMAC_SECRETS = {
  C2RA: 'secret-de-test-du-classeur-regional-c2ra',
  'CBE-LM': 'secret-de-test-du-classeur-cbe-lille-metropole',
  'EE-DK': 'secret-de-test-du-classeur-entreprendre-ensemble',
} as const;

/** A spreadsheet that holds a secret of {@link HMAC_SECRETS}. */
export type SigningSpreadsheet = keyof typeof HMAC_SECRETS;

/** The context the functions are given in these tests, with its fakes typed as such. */
export interface TestAppContext extends AppContext {
  readonly store: SqliteRecordStore;
  readonly gateway: InMemoryWorkbookGateway;
  readonly mailer: RecordingMailer;
}

/**
 * Gives the HTTP functions their context: the configuration read from `env` (by default, the
 * secrets of {@link HMAC_SECRETS}; throws when it is refused), an embedded SQLite store in
 * memory, `gateway` (an empty in-memory workbook by default), `clock` and a mailer that keeps
 * what it sends.
 */
export function setTestAppContext(
  clock: Clock,
  {
    env = { DLA_HMAC_SECRETS: JSON.stringify(HMAC_SECRETS) },
    gateway = new InMemoryWorkbookGateway(),
  }: {
    readonly env?: Readonly<Record<string, string>>;
    readonly gateway?: InMemoryWorkbookGateway;
  } = {},
): TestAppContext {
  const config = loadConfig(env);
  if (!config.ok) throw new Error(config.error.message);
  const store = new SqliteRecordStore(':memory:');
  const context: TestAppContext = {
    config: config.value,
    store,
    gateway,
    clock,
    mailer: new RecordingMailer(),
    close: () => store.close(),
  };
  setAppContext(context);
  return context;
}

/** Takes back the context and the authentication dependencies tests gave the functions. */
export function clearTestAppContext(): void {
  setAppContext(null);
  setAuthenticationDependencies(null);
}

/**
 * A POST of `body` to the HTTP function `name`, signed at `at` with the secret of the spreadsheet
 * it comes from; a string is sent as is (text/plain), anything else as JSON.
 */
export function signedPostTo(name: string, body: unknown, from: SigningSpreadsheet, at: Date) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return request(getTestServer(name))
    .post('/')
    .set(signRequest(HMAC_SECRETS[from], raw, at))
    .set('content-type', typeof body === 'string' ? 'text/plain' : 'application/json')
    .send(raw);
}
