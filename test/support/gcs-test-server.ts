/**
 * A local, stateful Google Cloud Storage JSON API server (node:http only) for integration tests:
 * just the calls the real `@google-cloud/storage` client makes for the export sink, objects held
 * in memory. The client talks to it through `apiEndpoint` (a custom endpoint: the client then
 * sends no credential and asks for none):
 *
 * ```ts
 * const server = await startGcsTestServer({ buckets: ['dla-exports'] });
 * const storage = createStorageTestClient(server); // or, by hand:
 * const storage2 = new Storage({ apiEndpoint: server.url, projectId: 'test' });
 * ```
 *
 * Served: simple uploads (`POST /upload/storage/v1/b/B/o?uploadType=multipart&name=…`),
 * listing (`GET /storage/v1/b/B/o?prefix=…`, paged), download (`GET …/o/NAME?alt=media`, with
 * the hashes the client checks), deletion (`DELETE …/o/NAME`), with the generation preconditions
 * (`ifGenerationMatch`) the client sends. Every call is recorded in `calls`; `failNext` injects
 * Google's error answers (503, 403…). An upload is stored only once its whole body has arrived
 * and parsed, as Cloud Storage does: an aborted or refused upload leaves no object.
 * Not modelled (the export sink does not use them): resumable and media uploads, object
 * metadata reads and updates, buckets' own API, authentication (a custom endpoint sends none).
 * Error bodies, hashes and multipart parsing: `gcs-wire-format.ts`.
 */
import { listenOnLoopback } from './loopback-server';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

import { Storage } from '@google-cloud/storage';

import {
  GcsApiError,
  crc32cBase64,
  defaultMessage,
  md5Base64,
  parseMultipart,
} from './gcs-wire-format';

export { GcsApiError, crc32cBase64, parseMultipart } from './gcs-wire-format';

/** The JSON API operations the server knows. */
export type GcsOperation =
  'objects.insert' | 'objects.list' | 'objects.download' | 'objects.delete' | 'unknown';

/** One stored object. */
export interface StoredObject {
  readonly bucket: string;
  readonly name: string;
  readonly bytes: Buffer;
  readonly contentType: string;
  /** Custom metadata (`metadata.metadata` of the upload). */
  readonly metadata: Readonly<Record<string, string>>;
  /** Other object fields sent with the upload (contentDisposition, cacheControl…). */
  readonly fields: Readonly<Record<string, unknown>>;
  readonly generation: number;
  readonly created: Date;
}

/** One call as the server saw it. */
export interface RecordedGcsCall {
  readonly method: string;
  /** Decoded path. */
  readonly path: string;
  readonly operation: GcsOperation;
  readonly bucket: string | undefined;
  /** The object named by the path (get, download, delete) or by `name=` (insert). */
  readonly object: string | undefined;
  readonly query: Readonly<Record<string, string>>;
  /** Bytes of the request body. */
  readonly bodyBytes: number;
  readonly status: number;
  /** True when the answer came from {@link GcsTestServer.failNext}. */
  readonly injected: boolean;
  readonly authorization: string | undefined;
}

/** Options of {@link GcsTestServer.failNext}. */
export interface GcsFailNextOptions {
  /** How many calls fail (default 1). */
  readonly count?: number;
  /** Only calls of this operation fail (and use up the count). */
  readonly operation?: GcsOperation;
  /** Replaces the default message for the status. */
  readonly message?: string;
}

/** Options of {@link startGcsTestServer}. */
export interface GcsTestServerOptions {
  /** The buckets that exist (any other answers 404). */
  readonly buckets: readonly string[];
  /** Items per page of a listing when the client asks for no `maxResults` (default 1000). */
  readonly listPageSize?: number;
}

/** The running server. */
export interface GcsTestServer {
  /** `http://127.0.0.1:PORT`, the client's `apiEndpoint`. */
  readonly url: string;
  readonly port: number;
  readonly calls: RecordedGcsCall[];
  /** Request body bytes received so far, requests in progress included (shows an upload streams). */
  readonly bytesReceived: number;
  /** The object, or undefined. */
  object(bucket: string, name: string): StoredObject | undefined;
  /** The object names of a bucket, sorted. */
  names(bucket: string): string[];
  /** Stores an object directly (a previous export, another file of the bucket). */
  put(bucket: string, name: string, bytes: Buffer | string, contentType?: string): StoredObject;
  /** Makes the next `count` calls (default 1) answer `status` with Google's error body. */
  failNext(status: number, options?: GcsFailNextOptions): void;
  /** Forgets recorded calls and pending faults. */
  resetCalls(): void;
  close(): Promise<void>;
}

// ------------------------------------------------------------------------------- routing

interface Route {
  readonly operation: GcsOperation;
  readonly bucket: string | undefined;
  readonly object: string | undefined;
}

const UNKNOWN: Route = { operation: 'unknown', bucket: undefined, object: undefined };

/** Reads the raw (still percent-encoded) path into an operation. */
function route(method: string, rawPath: string, query: Readonly<Record<string, string>>): Route {
  const upload = /^\/upload\/storage\/v1\/b\/([^/]+)\/o\/?$/.exec(rawPath);
  if (upload !== null) {
    return method === 'POST'
      ? { operation: 'objects.insert', bucket: decode(upload[1]), object: query['name'] }
      : UNKNOWN;
  }
  const list = /^\/storage\/v1\/b\/([^/]+)\/o\/?$/.exec(rawPath);
  if (list !== null) {
    return method === 'GET'
      ? { operation: 'objects.list', bucket: decode(list[1]), object: undefined }
      : UNKNOWN;
  }
  const one = /^\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/.exec(rawPath);
  if (one !== null) {
    const bucket = decode(one[1]);
    const object = decode(one[2]);
    if (method === 'GET' && query['alt'] === 'media') {
      return { operation: 'objects.download', bucket, object };
    }
    if (method === 'DELETE') return { operation: 'objects.delete', bucket, object };
  }
  return UNKNOWN;
}

function decode(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function readBody(request: IncomingMessage, onChunk: (bytes: number) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      onChunk(chunk.length);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
    request.on('aborted', () => reject(new Error('request aborted')));
  });
}

function objectResource(object: StoredObject): Record<string, unknown> {
  const id = `${object.bucket}/${object.name}/${object.generation}`;
  return {
    ...object.fields,
    kind: 'storage#object',
    id,
    name: object.name,
    bucket: object.bucket,
    generation: String(object.generation),
    metageneration: '1',
    contentType: object.contentType,
    size: String(object.bytes.length),
    md5Hash: md5Base64(object.bytes),
    crc32c: crc32cBase64(object.bytes),
    timeCreated: object.created.toISOString(),
    updated: object.created.toISOString(),
    ...(Object.keys(object.metadata).length > 0 ? { metadata: object.metadata } : {}),
  };
}

function stringRecord(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

interface Fault {
  readonly status: number;
  remaining: number;
  readonly operation: GcsOperation | undefined;
  readonly message: string | undefined;
}

/** Starts the server on 127.0.0.1 and a free port. */
export async function startGcsTestServer(options: GcsTestServerOptions): Promise<GcsTestServer> {
  const buckets = new Map<string, Map<string, StoredObject>>(
    options.buckets.map((name) => [name, new Map<string, StoredObject>()]),
  );
  const calls: RecordedGcsCall[] = [];
  let faults: Fault[] = [];
  let generation = 1_700_000_000_000_000;
  const pageSize = options.listPageSize ?? 1000;
  let bytesReceived = 0;

  function store(
    bucket: string,
    name: string,
    bytes: Buffer,
    contentType: string,
    resource: Record<string, unknown>,
  ): StoredObject {
    const objects = buckets.get(bucket);
    if (objects === undefined) throw new GcsApiError(404, 'The specified bucket does not exist.');
    // Name and type are the object's own; the other fields sent are kept as they came.
    const fields = Object.fromEntries(
      Object.entries(resource).filter(
        ([key]) => !['metadata', 'name', 'contentType'].includes(key),
      ),
    );
    generation += 1;
    const object: StoredObject = {
      bucket,
      name,
      bytes,
      contentType,
      metadata: stringRecord(resource['metadata']),
      fields,
      generation,
      created: new Date(),
    };
    objects.set(name, object);
    return object;
  }

  function bucketOf(name: string | undefined): Map<string, StoredObject> {
    const objects = name === undefined ? undefined : buckets.get(name);
    if (objects === undefined) throw new GcsApiError(404, 'The specified bucket does not exist.');
    return objects;
  }

  function objectOf(routed: Route): StoredObject {
    const object =
      routed.object === undefined ? undefined : bucketOf(routed.bucket).get(routed.object);
    if (object === undefined)
      throw new GcsApiError(404, `No such object: ${routed.bucket}/${routed.object}`);
    return object;
  }

  /** The preconditions the client sends with a generation it read (412 when not met). */
  function checkPreconditions(
    query: Readonly<Record<string, string>>,
    current: StoredObject | undefined,
  ): void {
    const expected = query['ifGenerationMatch'];
    if (expected === undefined) return;
    const actual = current === undefined ? 0 : current.generation;
    if (Number(expected) !== actual) {
      throw new GcsApiError(412, 'At least one of the pre-conditions you specified did not hold.');
    }
  }

  function insert(
    routed: Route,
    query: Readonly<Record<string, string>>,
    request: IncomingMessage,
    body: Buffer,
  ): StoredObject {
    const objects = bucketOf(routed.bucket);
    const uploadType = query['uploadType'];
    let resource: Record<string, unknown> = {};
    let bytes: Buffer;
    let contentType = request.headers['content-type'] ?? 'application/octet-stream';
    // The client sends a simple upload (`resumable: false`) as multipart; nothing else is modelled.
    if (uploadType === 'multipart') {
      const parts = parseMultipart(body, contentType);
      const [meta, media] = parts;
      if (meta === undefined || media === undefined || parts.length !== 2) {
        throw new GcsApiError(
          400,
          'A multipart upload has exactly two parts: metadata, then media.',
        );
      }
      try {
        const parsed: unknown = JSON.parse(meta.body.toString('utf8'));
        if (typeof parsed === 'object' && parsed !== null)
          resource = parsed as Record<string, unknown>;
      } catch {
        throw new GcsApiError(400, 'Invalid JSON metadata part.');
      }
      bytes = Buffer.from(media.body);
      contentType =
        typeof resource['contentType'] === 'string'
          ? resource['contentType']
          : (media.headers['content-type'] ?? 'application/octet-stream');
    } else {
      throw new GcsApiError(400, `Unsupported uploadType: ${uploadType}`);
    }
    const name =
      query['name'] ?? (typeof resource['name'] === 'string' ? resource['name'] : undefined);
    if (name === undefined || name.length === 0)
      throw new GcsApiError(400, 'Required: object name.');
    checkPreconditions(query, objects.get(name));
    return store(routed.bucket ?? '', name, bytes, contentType, resource);
  }

  function list(routed: Route, query: Readonly<Record<string, string>>): Record<string, unknown> {
    const prefix = query['prefix'] ?? '';
    const max = Math.min(Number(query['maxResults'] ?? pageSize) || pageSize, pageSize);
    const names = [...bucketOf(routed.bucket).keys()].filter((n) => n.startsWith(prefix)).sort();
    const from =
      query['pageToken'] === undefined
        ? 0
        : Number(Buffer.from(query['pageToken'], 'base64url').toString());
    const page = names.slice(from, from + max);
    const objects = bucketOf(routed.bucket);
    const items = page.flatMap((n) => {
      const object = objects.get(n);
      return object === undefined ? [] : [objectResource(object)];
    });
    return {
      kind: 'storage#objects',
      ...(items.length > 0 ? { items } : {}),
      ...(from + max < names.length
        ? { nextPageToken: Buffer.from(String(from + max)).toString('base64url') }
        : {}),
    };
  }

  function send(
    response: ServerResponse,
    status: number,
    payload: unknown,
    headers: Record<string, string> = {},
  ): void {
    if (status === 204) {
      response.writeHead(204, headers);
      response.end();
      return;
    }
    const text = JSON.stringify(payload);
    response.writeHead(status, {
      'content-type': 'application/json; charset=UTF-8',
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    });
    response.end(text);
  }

  async function onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    let body: Buffer;
    try {
      body = await readBody(request, (bytes) => {
        bytesReceived += bytes;
      });
    } catch {
      // The client gave up in the middle of its body: nothing is stored, nothing to answer.
      response.destroy();
      return;
    }
    const routed = route(method, url.pathname, query);
    const authorization = request.headers.authorization;
    const record = (status: number, injected: boolean): void => {
      calls.push({
        method,
        path: decode(url.pathname) ?? url.pathname,
        operation: routed.operation,
        bucket: routed.bucket,
        object: routed.object,
        query,
        bodyBytes: body.length,
        status,
        injected,
        authorization,
      });
    };

    const fault = faults.find(
      (f) => f.remaining > 0 && (f.operation === undefined || f.operation === routed.operation),
    );
    if (fault !== undefined) {
      fault.remaining -= 1;
      faults = faults.filter((f) => f.remaining > 0);
      record(fault.status, true);
      send(
        response,
        fault.status,
        new GcsApiError(fault.status, fault.message ?? defaultMessage(fault.status)).toBody(),
      );
      return;
    }

    try {
      switch (routed.operation) {
        case 'objects.insert': {
          const object = insert(routed, query, request, body);
          record(200, false);
          send(response, 200, objectResource(object));
          return;
        }
        case 'objects.list':
          record(200, false);
          send(response, 200, list(routed, query));
          return;
        case 'objects.download': {
          const object = objectOf(routed);
          record(200, false);
          response.writeHead(200, {
            'content-type': object.contentType,
            'content-length': String(object.bytes.length),
            'x-goog-hash': `crc32c=${crc32cBase64(object.bytes)},md5=${md5Base64(object.bytes)}`,
            'x-goog-generation': String(object.generation),
            'x-goog-stored-content-length': String(object.bytes.length),
          });
          response.end(object.bytes);
          return;
        }
        case 'objects.delete': {
          const object = objectOf(routed);
          checkPreconditions(query, object);
          bucketOf(routed.bucket).delete(object.name);
          record(204, false);
          send(response, 204, null);
          return;
        }
        case 'unknown':
          throw new GcsApiError(404, `Not found: ${method} ${url.pathname}`);
      }
    } catch (error) {
      const apiError =
        error instanceof GcsApiError
          ? error
          : new GcsApiError(
              500,
              `Internal error (stand-in: ${error instanceof Error ? error.stack : String(error)})`,
            );
      record(apiError.code, false);
      send(response, apiError.code, apiError.toBody());
    }
  }

  const server = createServer((request, response) => {
    onRequest(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, new GcsApiError(500, String(error)).toBody());
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 1_000;

  const port = await listenOnLoopback(server);

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    calls,
    get bytesReceived() {
      return bytesReceived;
    },
    object: (bucket, name) => buckets.get(bucket)?.get(name),
    names: (bucket) => [...(buckets.get(bucket)?.keys() ?? [])].sort(),
    put: (bucket, name, bytes, contentType = 'application/octet-stream') =>
      store(bucket, name, typeof bytes === 'string' ? Buffer.from(bytes) : bytes, contentType, {}),
    failNext(status, failOptions = {}) {
      if (!Number.isInteger(status) || status < 400 || status > 599) {
        throw new RangeError(`failNext needs an error status (400–599), got ${status}`);
      }
      faults.push({
        status,
        remaining: failOptions.count ?? 1,
        operation: failOptions.operation,
        message: failOptions.message,
      });
    },
    resetCalls() {
      calls.length = 0;
      faults = [];
    },
    close() {
      return new Promise((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      });
    },
  };
}

/** Options of {@link createStorageTestClient}. */
export interface StorageTestClientOptions {
  /** Retries of the client (its default: 3). */
  readonly maxRetries?: number;
}

/**
 * The real `@google-cloud/storage` client pointed at the server. Its retry policy is the
 * production one (which calls are retried, how many times) with delays of milliseconds instead of
 * seconds, so that a test of a retried 503 does not wait.
 */
export function createStorageTestClient(
  server: Pick<GcsTestServer, 'url'>,
  options: StorageTestClientOptions = {},
): Storage {
  return new Storage({
    apiEndpoint: server.url,
    projectId: 'dla-npdc-test',
    retryOptions: {
      maxRetries: options.maxRetries ?? 3,
      // Seconds: the first wait is multiplier^n s + up to 1 s of jitter, capped here to 10 ms.
      maxRetryDelay: 0.01,
    },
  });
}
