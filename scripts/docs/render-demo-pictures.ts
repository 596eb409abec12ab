/**
 * Regenerates the pictures of docs/guide-operateur.md (`npm run docs:images`): a demo workspace
 * (as `dla init --demo`), one refused cell typed as a person would, then each pictured tab alone
 * in a copy of its workbook, rendered by LibreOffice to PDF (docs/images/*.pdf). Debian's
 * libreoffice-calc-nogui has no working PNG export (`calc_png_Export` fails headless), so the
 * pictures are PDF pages; with poppler-utils installed (`pdftoppm`), a PNG of each is written too.
 *
 * @packageDocumentation
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Workbook } from 'exceljs';
import { createAppContext } from '../../functions/composition-root';
import { loadWorkspaceConfig } from '../../functions/config';
import type { WorkbookOwner } from '../../shared/domain/operator';
import { syncWorkbook } from '../../shared/use-cases/sync-workbook';
import { workbookFileName } from '../../sheets/layouts/workbook-layout';
import { createMissingWorkbooks, loadDemoData } from '../workspace-setup';
import { workspaceSecrets } from '../workspace-secrets';
import { DOCS_DIR } from './generate-docs';

const run = promisify(execFile);

/** Each picture: the workbook, the tab, the first rows and columns shown. */
const PICTURES: readonly {
  file: string;
  owner: WorkbookOwner;
  tab: string;
  rows: number;
  columns: number;
}[] = [
  { file: 'classeur-operateur-missions', owner: 'CBE-LM', tab: 'Missions', rows: 14, columns: 9 },
  {
    file: 'classeur-operateur-sollicitations',
    owner: 'CBE-LM',
    tab: 'Sollicitations',
    rows: 14,
    columns: 10,
  },
  { file: 'cellule-refusee', owner: 'CBE-LM', tab: 'Structures', rows: 8, columns: 6 },
  { file: 'classeur-c2ra-indicateurs', owner: 'C2RA', tab: 'Indicateurs', rows: 9, columns: 8 },
];

/** A copy of the workbook holding only `tab`, cut to its first rows and columns. */
async function tabAlone(source: string, tab: string, rows: number, columns: number, out: string) {
  const workbook = new Workbook();
  await workbook.xlsx.readFile(source);
  for (const sheet of [...workbook.worksheets])
    if (sheet.name !== tab) workbook.removeWorksheet(sheet.id);
  const sheet = workbook.getWorksheet(tab);
  if (sheet === undefined) throw new Error(`Tab ${tab} missing from ${source}`);
  if (sheet.rowCount > rows) sheet.spliceRows(rows + 1, sheet.rowCount - rows);
  if (sheet.columnCount > columns) sheet.spliceColumns(columns + 1, sheet.columnCount - columns);
  sheet.pageSetup = {
    ...sheet.pageSetup,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 1,
  };
  await workbook.xlsx.writeFile(out);
}

/** Types a SIRET with a wrong key in the first structure, then syncs: the cell turns red. */
async function refuseOneCell(dir: string): Promise<void> {
  const file = path.join(dir, workbookFileName('CBE-LM'));
  const workbook = new Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.getWorksheet('Structures');
  const header = sheet?.getRow(1).values as unknown[] | undefined;
  const column = header?.findIndex((v) => v === 'SIRET ou RNA') ?? -1;
  if (sheet === undefined || column < 1)
    throw new Error('No « SIRET ou RNA » column in Structures');
  sheet.getCell(2, column).value = '732 829 320 00075';
  await workbook.xlsx.writeFile(file);
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dla-docs-images-'));
  try {
    const dir = path.join(work, 'workspace');
    await createMissingWorkbooks(dir);
    const config = loadWorkspaceConfig(dir, {}, workspaceSecrets);
    if (!config.ok) throw new Error(config.error.message);
    const context = createAppContext(config.value);
    try {
      const loaded = await loadDemoData(context);
      if (!loaded.ok) throw new Error(loaded.error.message);
      await refuseOneCell(dir);
      const synced = await syncWorkbook(context, 'CBE-LM', 'images de la documentation');
      if (!synced.ok) throw new Error(synced.error.message);
    } finally {
      await context.close();
    }
    const images = path.join(DOCS_DIR, 'images');
    fs.mkdirSync(images, { recursive: true });
    const profile = pathToFileURL(path.join(work, 'profile')).href;
    for (const picture of PICTURES) {
      const alone = path.join(work, `${picture.file}.xlsx`);
      await tabAlone(
        path.join(dir, workbookFileName(picture.owner)),
        picture.tab,
        picture.rows,
        picture.columns,
        alone,
      );
      const converted = await run(
        'soffice',
        [
          `-env:UserInstallation=${profile}`,
          '--headless',
          '--norestore',
          '--convert-to',
          'pdf',
          '--outdir',
          images,
          alone,
        ],
        { timeout: 180_000, env: { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' } },
      );
      if (!fs.existsSync(path.join(images, `${picture.file}.pdf`)))
        throw new Error(
          `LibreOffice did not write ${picture.file}.pdf: ${converted.stdout}${converted.stderr}`,
        );
      const pdf = path.join(images, `${picture.file}.pdf`);
      const png = await run('pdftoppm', [
        '-png',
        '-singlefile',
        '-r',
        '110',
        pdf,
        pdf.replace(/\.pdf$/, ''),
      ]).then(
        () => true,
        () => false,
      );
      process.stdout.write(`docs/images/${picture.file}.pdf${png ? ' (+ .png)' : ''}\n`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(
    `Images non produites : ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
