/**
 * A Firestore-protocol server on 127.0.0.1 for tests: Google's emulator
 * (`gcloud emulators firestore start`) where it is installed, else the in-memory
 * `@firestore-emulator/server` (which honours fewer features: see {@link FIRESTORE_CAPABILITIES}).
 *
 * ```ts
 * const server = await startFirestoreTestServer({ prefer: firestorePreferenceFromEnvironment() });
 * const db = createFirestoreClient(server.host, uniqueProjectId());
 * …
 * await db.terminate();
 * await server.stop();
 * ```
 *
 * This module and real-tools.ts are the places under test/ that read process.env
 * ({@link readFirestoreTestEnvironment}). Where Google's emulator is required
 * (`DLA_REQUIRE_REAL_TOOLS`, or `CI`: see real-tools.ts), `auto` means `google`, so a missing
 * emulator fails the run instead of falling back.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { accessSync, constants, existsSync, realpathSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, dirname, join } from 'node:path';

import { Firestore } from '@google-cloud/firestore';
import { Server, ServerCredentials, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { FirestoreState } from '@firestore-emulator/server';
import { FirestoreServiceV1Impl } from '@firestore-emulator/server/dist/server/FirestoreServiceV1Impl';
import { REAL_TOOL_SPECS, isRealToolRequired, printRealToolSkip } from './real-tools';

export type FirestoreServerKind = 'google-emulator' | 'fallback-in-memory';
/** `auto`: Google's emulator when installed, else the fallback. */
export type FirestoreServerPreference = 'auto' | 'google' | 'fallback';

export interface FirestoreCapabilities {
  /** A failing batch (or commit) leaves none of its writes behind. */
  readonly atomicBatches: boolean;
  /** Concurrent transactions on the same document serialize (20 increments → 20). */
  readonly isolatedTransactions: boolean;
  /** `offset`, `startAt`/`startAfter`/`endAt`/`endBefore` are honoured (paging ends). */
  readonly cursors: boolean;
  readonly collectionGroup: boolean;
  /** `FieldValue.delete()` removes the field. */
  readonly fieldDelete: boolean;
  /** `where(field, '==', null)` matches only null fields. */
  readonly nullEquality: boolean;
  /** `where(FieldPath.documentId(), …)` filters. */
  readonly documentIdFilter: boolean;
  /** Filters, sorts and increments on nested fields (`a.b`). */
  readonly nestedFields: boolean;
  /** Several transforms (increment, serverTimestamp…) in one write all apply. */
  readonly multipleTransforms: boolean;
  /** `select()` projects fields. */
  readonly select: boolean;
  /** `lastUpdateTime` preconditions are checked. */
  readonly updateTimePrecondition: boolean;
  /** BulkWriter, listDocuments, listCollections, recursiveDelete. */
  readonly bulkAdminApis: boolean;
  /** Export and `--import-data`. */
  readonly importExport: boolean;
}

export const FIRESTORE_CAPABILITIES: Readonly<Record<FirestoreServerKind, FirestoreCapabilities>> =
  {
    'google-emulator': {
      atomicBatches: true,
      isolatedTransactions: true,
      cursors: true,
      collectionGroup: true,
      fieldDelete: true,
      nullEquality: true,
      documentIdFilter: true,
      nestedFields: true,
      multipleTransforms: true,
      select: true,
      updateTimePrecondition: true,
      bulkAdminApis: true,
      importExport: true,
    },
    // Measured with @firestore-emulator/server 0.3.15 and @google-cloud/firestore 8.7.1
    // (shared/ENVIRONMENT.md, "Firestore servers for tests").
    'fallback-in-memory': {
      atomicBatches: false,
      isolatedTransactions: false,
      cursors: false,
      collectionGroup: false,
      fieldDelete: false,
      nullEquality: false,
      documentIdFilter: false,
      nestedFields: false,
      multipleTransforms: false,
      select: false,
      updateTimePrecondition: false,
      bulkAdminApis: false,
      importExport: false,
    },
  };

const FALLBACK_GAPS: Readonly<Record<keyof FirestoreCapabilities, string>> = {
  atomicBatches: 'batches are not all-or-nothing (a failing write leaves the earlier ones applied)',
  isolatedTransactions: 'concurrent transactions are not isolated (lost updates)',
  cursors: 'offset and cursors are ignored (a paging loop never ends)',
  collectionGroup: 'collection-group queries return no documents',
  fieldDelete: 'FieldValue.delete() is ignored',
  nullEquality: "where(field, '==', null) returns every document",
  documentIdFilter: 'where(documentId) returns nothing',
  nestedFields: 'nested-field filters, sorts and increments are wrong',
  multipleTransforms: 'only the first of several transforms is applied',
  select: 'select() is ignored',
  updateTimePrecondition: 'lastUpdateTime preconditions are ignored',
  bulkAdminApis: 'BulkWriter, listDocuments, listCollections and recursiveDelete are unimplemented',
  importExport: 'memory only: no export or import',
};

/** Why `kind` cannot honour `capability`, or `undefined` when it can. */
export function missingCapabilityReason(
  kind: FirestoreServerKind,
  capability: keyof FirestoreCapabilities,
): string | undefined {
  return FIRESTORE_CAPABILITIES[kind][capability] ? undefined : FALLBACK_GAPS[capability];
}

/**
 * `it` when the server kind honours `capability`, else `it.skip` after printing why. Decide the
 * kind at collection time with {@link resolveFirestoreServerKind} (the server starts later, in
 * `beforeAll`).
 */
export function itWhenCapable(
  kind: FirestoreServerKind,
  capability: keyof FirestoreCapabilities,
): jest.It {
  const reason = missingCapabilityReason(kind, capability);
  if (reason === undefined) {
    return it;
  }
  process.stderr.write(
    `[skipped] a "${capability}" test on the ${kind} Firestore server: ${reason}. ` +
      `Google's emulator runs it: ${REAL_TOOL_SPECS['firestore-emulator'].install}\n`,
  );
  return it.skip;
}

export interface FirestoreTestServer {
  /** `127.0.0.1:PORT`, for `createFirestoreClient` or FIRESTORE_EMULATOR_HOST. */
  readonly host: string;
  readonly kind: FirestoreServerKind;
  readonly capabilities: FirestoreCapabilities;
  /** Process (and process group) id of Google's emulator; `undefined` for the in-process fallback. */
  readonly pid: number | undefined;
  /** Deletes every document of `projectId` (the fallback clears every project). */
  clear(projectId: string): Promise<void>;
  stop(): Promise<void>;
}

export interface FirestoreTestEnvironment {
  readonly preference: FirestoreServerPreference;
  /** FIRESTORE_EMULATOR_HOST, which the Firestore client lets win over any `host` setting. */
  readonly emulatorHostOverride: string | undefined;
  readonly path: string;
}

/**
 * The one place in test/ that reads process.env: DLA_TEST_FIRESTORE (`google`, `fallback`,
 * `auto` or unset), FIRESTORE_EMULATOR_HOST and PATH.
 */
export function readFirestoreTestEnvironment(): FirestoreTestEnvironment {
  const raw = process.env['DLA_TEST_FIRESTORE'];
  const asked = raw === undefined || raw === '' ? 'auto' : raw;
  const preference =
    asked === 'auto' && isRealToolRequired('firestore-emulator') ? 'google' : asked;
  if (preference !== 'auto' && preference !== 'google' && preference !== 'fallback') {
    throw new Error(
      `DLA_TEST_FIRESTORE must be google, fallback or auto, got ${JSON.stringify(raw)}`,
    );
  }
  const override = process.env['FIRESTORE_EMULATOR_HOST'];
  return {
    preference,
    emulatorHostOverride: override === undefined || override === '' ? undefined : override,
    path: process.env['PATH'] ?? '',
  };
}

export function firestorePreferenceFromEnvironment(): FirestoreServerPreference {
  return readFirestoreTestEnvironment().preference;
}

export interface GoogleEmulatorDetection {
  readonly available: boolean;
  /** What was found or missing, for logs. */
  readonly reason: string;
  readonly gcloudPath: string | undefined;
  readonly jarPath: string | undefined;
  readonly javaPath: string | undefined;
}

function findOnPath(command: string, path: string): string | undefined {
  for (const directory of path.split(delimiter)) {
    if (directory.length === 0) {
      continue;
    }
    const candidate = join(directory, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

let detectionCache: GoogleEmulatorDetection | undefined;

/**
 * Looks (without starting anything) for `gcloud` and `java` on PATH and for the
 * `cloud-firestore-emulator` jar of the SDK (Debian package google-cloud-cli-firestore-emulator).
 */
export function detectGoogleFirestoreEmulator(): GoogleEmulatorDetection {
  if (detectionCache !== undefined) {
    return detectionCache;
  }
  const { path } = readFirestoreTestEnvironment();
  const gcloudPath = findOnPath('gcloud', path);
  const javaPath = findOnPath('java', path);
  let jarPath: string | undefined;
  if (gcloudPath !== undefined) {
    const sdkRoot = dirname(dirname(realpathSync(gcloudPath)));
    const candidates = [
      join(sdkRoot, 'platform', 'cloud-firestore-emulator', 'cloud-firestore-emulator.jar'),
      '/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar',
    ];
    jarPath = candidates.find((candidate) => existsSync(candidate));
  }
  const missing = [
    gcloudPath === undefined ? 'gcloud is not on PATH' : undefined,
    gcloudPath !== undefined && jarPath === undefined
      ? 'the cloud-firestore-emulator component (Debian package google-cloud-cli-firestore-emulator) is not installed'
      : undefined,
    javaPath === undefined ? 'java is not on PATH' : undefined,
  ].filter((item): item is string => item !== undefined);
  if (missing.length > 0 && !isRealToolRequired('firestore-emulator')) {
    printRealToolSkip(
      'firestore-emulator',
      "Firestore tests on Google's emulator (they run on the in-memory fallback instead)",
      missing.join('; '),
    );
  }
  detectionCache = {
    available: missing.length === 0,
    reason:
      missing.length === 0
        ? `gcloud at ${gcloudPath ?? '?'}, emulator jar at ${jarPath ?? '?'}, java at ${javaPath ?? '?'}`
        : missing.join('; '),
    gcloudPath,
    jarPath,
    javaPath,
  };
  return detectionCache;
}

/** The kind `startFirestoreTestServer` will start for this preference (throws if impossible). */
export function resolveFirestoreServerKind(
  preference: FirestoreServerPreference = 'auto',
): FirestoreServerKind {
  if (preference === 'fallback') {
    return 'fallback-in-memory';
  }
  const detection = detectGoogleFirestoreEmulator();
  if (detection.available) {
    return 'google-emulator';
  }
  if (preference === 'google') {
    throw new Error(
      `Google's Firestore emulator was asked for but is unavailable: ${detection.reason}. ` +
        `Install it: ${REAL_TOOL_SPECS['firestore-emulator'].install}`,
    );
  }
  return 'fallback-in-memory';
}

export interface StartFirestoreTestServerOptions {
  readonly prefer?: FirestoreServerPreference;
  /** How long to wait for Google's emulator to answer (default 60 s). */
  readonly startTimeoutMs?: number;
}

export async function startFirestoreTestServer(
  options: StartFirestoreTestServerOptions = {},
): Promise<FirestoreTestServer> {
  const kind = resolveFirestoreServerKind(options.prefer ?? 'auto');
  return kind === 'google-emulator'
    ? startGoogleEmulator(options.startTimeoutMs ?? 60_000)
    : startFallbackServer();
}

/** A project id no other test uses: the simplest isolation, on both kinds of server. */
export function uniqueProjectId(prefix = 'test'): string {
  return `${prefix}-${randomUUID().slice(0, 12)}`;
}

/**
 * A `Firestore` client for the test server: plain-text gRPC to `host`, the given project, no
 * credential or metadata-server lookup (with `ssl: false` the client sends
 * `Authorization: Bearer owner`, which the Google emulator treats as an admin). Call
 * `terminate()` when done. Refuses to build when FIRESTORE_EMULATOR_HOST names another host,
 * since the client would let that variable win.
 */
export function createFirestoreClient(host: string, projectId: string): Firestore {
  const { emulatorHostOverride } = readFirestoreTestEnvironment();
  if (emulatorHostOverride !== undefined && emulatorHostOverride !== host) {
    throw new Error(
      `FIRESTORE_EMULATOR_HOST=${emulatorHostOverride} would override host ${host} in the Firestore client; unset it for this test`,
    );
  }
  return new Firestore({
    host,
    ssl: false,
    projectId,
    // Never used to sign anything (ssl: false means an insecure channel); present so the client
    // does not probe the metadata server, which prints a MetadataLookupWarning when offline.
    credentials: { client_email: 'firestore-test@localhost.invalid', private_key: 'unused' },
  });
}

// ---------------------------------------------------------------------------------------------

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) {
    return;
  }
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone already
  }
}

/** True while any process of the group `pid` lives. */
export function processGroupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function startGoogleEmulator(startTimeoutMs: number): Promise<FirestoreTestServer> {
  const detection = detectGoogleFirestoreEmulator();
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  // detached: the emulator runs in its own process group (gcloud → bash → java), so stop()
  // can end all of it; killing gcloud alone leaves java running.
  const child = spawn(
    detection.gcloudPath ?? 'gcloud',
    ['emulators', 'firestore', 'start', `--host-port=${host}`, '--quiet'],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const onExit = (): void => killGroup(child, 'SIGKILL');
  process.once('exit', onExit);

  const stop = async (): Promise<void> => {
    process.off('exit', onExit);
    const pid = child.pid;
    if (pid === undefined) {
      return;
    }
    killGroup(child, 'SIGTERM');
    const deadline = Date.now() + 10_000;
    while (processGroupAlive(pid) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (processGroupAlive(pid)) {
      killGroup(child, 'SIGKILL');
    }
    child.stdout?.destroy();
    child.stderr?.destroy();
  };

  try {
    const deadline = Date.now() + startTimeoutMs;
    for (;;) {
      if (exited(child)) {
        throw new Error(
          `gcloud emulators firestore start exited (${child.exitCode ?? child.signalCode}):\n${output}`,
        );
      }
      if (Date.now() > deadline) {
        throw new Error(
          `Google's Firestore emulator did not answer on ${host} within ${startTimeoutMs} ms:\n${output}`,
        );
      }
      try {
        const response = await fetch(`http://${host}/`, { signal: AbortSignal.timeout(1_000) });
        if (response.ok) {
          break;
        }
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    host,
    kind: 'google-emulator',
    capabilities: FIRESTORE_CAPABILITIES['google-emulator'],
    pid: child.pid,
    async clear(projectId: string): Promise<void> {
      const response = await fetch(
        `http://${host}/emulator/v1/projects/${encodeURIComponent(projectId)}/databases/(default)/documents`,
        { method: 'DELETE' },
      );
      if (!response.ok) {
        throw new Error(
          `Clearing project ${projectId} failed: ${response.status} ${await response.text()}`,
        );
      }
    },
    stop,
  };
}

async function startFallbackServer(): Promise<FirestoreTestServer> {
  const state = new FirestoreState();
  const server = new Server();
  // The package types its service against its own copy of @grpc/grpc-js (1.14.3); at run time
  // our 1.14.7 Server takes it (shared/ENVIRONMENT.md), only the declarations differ.
  const implementation = new FirestoreServiceV1Impl(
    state,
  ) as unknown as UntypedServiceImplementation;
  server.addService(FirestoreServiceV1Impl.definition, implementation);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, boundPort) => {
      if (error !== null) {
        reject(error);
      } else {
        resolve(boundPort);
      }
    });
  });
  return {
    host: `127.0.0.1:${port}`,
    kind: 'fallback-in-memory',
    capabilities: FIRESTORE_CAPABILITIES['fallback-in-memory'],
    pid: undefined,
    clear(): Promise<void> {
      state.clear();
      return Promise.resolve();
    },
    stop(): Promise<void> {
      return new Promise((resolve) => {
        server.tryShutdown(() => resolve());
        // Open client streams (listeners) would hold tryShutdown: force after a grace period.
        setTimeout(() => server.forceShutdown(), 2_000).unref();
      });
    },
  };
}
