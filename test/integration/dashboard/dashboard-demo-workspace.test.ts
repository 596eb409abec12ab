import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Workbook, type Worksheet } from 'exceljs';
import { EchartsChartRenderer } from '../../../functions/adapters/echarts-chart-renderer';
import { SqliteRecordStore } from '../../../functions/adapters/sqlite-record-store';
import { FileExportSink } from '../../../functions/adapters/xlsx-export-writer';
import { XlsxWorkbookGateway } from '../../../functions/adapters/xlsx-workbook-gateway';
import { createMissingWorkbooks, loadDemoData } from '../../../scripts/workspace-setup';
import { asMission, asSolicitation } from '../../../shared/domain/entity-view';
import { deriveMissionStatus, type MissionStatus } from '../../../shared/domain/mission-lifecycle';
import { OPERATOR_CODES, type OperatorCode } from '../../../shared/domain/operator';
import type { Clock } from '../../../shared/ports/clock';
import type { StoredRecord } from '../../../shared/domain/stored-record';
import { regionalConsolidation } from '../../../shared/use-cases/regional-consolidation';
import { RecordingMailer } from '../../support/fakes/recording-mailer';
import { convertInFrench } from '../../support/libreoffice-convert';
import { pngSize } from '../../support/png-header';
import { describeWithRealTool } from '../../support/real-tools';

/*
 * The dashboard of the demo workspace (`dla init --demo`: the demo data typed into the workbooks
 * and synced into the store), drawn by a real consolidation into dla-C2RA.xlsx. Every number of
 * every table is recomputed here from the stored records, with code of this test only.
 */

jest.setTimeout(600_000);

const NOW = new Date('2026-06-15T08:30:00.000Z');
const TODAY = '2026-06-15';
const clock: Clock = { now: () => new Date(NOW.getTime()) };

type Scope = OperatorCode | 'Région';
const SCOPES: readonly Scope[] = [...OPERATOR_CODES, 'Région'];

/** One mission as this test reads it from the store. */
interface Fact {
  readonly operator: OperatorCode;
  readonly status: MissionStatus;
  readonly data: Readonly<Record<string, unknown>>;
  readonly solicitations: readonly Readonly<Record<string, unknown>>[];
}

const STAGES: readonly (readonly MissionStatus[])[] = [
  ['draft', 'callOpen', 'proposalsUnderReview'],
  ['awarded', 'agreementSigned'],
  ['inProgress', 'midNoteReceived'],
  ['restituted'],
  ['balancePaid', 'evaluated'],
  ['closed'],
  ['suspended', 'reoriented', 'stopped'],
];

const STEPS: readonly (readonly [string, string])[] = [
  ['termsSentOn', 'awardedOn'],
  ['awardedOn', 'agreementSignedOn'],
  ['kickoffOn', 'restitutionOn'],
  ['finalReportReceivedOn', 'balancePaidOn'],
];

const round = (value: number | null, decimals: number): number | null =>
  value === null ? null : Math.round(value * 10 ** decimals) / 10 ** decimals;

/** `CENTILE.INCLURE`, as a spreadsheet computes it. */
function centile(values: readonly number[], k: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * k;
  const i = Math.floor(h);
  const a = s[i] ?? 0;
  const b = s[Math.min(i + 1, s.length - 1)] ?? a;
  return a + (h - i) * (b - a);
}

function isoDate(value: unknown): string | null {
  return typeof value === 'string' && value <= TODAY ? value : null;
}

function retained(fact: Fact): Readonly<Record<string, unknown>> | undefined {
  return fact.solicitations.find((s) => s['decision'] === 'Retenu');
}

function factsOf(code: OperatorCode, records: readonly StoredRecord[]): Fact[] {
  const live = records.filter((r) => !r.archived && r.owner === code);
  const missions = live.filter((r) => r.kind === 'mission').sort((a, b) => (a.id < b.id ? -1 : 1));
  const solicitations = live
    .filter((r) => r.kind === 'solicitation')
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  return missions.map((m) => {
    const own = solicitations.filter((s) => s.data['missionId'] === m.id).map((s) => s.data);
    return {
      operator: code,
      status: deriveMissionStatus(asMission(m.data), own.map(asSolicitation), TODAY),
      data: m.data,
      solicitations: own,
    };
  });
}

/** The rows each table should hold, recomputed from the facts. */
function expectedTables(facts: readonly Fact[]): Record<string, (string | number | null)[][]> {
  const of = (scope: Scope) =>
    scope === 'Région' ? facts : facts.filter((f) => f.operator === scope);
  const share = (part: number, whole: number) =>
    whole === 0 ? null : round((part / whole) * 100, 1);
  const quarters: string[] = [];
  for (let i = 7; i >= 0; i -= 1) {
    const n = 2026 * 4 + 1 - i; // the second quarter of 2026 is 2026 * 4 + 1
    quarters.push(`T${(n % 4) + 1} ${Math.floor(n / 4)}`);
  }
  const quarterOf = (date: string) =>
    `T${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1} ${date.slice(0, 4)}`;
  return {
    statuses: SCOPES.map((scope) => [
      scope,
      ...STAGES.map((stage) => of(scope).filter((f) => stage.includes(f.status)).length),
      of(scope).length,
    ]),
    delays: SCOPES.map((scope) => {
      const days = STEPS.map(([from, to]) =>
        of(scope).flatMap((f) => {
          const a = isoDate(f.data[from]);
          const b = isoDate(f.data[to]);
          if (a === null || b === null) return [];
          const d = (Date.parse(b) - Date.parse(a)) / 86_400_000;
          return d >= 0 ? [d] : [];
        }),
      );
      return [
        scope,
        ...days.flatMap((d) => [round(centile(d, 0.5), 1), round(centile(d, 0.8), 1)]),
        ...days.map((d) => d.length),
      ];
    }),
    satisfaction: SCOPES.map((scope) => {
      // The « note globale » when typed, else the mean of the six dimensions scored; then each
      // of the guide's six dimensions.
      const scoreOf = (f: Fact, key: string): number | null =>
        typeof f.data[key] === 'number' ? (f.data[key] as number) : null;
      const overallOf = (f: Fact): number | null => {
        const typed = scoreOf(f, 'satisfactionScore');
        if (typed !== null) return typed;
        const dims = SURVEY_KEYS.flatMap((k) => scoreOf(f, k) ?? []);
        return dims.length === 0 ? null : dims.reduce((a, b) => a + b, 0) / dims.length;
      };
      const series = [overallOf, ...SURVEY_KEYS.map((k) => (f: Fact) => scoreOf(f, k))];
      const meanOf = (values: number[]) =>
        values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
      const answered = of(scope).filter((f) => series.some((score) => score(f) !== null));
      return [
        scope,
        ...series.map((score) => round(meanOf(of(scope).flatMap((f) => score(f) ?? [])), 2)),
        answered.length,
      ];
    }),
    consultants: SCOPES.map((scope) => {
      const counts = new Map<string, number>();
      for (const f of of(scope)) {
        const id = retained(f)?.['providerId'];
        if (typeof id === 'string') counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      const sorted = [...counts.values()].sort((a, b) => b - a);
      const missions = sorted.reduce((a, b) => a + b, 0);
      const top = sorted.slice(0, 5).reduce((a, b) => a + b, 0);
      return [scope, counts.size, share(top, missions), missions, top];
    }),
    calls: SCOPES.map((scope) => {
      const calls = of(scope).filter((f) => f.solicitations.length > 0);
      const all = calls.flatMap((f) => f.solicitations);
      const declined = all.filter((s) => s['answer'] === 'Décliné').length;
      const late = all.filter((s) => s['answer'] === 'Hors délai').length;
      return [
        scope,
        share(declined, all.length),
        share(late, all.length),
        calls.length === 0 ? null : round(all.length / calls.length, 2),
        calls.length,
        all.length,
      ];
    }),
    amounts: quarters.map((quarter) => {
      const byOperator = OPERATOR_CODES.map((code) =>
        facts
          .filter((f) => f.operator === code)
          .filter((f) => {
            const on = isoDate(f.data['awardedOn']);
            return on !== null && quarterOf(on) === quarter;
          })
          .reduce((sum, f) => {
            const price = retained(f)?.['priceCents'];
            return sum + (typeof price === 'number' ? price : 0);
          }, 0),
      );
      const total = byOperator.reduce((a, b) => a + b, 0);
      // « DDTEFP : 2 000,00 € ; Conseil Régional : 1 500,00 € », summed by hand here.
      const contributions = facts
        .filter((f) => {
          const on = isoDate(f.data['awardedOn']);
          return on !== null && quarterOf(on) === quarter;
        })
        .reduce((sum, f) => {
          const text = f.data['funding'];
          if (typeof text !== 'string') return sum;
          return text.split(';').reduce((n, line) => {
            const amount = line
              .split(':')[1]
              ?.replace(/[\s\u202f€]/g, '')
              .replace(',', '.');
            return n + Math.round(Number(amount) * 100);
          }, sum);
        }, 0);
      return [quarter, ...byOperator.map((c) => c / 100), total / 100, contributions / 100];
    }),
  };
}

const SURVEY_KEYS = [
  'surveyModalities',
  'surveyProgress',
  'surveyCompetence',
  'surveyResults',
  'surveyImpact',
  'surveyDurability',
];

const TITLES: Readonly<Record<string, string>> = {
  statuses: 'Missions par étape du cycle de vie',
  delays: 'Délais des étapes du guide (médiane et 80e centile)',
  satisfaction: 'Satisfaction des structures accompagnées',
  consultants: 'Prestataires mobilisés et concentration',
  calls: 'Appels à propositions : sollicitations et réponses',
  amounts: 'Montants attribués par trimestre (8 derniers trimestres)',
};

function cellText(sheet: Worksheet, row: number, col: number): unknown {
  const value = sheet.getRow(row).getCell(col).value;
  return value === undefined ? null : value;
}

/** A table of the tab, found by its title in column A: its data rows, up to the date line. */
function tableAfter(sheet: Worksheet, title: string): unknown[][] {
  let titleRow = 0;
  sheet.eachRow((row, n) => {
    if (row.getCell(1).value === title) titleRow = n;
  });
  if (titleRow === 0) throw new Error(`no table titled ${title}`);
  const width = sheet.getRow(titleRow + 1).cellCount;
  const rows: unknown[][] = [];
  for (let r = titleRow + 2; ; r += 1) {
    const first = cellText(sheet, r, 1);
    if (typeof first !== 'string' || first.startsWith('Données du')) break;
    rows.push(Array.from({ length: width }, (_v, i) => cellText(sheet, r, i + 1)));
  }
  return rows;
}

let dir = '';
let store: SqliteRecordStore;
let expected: Record<string, (string | number | null)[][]>;
const mailer = new RecordingMailer();

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dla-dashboard-'));
  await createMissingWorkbooks(dir);
  store = new SqliteRecordStore(path.join(dir, 'dla.sqlite'));
  const renderer = new EchartsChartRenderer();
  const gateway = new XlsxWorkbookGateway(dir, {}, renderer);
  const loaded = await loadDemoData({ store, gateway, clock });
  if (!loaded.ok) throw new Error(loaded.error.message);
  const report = await regionalConsolidation(
    {
      store,
      gateway,
      clock,
      sink: new FileExportSink(path.join(dir, 'exports')),
      mailer,
      renderer,
      dashboardRecipients: ['c2ra@dla-npdc.fr'],
    },
    {},
  );
  expect(report.complete).toBe(true);
  const facts: Fact[] = [];
  for (const code of OPERATOR_CODES)
    facts.push(...factsOf(code, (await store.loadOwner(code)).records));
  expected = expectedTables(facts);
});

afterAll(async () => {
  await store?.close();
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

async function c2raWorkbook(): Promise<Workbook> {
  const workbook = new Workbook();
  await workbook.xlsx.readFile(path.join(dir, 'dla-C2RA.xlsx'));
  return workbook;
}

describe('the dashboard of the demo workspace, in dla-C2RA.xlsx', () => {
  it.each(Object.entries(TITLES))(
    'the table of « %s » holds the figures recomputed from the stored records',
    async (key, title) => {
      const sheet = (await c2raWorkbook()).getWorksheet('Tableau de bord');
      if (sheet === undefined) throw new Error('no « Tableau de bord » tab');
      const table = tableAfter(sheet, title);
      expect(table).toEqual(expected[key]);
      // The demo data are not empty: each table has something to show.
      expect(table.flat().some((v) => typeof v === 'number' && v > 0)).toBe(true);
    },
  );

  it('places six PNG images of 800 × 420 pixels beside the tables', async () => {
    const workbook = await c2raWorkbook();
    const sheet = workbook.getWorksheet('Tableau de bord');
    const images = sheet?.getImages() ?? [];
    expect(images).toHaveLength(6);
    for (const image of images) {
      const medium = workbook.getImage(Number(image.imageId));
      expect(medium.extension).toBe('png');
      expect(pngSize((medium.buffer ?? Buffer.alloc(0)) as unknown as Uint8Array)).toEqual({
        width: 800,
        height: 420,
      });
      // Beside its table: its top row is the table's title, its first column right of the header.
      const top = image.range.tl.nativeRow + 1;
      expect(Object.values(TITLES)).toContain(sheet?.getRow(top).getCell(1).value);
      expect(image.range.tl.nativeCol).toBeGreaterThanOrEqual(
        sheet?.getRow(top + 1).cellCount ?? 99,
      );
    }
  });

  it('names no structure: every label of the tables is an operator, the region or a quarter', async () => {
    const sheet = (await c2raWorkbook()).getWorksheet('Tableau de bord');
    if (sheet === undefined) throw new Error('no « Tableau de bord » tab');
    const labels = Object.values(TITLES).flatMap((t) => tableAfter(sheet, t).map((r) => r[0]));
    for (const label of labels)
      expect(String(label)).toMatch(
        /^(CBE-LM|EE-DK|NA-DEN|NA-LIL|I62-LEN|I62-CAL|Région|T[1-4] \d{4})$/,
      );
  });

  it('sends the weekly e-mail once: three inline PNG charts, their figures in the text', async () => {
    expect(mailer.sent).toHaveLength(1);
    const mail = mailer.sent[0];
    expect(mail?.to).toEqual(['c2ra@dla-npdc.fr']);
    expect(mail?.subject).toBe(
      'Tableau de bord régional DLA Nord – Pas de Calais — semaine du 15/06/2026',
    );
    expect(mail?.inlineImages?.map((i) => i.cid)).toEqual([
      'statuses@tableau-de-bord',
      'delays@tableau-de-bord',
      'amounts@tableau-de-bord',
    ]);
    for (const image of mail?.inlineImages ?? [])
      expect(pngSize(Buffer.from(image.content))).toEqual({ width: 640, height: 400 });
    for (const cid of ['statuses', 'delays', 'amounts'])
      expect(mail?.html).toContain(`src="cid:${cid}@tableau-de-bord"`);
    const cbe = expected['statuses']?.[0] ?? [];
    expect(mail?.text).toContain(`- CBE-LM — En préparation : ${String(cbe[1])} ;`);
    expect(mail?.text).toContain(`Total : ${String(cbe[8])}`);

    const again = await regionalConsolidation(
      {
        store,
        gateway: new XlsxWorkbookGateway(dir, {}, new EchartsChartRenderer()),
        clock,
        sink: new FileExportSink(path.join(dir, 'exports')),
        mailer,
        renderer: new EchartsChartRenderer(),
        dashboardRecipients: ['c2ra@dla-npdc.fr'],
      },
      { file: false },
    );
    expect(again.digest).toEqual({ status: 'already sent', key: 'tableau-de-bord-C2RA-2026-W25' });
    expect(mailer.sent).toHaveLength(1);
    // The second run replaced the tab and its images: still six, not twelve.
    const workbook = await c2raWorkbook();
    expect(workbook.getWorksheet('Tableau de bord')?.getImages()).toHaveLength(6);
    expect((workbook as unknown as { media: unknown[] }).media.length).toBe(6);
  });
});

describeWithRealTool(
  'libreoffice',
  'LibreOffice opens the C2RA workbook with its dashboard',
  () => {
    it('shows the tables of « Tableau de bord » and keeps its six images when it saves the workbook', async () => {
      const out = path.join(dir, 'libreoffice');
      // UTF-8, comma, quote, « as shown », every sheet to its own file (LibreOffice ≥ 7.2).
      await convertInFrench(
        dir,
        path.join(dir, 'dla-C2RA.xlsx'),
        'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1',
        out,
      );
      const csv = await readFile(path.join(out, 'dla-C2RA-Tableau de bord.csv'), 'utf8');
      expect(csv).toContain('Tableau de bord régional DLA Nord – Pas de Calais');
      for (const title of Object.values(TITLES)) expect(csv).toContain(title);
      const cbe = expected['statuses']?.[0] ?? [];
      expect(csv).toContain(`CBE-LM,${cbe.slice(1).join(',')}`);

      await convertInFrench(dir, path.join(dir, 'dla-C2RA.xlsx'), 'xlsx', path.join(out, 'saved'));
      const saved = new Workbook();
      await saved.xlsx.readFile(path.join(out, 'saved', 'dla-C2RA.xlsx'));
      const images = saved.getWorksheet('Tableau de bord')?.getImages() ?? [];
      expect(images).toHaveLength(6);
      for (const image of images) {
        const medium = saved.getImage(Number(image.imageId));
        expect(pngSize((medium.buffer ?? Buffer.alloc(0)) as unknown as Uint8Array)).toEqual({
          width: 800,
          height: 420,
        });
      }
    });
  },
);
