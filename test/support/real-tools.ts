/**
 * The rule for tests that need a real program besides Node (LibreOffice, Google's Firestore
 * emulator): on a developer's machine without it they skip, printing one line that names what
 * was skipped and the exact command that installs the program; where the program is required
 * (`DLA_REQUIRE_REAL_TOOLS`, set by .ci/run; or `CI` set) a missing program fails the run.
 *
 * ```ts
 * describeWithRealTool('libreoffice', 'LibreOffice opens the workbooks', () => { … });
 * ```
 *
 * With firestore-test-server.ts, the only module under test/ that reads process.env.
 *
 * @packageDocumentation
 */
import { spawnSync } from 'node:child_process';

/** The optional real programs the tests use. */
export const REAL_TOOLS = ['libreoffice', 'firestore-emulator', 'gcloud'] as const;
export type RealTool = (typeof REAL_TOOLS)[number];

interface RealToolSpec {
  readonly name: string;
  /** The exact command that installs it on the project's machines (Debian). */
  readonly install: string;
}

export const REAL_TOOL_SPECS: Readonly<Record<RealTool, RealToolSpec>> = {
  libreoffice: {
    name: 'LibreOffice (soffice)',
    install: 'sudo apt-get install -y --no-install-recommends libreoffice-calc-nogui',
  },
  gcloud: {
    name: 'Google Cloud CLI (gcloud)',
    install:
      "sudo apt-get install -y google-cloud-cli (from Google Cloud's apt repository, https://cloud.google.com/sdk/docs/install#deb)",
  },
  'firestore-emulator': {
    name: "Google's Firestore emulator (gcloud + cloud-firestore-emulator + java)",
    install:
      'sudo apt-get install -y google-cloud-cli google-cloud-cli-firestore-emulator openjdk-17-jre-headless ' +
      "(from Google Cloud's apt repository, https://cloud.google.com/sdk/docs/install#deb; or, with a gcloud " +
      'from the archive: gcloud components install cloud-firestore-emulator)',
  },
};

/**
 * Which tools must be present: `DLA_REQUIRE_REAL_TOOLS` is `all` (or `1`, `true`), or a comma
 * list of {@link REAL_TOOLS}; unset, every tool is required when `CI` is set, none otherwise.
 */
export function requiredRealTools(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ReadonlySet<RealTool> {
  const raw = (env['DLA_REQUIRE_REAL_TOOLS'] ?? '').trim().toLowerCase();
  if (raw === '') {
    const ci = (env['CI'] ?? '').trim().toLowerCase();
    return new Set(ci === '' || ci === '0' || ci === 'false' ? [] : REAL_TOOLS);
  }
  if (raw === 'all' || raw === '1' || raw === 'true') return new Set(REAL_TOOLS);
  const named = raw.split(',').map((t) => t.trim());
  const unknown = named.filter((t) => !(REAL_TOOLS as readonly string[]).includes(t));
  if (unknown.length > 0) {
    throw new Error(
      `DLA_REQUIRE_REAL_TOOLS: unknown tool(s) ${unknown.join(', ')}; expected all or a comma list of ${REAL_TOOLS.join(', ')}`,
    );
  }
  return new Set(named as RealTool[]);
}

/** True when `tool` must be present (a missing one fails instead of skipping). */
export function isRealToolRequired(tool: RealTool): boolean {
  return requiredRealTools().has(tool);
}

/** The error of a required tool that is missing. */
export function missingRealToolMessage(tool: RealTool, detail: string): string {
  const spec = REAL_TOOL_SPECS[tool];
  return (
    `${spec.name} is required here (DLA_REQUIRE_REAL_TOOLS or CI is set) but missing: ${detail}. ` +
    `Install it: ${spec.install}`
  );
}

/** Prints the one line of a skip: what is skipped, why, and the command that installs the tool. */
export function printRealToolSkip(tool: RealTool, what: string, detail: string): void {
  const spec = REAL_TOOL_SPECS[tool];
  process.stderr.write(
    `[skipped] ${what}: ${spec.name} is not installed (${detail}). Install it: ${spec.install}\n`,
  );
}

let sofficeProbe: string | null | undefined;

/** The version line of LibreOffice on PATH, or null when absent (probed once per test file). */
export function sofficeVersion(): string | null {
  if (sofficeProbe !== undefined) return sofficeProbe;
  const probe = spawnSync('soffice', ['--version'], { encoding: 'utf8', timeout: 120_000 });
  sofficeProbe = probe.error === undefined && probe.status === 0 ? probe.stdout.trim() : null;
  return sofficeProbe;
}

/** Why `tool` is absent, or null when it is there. */
function absence(tool: RealTool): string | null {
  if (tool === 'libreoffice') return sofficeVersion() === null ? 'soffice is not on PATH' : null;
  if (tool === 'gcloud') {
    const probe = spawnSync('gcloud', ['--version'], { timeout: 60_000 });
    return probe.error === undefined && probe.status === 0 ? null : 'gcloud is not on PATH';
  }
  // Imported lazily: the Firestore test server module loads gRPC.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { detectGoogleFirestoreEmulator } = require('./firestore-test-server') as {
    detectGoogleFirestoreEmulator(): { available: boolean; reason: string };
  };
  const detection = detectGoogleFirestoreEmulator();
  return detection.available ? null : detection.reason;
}

/**
 * `describe` for tests that need `tool`: as is when the tool is there; when it is missing,
 * skipped with one printed line, or — where the tool is required — run with a `beforeAll` that
 * fails every test of the block with the install command.
 */
export function describeWithRealTool(tool: RealTool, name: string, body: () => void): void {
  const missing = absence(tool);
  if (missing === null) {
    describe(name, body);
    return;
  }
  if (isRealToolRequired(tool)) {
    describe(name, () => {
      beforeAll(() => {
        throw new Error(missingRealToolMessage(tool, missing));
      });
      body();
    });
    return;
  }
  printRealToolSkip(tool, name, missing);
  describe.skip(name, body);
}
