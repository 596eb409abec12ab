/**
 * A local, stateful Google Sheets API v4 server (node:http only) for integration tests. The
 * real `@googleapis/sheets` client talks to it through `rootUrl`:
 *
 * ```ts
 * const server = await startSheetsApiServer();
 * const api = createSheetsTestClient(server); // or, by hand:
 * const a = new auth.OAuth2();
 * a.setCredentials({ access_token: 'test', expiry_date: Date.now() + 3_600_000 });
 * const api2 = sheets({ version: 'v4', rootUrl: server.url + '/', auth: a, retry: false,
 *   fetchImplementation: fetch }); // fetchImplementation: needed inside jest, see below
 * ```
 *
 * Every call is recorded in `calls` (operation, decoded ranges, status) and `failNext` injects
 * faults (429 with Retry-After, 503…). The data lives in `state` ({@link SheetsApiState}).
 */
import { listenOnLoopback } from './loopback-server';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

import { auth, sheets, type sheets_v4 } from '@googleapis/sheets';

import {
  type Json,
  type JsonObject,
  SheetsApiError,
  defaultErrorMessage,
  googleStatusName,
  isJsonObject,
} from './sheets-api-model';
import { SheetsApiState } from './sheets-api-state';
import { readMajorDimension, readRenderOption } from './sheets-api-values';

export { SheetsApiState } from './sheets-api-state';
export {
  SheetsApiError,
  type CellValue,
  type Color,
  type Json,
  type JsonObject,
  type SeedSheet,
  type SheetState,
  type SpreadsheetState,
} from './sheets-api-model';

export type SheetsOperation =
  | 'spreadsheets.create'
  | 'spreadsheets.get'
  | 'spreadsheets.batchUpdate'
  | 'values.get'
  | 'values.batchGet'
  | 'unknown';

const READ_OPERATIONS: ReadonlySet<SheetsOperation> = new Set([
  'spreadsheets.get',
  'values.get',
  'values.batchGet',
]);

export interface RecordedCall {
  readonly method: string;
  /** Decoded path, e.g. `/v4/spreadsheets/ID/values/'Missions'!A1:Z`. */
  readonly path: string;
  readonly operation: SheetsOperation;
  readonly spreadsheetId: string | undefined;
  /** Decoded A1 ranges the call names (path range, `ranges` query, `data[].range`, body `ranges`). */
  readonly ranges: readonly string[];
  /** Request kinds of a spreadsheets.batchUpdate (`addSheet`, `updateCells`…). */
  readonly requestKinds: readonly string[];
  readonly query: Readonly<Record<string, readonly string[]>>;
  readonly body: Json | undefined;
  readonly status: number;
  /** True when the answer came from {@link SheetsApiServer.failNext} or the quota option. */
  readonly injected: boolean;
  readonly authorization: string | undefined;
}

export interface FailNextOptions {
  /** Adds a `Retry-After: N` header to the error answer. */
  readonly retryAfterSeconds?: number;
  /** How many calls fail (default 1). */
  readonly count?: number;
  /** Only calls of this operation fail (and use up the count). */
  readonly operation?: SheetsOperation;
  /** Replaces Google's default message for the status. */
  readonly message?: string;
}

export interface SheetsApiServerOptions {
  /** Answers 401 UNAUTHENTICATED to calls without `Authorization: Bearer …` or `key=` (default true). */
  readonly requireAuth?: boolean;
  /** Waits this long before answering each call. */
  readonly latencyMs?: number;
  /**
   * Per-minute quotas as Google's (60 reads and 60 writes per minute per user); over quota the
   * server answers 429 RESOURCE_EXHAUSTED. `now` lets a test drive the clock.
   */
  readonly quota?: {
    readonly readRequestsPerMinute?: number;
    readonly writeRequestsPerMinute?: number;
    readonly now?: () => number;
  };
}

export interface SheetsApiServer {
  /** `http://127.0.0.1:PORT` (no trailing slash: pass `url + '/'` as the client's `rootUrl`). */
  readonly url: string;
  readonly port: number;
  readonly state: SheetsApiState;
  readonly calls: RecordedCall[];
  /** Makes the next `count` calls (default 1) answer `status` with Google's error body. */
  failNext(status: number, options?: FailNextOptions): void;
  /** Forgets recorded calls and pending faults. */
  resetCalls(): void;
  close(): Promise<void>;
}

interface Fault {
  readonly status: number;
  remaining: number;
  readonly retryAfterSeconds: number | undefined;
  readonly operation: SheetsOperation | undefined;
  readonly message: string | undefined;
}

interface Route {
  readonly operation: SheetsOperation;
  readonly spreadsheetId: string | undefined;
  readonly range: string | undefined;
}

/** Reads the raw (still percent-encoded) path into an operation. */
function route(method: string, rawPath: string): Route | SheetsApiError {
  const prefix = '/v4/spreadsheets';
  const unknown = (): SheetsApiError =>
    new SheetsApiError(404, `Method not found: ${method} ${rawPath}`, 'NOT_FOUND');
  if (rawPath === prefix || rawPath === `${prefix}/`) {
    return method === 'POST'
      ? { operation: 'spreadsheets.create', spreadsheetId: undefined, range: undefined }
      : unknown();
  }
  if (!rawPath.startsWith(`${prefix}/`)) {
    return unknown();
  }
  const rest = rawPath.slice(prefix.length + 1);
  const slash = rest.indexOf('/');
  const head = slash === -1 ? rest : rest.slice(0, slash);
  const tail = slash === -1 ? undefined : rest.slice(slash + 1);
  const [encodedId, verb, ...extra] = head.split(':');
  if (encodedId === undefined || encodedId.length === 0 || extra.length > 0) {
    return unknown();
  }
  let spreadsheetId: string;
  try {
    spreadsheetId = decodeURIComponent(encodedId);
  } catch {
    return unknown();
  }
  if (tail === undefined) {
    if (verb === undefined && method === 'GET') {
      return { operation: 'spreadsheets.get', spreadsheetId, range: undefined };
    }
    if (verb === 'batchUpdate' && method === 'POST') {
      return { operation: 'spreadsheets.batchUpdate', spreadsheetId, range: undefined };
    }
    return unknown();
  }
  if (verb !== undefined) {
    return unknown();
  }
  if (tail === 'values:batchGet' && method === 'GET') {
    return { operation: 'values.batchGet', spreadsheetId, range: undefined };
  }
  if (!tail.startsWith('values/') || method !== 'GET') {
    return unknown();
  }
  const encodedRange = tail.slice('values/'.length);
  let range: string;
  try {
    range = decodeURIComponent(encodedRange);
  } catch {
    return new SheetsApiError(400, `Unable to parse range: ${encodedRange}`);
  }
  return range.length === 0 ? unknown() : { operation: 'values.get', spreadsheetId, range };
}

function readQuery(url: URL): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const [key, value] of url.searchParams) {
    (query[key] ??= []).push(value);
  }
  return query;
}

function single(query: Record<string, string[]>, key: string): string | undefined {
  return query[key]?.[0];
}

function booleanParam(query: Record<string, string[]>, key: string): boolean {
  return single(query, key) === 'true';
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseBody(text: string): JsonObject | SheetsApiError {
  if (text.trim().length === 0) {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return new SheetsApiError(400, `Invalid JSON payload received. ${(error as Error).message}`);
  }
  if (!isJsonObject(parsed)) {
    return new SheetsApiError(400, 'Invalid JSON payload received. Expected an object.');
  }
  return parsed;
}

function rangesNamedBy(
  routeInfo: Route,
  query: Record<string, string[]>,
  body: JsonObject | undefined,
): string[] {
  const ranges: string[] = [];
  if (routeInfo.range !== undefined) {
    ranges.push(routeInfo.range);
  }
  ranges.push(...(query['ranges'] ?? []));
  if (body !== undefined) {
    const data = body['data'];
    if (Array.isArray(data)) {
      for (const item of data) {
        if (isJsonObject(item) && typeof item['range'] === 'string') {
          ranges.push(item['range']);
        }
      }
    }
    const bodyRanges = body['ranges'];
    if (Array.isArray(bodyRanges)) {
      ranges.push(...bodyRanges.filter((item): item is string => typeof item === 'string'));
    }
  }
  return ranges;
}

function requestKindsOf(body: JsonObject | undefined): string[] {
  const requests = body?.['requests'];
  if (!Array.isArray(requests)) {
    return [];
  }
  return requests.flatMap((request) => (isJsonObject(request) ? Object.keys(request) : []));
}

function handle(
  state: SheetsApiState,
  routeInfo: Route,
  query: Record<string, string[]>,
  body: JsonObject,
): Json {
  const id = routeInfo.spreadsheetId ?? '';
  const range = routeInfo.range ?? '';
  const readOptions = {
    valueRenderOption: readRenderOption(single(query, 'valueRenderOption')),
    majorDimension: readMajorDimension(single(query, 'majorDimension')),
  };
  switch (routeInfo.operation) {
    case 'spreadsheets.create':
      return state.create(body);
    case 'spreadsheets.get':
      return state.get(id, {
        ranges: query['ranges'] ?? [],
        includeGridData: booleanParam(query, 'includeGridData'),
        ...(single(query, 'fields') === undefined ? {} : { fields: single(query, 'fields') }),
      });
    case 'spreadsheets.batchUpdate':
      return state.batchUpdate(id, body);
    case 'values.get':
      return { ...state.getValueRange(id, range, readOptions) };
    case 'values.batchGet':
      return state.batchGetValues(id, query['ranges'] ?? [], readOptions);
    case 'unknown':
      throw new SheetsApiError(404, 'Method not found.');
  }
}

function quotaMessage(kind: 'Read' | 'Write'): string {
  return `Quota exceeded for quota metric '${kind} requests' and limit '${kind} requests per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:000000000000'.`;
}

/** Starts the server on 127.0.0.1 and a free port. */
export async function startSheetsApiServer(
  options: SheetsApiServerOptions = {},
): Promise<SheetsApiServer> {
  const state = new SheetsApiState();
  const calls: RecordedCall[] = [];
  let faults: Fault[] = [];
  const requireAuth = options.requireAuth ?? true;
  const now = options.quota?.now ?? Date.now;
  const recent: Record<'Read' | 'Write', number[]> = { Read: [], Write: [] };

  function overQuota(kind: 'Read' | 'Write'): boolean {
    const limit =
      kind === 'Read'
        ? options.quota?.readRequestsPerMinute
        : options.quota?.writeRequestsPerMinute;
    if (limit === undefined) {
      return false;
    }
    const time = now();
    recent[kind] = recent[kind].filter((at) => time - at < 60_000);
    if (recent[kind].length >= limit) {
      return true;
    }
    recent[kind].push(time);
    return false;
  }

  function send(
    response: ServerResponse,
    status: number,
    payload: Json,
    headers: Record<string, string> = {},
  ): void {
    const text = JSON.stringify(payload);
    response.writeHead(status, {
      'content-type': 'application/json; charset=UTF-8',
      'content-length': Buffer.byteLength(text),
      ...headers,
    });
    response.end(text);
  }

  async function onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const query = readQuery(url);
    const rawBody = await readBody(request);
    if (options.latencyMs !== undefined && options.latencyMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    }
    const routeInfo = route(method, url.pathname);
    const parsedBody = parseBody(rawBody);
    const body = parsedBody instanceof SheetsApiError ? undefined : parsedBody;
    const routed: Route =
      routeInfo instanceof SheetsApiError
        ? { operation: 'unknown', spreadsheetId: undefined, range: undefined }
        : routeInfo;
    let decodedPath = url.pathname;
    try {
      decodedPath = decodeURIComponent(url.pathname);
    } catch {
      // keep the raw path
    }
    const authorization = request.headers.authorization;
    const record = (status: number, injected: boolean): void => {
      calls.push({
        method,
        path: decodedPath,
        operation: routed.operation,
        spreadsheetId: routed.spreadsheetId,
        ranges: rangesNamedBy(routed, query, body),
        requestKinds: routed.operation === 'spreadsheets.batchUpdate' ? requestKindsOf(body) : [],
        query,
        body,
        status,
        injected,
        authorization,
      });
    };

    const fault = faults.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (candidate.operation === undefined || candidate.operation === routed.operation),
    );
    if (fault !== undefined) {
      fault.remaining -= 1;
      faults = faults.filter((candidate) => candidate.remaining > 0);
      const error = new SheetsApiError(
        fault.status,
        fault.message ?? defaultErrorMessage(fault.status),
      );
      const headers: Record<string, string> =
        fault.retryAfterSeconds === undefined
          ? {}
          : { 'retry-after': String(fault.retryAfterSeconds) };
      record(fault.status, true);
      send(response, fault.status, error.toBody(), headers);
      return;
    }

    const kind = READ_OPERATIONS.has(routed.operation) ? 'Read' : 'Write';
    if (routed.operation !== 'unknown' && overQuota(kind)) {
      const error = new SheetsApiError(429, quotaMessage(kind));
      record(429, true);
      send(response, 429, error.toBody());
      return;
    }

    let status = 200;
    let payload: Json;
    try {
      if (routeInfo instanceof SheetsApiError) {
        throw routeInfo;
      }
      const hasKey = single(query, 'key') !== undefined;
      if (requireAuth && !/^Bearer \S+/.test(authorization ?? '') && !hasKey) {
        throw new SheetsApiError(
          401,
          'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
        );
      }
      if (parsedBody instanceof SheetsApiError) {
        throw parsedBody;
      }
      payload = handle(state, routeInfo, query, parsedBody);
    } catch (error) {
      const apiError =
        error instanceof SheetsApiError
          ? error
          : new SheetsApiError(
              500,
              `Internal error encountered. (stand-in: ${(error as Error).stack ?? String(error)})`,
            );
      status = apiError.code;
      payload = apiError.toBody();
    }
    record(status, false);
    send(response, status, payload);
  }

  const server = createServer((request, response) => {
    onRequest(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        send(response, 500, new SheetsApiError(500, String(error)).toBody());
      } else {
        response.destroy();
      }
    });
  });
  server.keepAliveTimeout = 1_000;

  const port = await listenOnLoopback(server);

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    state,
    calls,
    failNext(status: number, failOptions: FailNextOptions = {}): void {
      if (!Number.isInteger(status) || status < 400 || status > 599) {
        throw new RangeError(`failNext needs an error status (400–599), got ${status}`);
      }
      faults.push({
        status,
        remaining: failOptions.count ?? 1,
        retryAfterSeconds: failOptions.retryAfterSeconds,
        operation: failOptions.operation,
        message: failOptions.message,
      });
    },
    resetCalls(): void {
      calls.length = 0;
      faults = [];
    },
    close(): Promise<void> {
      return new Promise((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      });
    },
  };
}

export { googleStatusName };

export interface SheetsTestClientOptions {
  /** The client's own retry (gaxios retryConfig defaults: GETs retried on 5xx/429). Default false. */
  readonly retry?: boolean;
  readonly accessToken?: string;
}

/**
 * The real `@googleapis/sheets` client pointed at the server, as shared/ENVIRONMENT.md shows,
 * plus `fetchImplementation: fetch`: inside jest (CommonJS, no --experimental-vm-modules) gaxios 7
 * cannot run its `import('node-fetch')` and every call fails with "A dynamic import callback was
 * invoked without --experimental-vm-modules". Code under test that builds its own client needs
 * the same option injected when it runs in jest.
 */
export function createSheetsTestClient(
  server: Pick<SheetsApiServer, 'url'>,
  options: SheetsTestClientOptions = {},
): sheets_v4.Sheets {
  const credentials = new auth.OAuth2();
  credentials.setCredentials({
    access_token: options.accessToken ?? 'test',
    expiry_date: Date.now() + 3_600_000,
  });
  return sheets({
    version: 'v4',
    rootUrl: `${server.url}/`,
    auth: credentials,
    retry: options.retry ?? false,
    fetchImplementation: fetch,
  });
}
