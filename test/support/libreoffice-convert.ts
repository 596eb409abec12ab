import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

/** LibreOffice may take a while to start on a loaded machine. */
const SOFFICE_TIMEOUT_MS = 120_000;

/**
 * `soffice --headless --convert-to`, with a profile of its own under `workDir` in French (France),
 * so that dates and amounts come out as a person in the region sees them.
 */
export async function convertInFrench(
  workDir: string,
  file: string,
  target: string,
  outDir: string,
): Promise<void> {
  const profile = path.join(workDir, 'lo-profile');
  await mkdir(path.join(profile, 'user'), { recursive: true });
  await writeFile(
    path.join(profile, 'user', 'registrymodifications.xcu'),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>fr-FR</value></prop></item>
</oor:items>
`,
  );
  await promisify(execFile)(
    'soffice',
    [
      `-env:UserInstallation=${pathToFileURL(profile).href}`,
      '--headless',
      '--norestore',
      '--convert-to',
      target,
      '--outdir',
      outDir,
      file,
    ],
    // A UTF-8 locale for the process, or LibreOffice mangles accented file names.
    { timeout: SOFFICE_TIMEOUT_MS, env: { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' } },
  );
}
