import type { sheets_v4 } from '@googleapis/sheets';
import { GoogleSheetsGateway } from '../../../functions/adapters/google-sheets-gateway';
import {
  DASHBOARD_TAB,
  buildDashboard,
  type Dashboard,
} from '../../../shared/domain/dashboard/dashboard-charts';
import { C2RA } from '../../../shared/domain/operator';
import { REGIONAL_TAB_COLUMNS, REGIONAL_TABS } from '../../../shared/domain/regional/regional-tabs';
import { consolidateRegion } from '../../../shared/domain/regional/regional-view';
import { toTabReplacements } from '../../../shared/domain/regional/regional-output';
import {
  AT,
  REGISTER,
  SECRET,
  TODAY,
  operatorRecords,
} from '../../support/builders/consolidation-fixtures';
import type { JsonObject } from '../../support/sheets-api-model';
import {
  createSheetsTestClient,
  startSheetsApiServer,
  type SheetsApiServer,
} from '../../support/sheets-api-server';

/*
 * The C2RA's dashboard in Google Sheets, through the real client and the gateway, against the
 * local Sheets API stand-in: native charts drawn from the tables' ranges, found again by their
 * title on the next run and updated in place, never added twice.
 */

let server: SheetsApiServer;
let api: sheets_v4.Sheets;

beforeAll(async () => {
  server = await startSheetsApiServer();
  api = createSheetsTestClient(server);
});
afterAll(async () => {
  await server.close();
});

function c2raSpreadsheet(): string {
  return server.state.createSpreadsheet('DLA – C2RA', [
    { title: REGIONAL_TABS.missions, rows: [[...REGIONAL_TAB_COLUMNS.missions]] },
    { title: REGIONAL_TABS.indicators, rows: [[...REGIONAL_TAB_COLUMNS.indicators]] },
    { title: REGIONAL_TABS.providers, rows: [[...REGIONAL_TAB_COLUMNS.providers]] },
  ]);
}

function dashboardAt(at: string): {
  dashboard: Dashboard;
  tabs: ReturnType<typeof toTabReplacements>;
} {
  const view = consolidateRegion({
    operators: operatorRecords(),
    register: REGISTER,
    today: TODAY,
    at,
  });
  return { dashboard: buildDashboard(view), tabs: toTabReplacements(view) };
}

async function writeDashboard(spreadsheetId: string, at: string): Promise<Dashboard> {
  const gateway = new GoogleSheetsGateway({ api, spreadsheetIds: { [C2RA]: spreadsheetId } });
  const { dashboard, tabs } = dashboardAt(at);
  const written = await gateway.write(C2RA, { cells: [], tabs, dashboard });
  expect(written).toEqual({ ok: true, value: undefined });
  return dashboard;
}

interface ChartSeen {
  readonly chartId: number;
  readonly title: string;
  readonly subtitle: string;
  readonly spec: JsonObject;
}

function chartsOnDashboard(spreadsheetId: string): ChartSeen[] {
  return server.state.getSheet(spreadsheetId, DASHBOARD_TAB).charts.map((chart) => {
    const spec = chart['spec'] as JsonObject;
    return {
      chartId: chart['chartId'] as number,
      title: String(spec['title']),
      subtitle: String(spec['subtitle']),
      spec,
    };
  });
}

/** The cells a chart's source range covers: one column, header included. */
function rangeValues(spreadsheetId: string, range: JsonObject): unknown[] {
  const sheet = server.state
    .getSpreadsheet(spreadsheetId)
    .sheets.find((s) => s.properties.sheetId === range['sheetId']);
  if (sheet === undefined) throw new Error('range on an unknown sheet');
  const values = server.state.getValues(spreadsheetId, sheet.properties.title);
  const column = range['startColumnIndex'] as number;
  const rows = values.slice(range['startRowIndex'] as number, range['endRowIndex'] as number);
  return rows.map((row) => row[column] ?? '');
}

function sourceOf(data: unknown): JsonObject {
  const sources = ((data as JsonObject)['sourceRange'] as JsonObject)['sources'] as JsonObject[];
  const first = sources[0];
  if (first === undefined) throw new Error('no source range');
  return first;
}

describe('the dashboard in the C2RA Google spreadsheet', () => {
  it('creates the tab, writes the tables and draws each chart from its table', async () => {
    const id = c2raSpreadsheet();
    const dashboard = await writeDashboard(id, AT);
    const charts = chartsOnDashboard(id);
    expect(charts.map((c) => c.title)).toEqual(dashboard.charts.map((c) => c.title));
    for (const chart of dashboard.charts) {
      const seen = charts.find((c) => c.title === chart.title);
      expect(seen?.subtitle).toBe('Données du 27/11/2026 à 08:05');
      const basic = seen?.spec['basicChart'] as JsonObject;
      const domain = rangeValues(id, sourceOf((basic['domains'] as JsonObject[])[0]?.['domain']));
      expect(domain).toEqual([
        chart.table.columns[0]?.header,
        ...chart.table.rows.slice(0, chart.chartRows).map((r) => r[0]),
      ]);
      const series = basic['series'] as JsonObject[];
      expect(series).toHaveLength(chart.series.length);
      chart.series.forEach((s, i) => {
        const values = rangeValues(id, sourceOf(series[i]?.['series']));
        expect(values).toEqual([
          chart.table.columns[s.column]?.header,
          ...chart.table.rows.slice(0, chart.chartRows).map((r) => r[s.column] ?? ''),
        ]);
      });
      expect((basic['axis'] as JsonObject[]).map((a) => a['title'])).toEqual(
        [chart.categoryAxis, chart.valueAxis, chart.rightAxis].filter((t) => t !== null),
      );
    }
    // Nothing confidential reaches the tab: the fixtures hide a secret in every such field.
    expect(JSON.stringify(server.state.getValues(id, DASHBOARD_TAB))).not.toContain(SECRET);
  });

  it('updates the charts in place on the next run: same ids, new date, no chart added', async () => {
    const id = c2raSpreadsheet();
    await writeDashboard(id, AT);
    const first = chartsOnDashboard(id);
    const sheetId = server.state.getSheetId(id, DASHBOARD_TAB);
    // A person copied one chart and drew one of their own on the tab.
    const copy = first[1];
    if (copy === undefined) throw new Error('no second chart');
    await api.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          {
            addChart: {
              chart: {
                spec: copy.spec,
                position: {
                  overlayPosition: { anchorCell: { sheetId, rowIndex: 200, columnIndex: 0 } },
                },
              },
            },
          },
          {
            addChart: {
              chart: {
                spec: { ...copy.spec, title: 'Mon graphique' },
                position: {
                  overlayPosition: { anchorCell: { sheetId, rowIndex: 230, columnIndex: 0 } },
                },
              },
            },
          },
        ],
      },
    });
    server.resetCalls();

    await writeDashboard(id, '2026-12-04T07:05:00.000Z');

    const second = chartsOnDashboard(id);
    expect(second.filter((c) => c.title !== 'Mon graphique').map((c) => c.chartId)).toEqual(
      first.map((c) => c.chartId),
    );
    expect(second.map((c) => c.title)).toContain('Mon graphique');
    expect(second).toHaveLength(first.length + 1);
    expect(
      new Set(second.filter((c) => c.title !== 'Mon graphique').map((c) => c.subtitle)),
    ).toEqual(new Set(['Données du 04/12/2026 à 08:05']));
    const kinds = server.calls.flatMap((call) => call.requestKinds);
    expect(kinds.filter((k) => k === 'addChart')).toEqual([]);
    expect(kinds.filter((k) => k === 'updateChartSpec')).toHaveLength(6);
    expect(kinds.filter((k) => k === 'deleteEmbeddedObject')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'addSheet')).toEqual([]);
  });
});

describe('the Sheets API stand-in models Google’s embedded charts', () => {
  const spec = {
    title: 'Essai',
    basicChart: {
      chartType: 'COLUMN',
      domains: [
        {
          domain: {
            sourceRange: { sources: [{ sheetId: 0, startColumnIndex: 0, endColumnIndex: 1 }] },
          },
        },
      ],
    },
  };

  it.each([
    [
      'updateChartSpec of an unknown chart',
      { updateChartSpec: { chartId: 42, spec } },
      'No chart with id: 42',
    ],
    [
      'deleteEmbeddedObject of an unknown object',
      { deleteEmbeddedObject: { objectId: 42 } },
      'No embedded object with id: 42',
    ],
    [
      'addChart over an unknown sheet',
      {
        addChart: {
          chart: { spec, position: { overlayPosition: { anchorCell: { sheetId: 777 } } } },
        },
      },
      'No grid with id: 777',
    ],
    [
      'addChart reading an unknown sheet',
      {
        addChart: {
          chart: {
            spec: {
              ...spec,
              basicChart: {
                domains: [{ domain: { sourceRange: { sources: [{ sheetId: 778 }] } } }],
              },
            },
            position: { overlayPosition: { anchorCell: { sheetId: 0 } } },
          },
        },
      },
      'No grid with id: 778',
    ],
  ])('refuses %s with a 400', async (_label, request, message) => {
    const id = server.state.createSpreadsheet('Essai');
    await expect(
      api.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests: [request] } }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining(message) });
  });

  it('lists the charts of a sheet in spreadsheets.get, and deletes them with their sheet', async () => {
    const id = server.state.createSpreadsheet('Essai', [
      { title: 'Données' },
      { title: 'Graphiques' },
    ]);
    const graphs = server.state.getSheetId(id, 'Graphiques');
    const added = await api.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          {
            addChart: {
              chart: { spec, position: { overlayPosition: { anchorCell: { sheetId: graphs } } } },
            },
          },
        ],
      },
    });
    const chartId = added.data.replies?.[0]?.addChart?.chart?.chartId;
    expect(typeof chartId).toBe('number');
    const read = await api.spreadsheets.get({ spreadsheetId: id });
    expect(read.data.sheets?.[1]?.charts?.map((c) => c.chartId)).toEqual([chartId]);
    await api.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: { requests: [{ deleteSheet: { sheetId: graphs } }] },
    });
    await expect(
      api.spreadsheets.batchUpdate({
        spreadsheetId: id,
        requestBody: { requests: [{ deleteEmbeddedObject: { objectId: chartId ?? null } }] },
      }),
    ).rejects.toMatchObject({ status: 400 });
  });
});
