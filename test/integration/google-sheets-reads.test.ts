import { auth, sheets, type sheets_v4 } from '@googleapis/sheets';

import { createSheetsClient } from '../../functions/adapters/google-sheets-client';
import { GoogleSheetsGateway } from '../../functions/adapters/google-sheets-gateway';
import { DEFAULT_MAX_ATTEMPTS } from '../../functions/adapters/sheets-retry-policy';
import { OPERATOR_CODES, type WorkbookOwner } from '../../shared/domain/operator';
import { ALERTS_TAB } from '../../shared/domain/alert-lifecycle';
import { runDailyAlerts } from '../../shared/use-cases/run-alerts';
import { InMemoryRecordStore } from '../support/fakes/in-memory-record-store';
import { RecordingMailer } from '../support/fakes/recording-mailer';
import { startSheetsApiServer, type SheetsApiServer } from '../support/sheets-api-server';

/*
 * What the production Sheets client sends, counted at the test server: one throttled read is at
 * most the gateway's attempts (the client's own retries are off), and the daily alerts read only
 * the « Alertes » tab of each workbook.
 */

function credentials(): InstanceType<typeof auth.OAuth2> {
  const oauth = new auth.OAuth2();
  oauth.setCredentials({ access_token: 'test', expiry_date: Date.now() + 3_600_000 });
  return oauth;
}

/** The client as the composition root builds it, pointed at the test server. */
function productionClient(server: SheetsApiServer): sheets_v4.Sheets {
  return createSheetsClient({
    auth: credentials(),
    rootUrl: `${server.url}/`,
    fetchImplementation: fetch,
  });
}

/** An operator workbook: big tabs the alerts do not need, and the Alertes tab they do. */
function seedWorkbook(server: SheetsApiServer, owner: WorkbookOwner, withAlerts = true): string {
  const missions = Array.from({ length: 400 }, (_, i) => [
    `MIS-${owner}-${String(i + 1).padStart(4, '0')}`,
    `Association d’insertion de Roubaix n° ${i + 1}`,
    'en cours',
  ]);
  return server.state.createSpreadsheet(`DLA ${owner}`, [
    { title: 'Missions', rows: [['ID', 'Structure', 'Statut'], ...missions] },
    {
      title: 'Structures',
      rows: [
        ['ID', 'Raison sociale'],
        ['STR-0001', 'La Ressourcerie de Lens'],
      ],
    },
    ...(withAlerts
      ? [
          {
            title: ALERTS_TAB,
            rows: [['Gravité', 'Alerte', 'Mission', 'Échéance', 'Vu', 'Reporté au']],
          },
        ]
      : []),
  ]);
}

describe('the production Sheets client does not multiply retries', () => {
  let server: SheetsApiServer;
  beforeAll(async () => {
    server = await startSheetsApiServer();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => server.resetCalls());

  const noWait = (): Promise<void> => Promise.resolve();

  it.each([
    ['one 429, then an answer', 1, 2],
    ['429 on every attempt', 100, DEFAULT_MAX_ATTEMPTS],
  ])(
    '%s: %i throttled answer(s) queued → %i request(s) in all',
    async (_label, throttled, requests) => {
      const id = seedWorkbook(server, 'CBE-LM');
      server.resetCalls();
      server.failNext(429, { count: throttled, retryAfterSeconds: 0 });
      const gateway = new GoogleSheetsGateway({
        api: productionClient(server),
        spreadsheetIds: { 'CBE-LM': id },
        sleep: noWait,
      });
      const read = gateway.read('CBE-LM');
      if (throttled > DEFAULT_MAX_ATTEMPTS) {
        await expect(read).rejects.toMatchObject({ status: 429, attempts: DEFAULT_MAX_ATTEMPTS });
      } else {
        expect((await read).ok).toBe(true);
      }
      expect(server.calls.filter((c) => c.operation === 'spreadsheets.get')).toHaveLength(requests);
    },
  );

  it('whereas a client left with its own retries turns the same throttled read into twenty requests', async () => {
    const id = seedWorkbook(server, 'CBE-LM');
    server.resetCalls();
    server.failNext(429, { count: 100, retryAfterSeconds: 0 });
    const retrying = sheets({
      version: 'v4',
      rootUrl: `${server.url}/`,
      auth: credentials(),
      fetchImplementation: fetch,
    });
    const gateway = new GoogleSheetsGateway({
      api: retrying,
      spreadsheetIds: { 'CBE-LM': id },
      sleep: noWait,
    });
    await expect(gateway.read('CBE-LM')).rejects.toMatchObject({ status: 429 });
    expect(server.calls.length).toBe(4 * DEFAULT_MAX_ATTEMPTS);
  }, 60_000);
});

describe('dailyAlerts reads only the Alertes tab of each workbook', () => {
  let server: SheetsApiServer;
  beforeAll(async () => {
    server = await startSheetsApiServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('one ranged read per operator workbook, naming « Alertes » only', async () => {
    const ids = Object.fromEntries(
      OPERATOR_CODES.map((code) => [code, seedWorkbook(server, code)]),
    );
    server.resetCalls();
    const ports = {
      store: new InMemoryRecordStore(),
      gateway: new GoogleSheetsGateway({ api: productionClient(server), spreadsheetIds: ids }),
      mailer: new RecordingMailer(),
      clock: { now: () => new Date('2026-12-07T06:00:00Z') },
    };
    const run = await runDailyAlerts(ports, { recipients: { operators: {}, c2ra: [] } });
    if (!run.ok) throw new Error(run.error.message);
    const reads = server.calls.filter((c) => c.method === 'GET');
    expect(reads.map((c) => [c.spreadsheetId, c.ranges])).toEqual(
      OPERATOR_CODES.map((code) => [ids[code], [`'${ALERTS_TAB}'`]]),
    );
    expect(reads.every((c) => c.query['includeGridData']?.[0] === 'true')).toBe(true);
  });

  it('a workbook without the tab: the refused range, one light listing, and no grid read', async () => {
    const id = seedWorkbook(server, 'EE-DK', false);
    server.resetCalls();
    const gateway = new GoogleSheetsGateway({
      api: productionClient(server),
      spreadsheetIds: { 'EE-DK': id },
    });
    const read = await gateway.read('EE-DK', { tabs: [ALERTS_TAB] });
    expect(read).toEqual({
      ok: true,
      value: { owner: 'EE-DK', tabs: [], identity: { mark: null, name: 'DLA EE-DK' } },
    });
    expect(server.calls.map((c) => [c.status, c.ranges, c.query['fields']?.[0] ?? ''])).toEqual([
      [400, [`'${ALERTS_TAB}'`], expect.stringContaining('rowData')],
      [200, [], expect.not.stringContaining('rowData')],
    ]);
  });
});
