import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { auth } from '@googleapis/sheets';

import { createSheetsClient } from '../../functions/adapters/google-sheets-client';
import {
  runProvision,
  type ProvisionCommandOptions,
} from '../../scripts/commands/provision.command';
import { C2RA, OPERATOR_CODES, type WorkbookOwner } from '../../shared/domain/operator';
import { layoutFor } from '../../sheets/layouts/workbook-layout';
import { startSheetsApiServer, type SheetsApiServer } from '../support/sheets-api-server';

/*
 * `dla provision` against the test Sheets API server: the spreadsheets exist (people created
 * them and shared them with the service account); the command applies the layouts, a second
 * run writes nothing, and no run ever creates a spreadsheet.
 */

const OWNERS: readonly WorkbookOwner[] = [...OPERATOR_CODES, C2RA];

/** Every call but a read changes a spreadsheet (or is one the stand-in does not model). */
const READS = new Set(['spreadsheets.get', 'values.get', 'values.batchGet']);

jest.setTimeout(180_000);

describe('dla provision', () => {
  let server: SheetsApiServer;
  let ids: Record<string, string>;
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'dla-provision-'));

  beforeAll(async () => {
    server = await startSheetsApiServer();
    // What a person creates in Google Sheets before sharing it: one empty tab.
    ids = Object.fromEntries(
      OWNERS.map((owner) => [
        owner,
        server.state.createSpreadsheet(`DLA ${owner}`, [{ title: 'Feuille 1' }]),
      ]),
    );
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  });
  beforeEach(() => server.resetCalls());

  async function provision(
    options: ProvisionCommandOptions,
    spreadsheetIds: Record<string, string> = ids,
  ): Promise<{ code: number; out: string; err: string }> {
    const credentials = new auth.OAuth2();
    credentials.setCredentials({ access_token: 'test', expiry_date: Date.now() + 3_600_000 });
    let out = '';
    let err = '';
    const code = await runProvision(options, {
      out: (t) => (out += t),
      err: (t) => (err += t),
      env: {
        DLA_WORKSPACE: workspace,
        DLA_SPREADSHEETS: 'google',
        DLA_SPREADSHEET_IDS: JSON.stringify(spreadsheetIds),
        DLA_STORE: 'firestore',
        GOOGLE_CLOUD_PROJECT: 'dla-npdc-prod',
        DLA_HMAC_SECRETS: JSON.stringify({ 'CBE-LM': 'x'.repeat(40) }),
      },
      api: () =>
        createSheetsClient({
          auth: credentials,
          rootUrl: `${server.url}/`,
          fetchImplementation: fetch,
        }),
      sleep: () => Promise.resolve(),
    });
    return { code, out, err };
  }

  const writes = (): string[] =>
    server.calls.filter((c) => !READS.has(c.operation)).map((c) => c.operation);

  it('applies every layout to the existing spreadsheets, one write each, creating none', async () => {
    const first = await provision({});
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(writes()).toEqual(OWNERS.map(() => 'spreadsheets.batchUpdate'));
    for (const owner of OWNERS) {
      expect(server.state.sheetTitles(ids[owner] ?? '')).toEqual(
        expect.arrayContaining(layoutFor(owner).tabs.map((t) => t.name)),
      );
    }
    expect(first.out).toContain('✓ CBE-LM (Comité de Bassin d');
    expect(first.out).toContain('mise en page appliquée');
    expect(first.out).toContain('Terminé : chaque classeur a sa mise en page.');
  });

  it('a second run reads each spreadsheet once and writes nothing', async () => {
    const second = await provision({});
    expect(second.code).toBe(0);
    expect(writes()).toEqual([]);
    expect(server.calls.map((c) => c.operation)).toEqual(OWNERS.map(() => 'spreadsheets.get'));
    expect(second.out.match(/déjà conforme à la mise en page, rien écrit/g)).toHaveLength(
      OWNERS.length,
    );
  });

  it.each([['NA-DEN'], [C2RA]])('--operator %s touches that spreadsheet only', async (owner) => {
    const only = await provision({ operator: owner });
    expect(only.code).toBe(0);
    expect(new Set(server.calls.map((c) => c.spreadsheetId))).toEqual(new Set([ids[owner]]));
  });

  it.each([
    [404, 'introuvable. Vérifiez son identifiant dans DLA_SPREADSHEET_IDS'],
    [
      403,
      "n'est pas partagé avec dla-functions@dla-npdc-prod.iam.gserviceaccount.com. Dans le classeur : Partager › ajouter dla-functions@dla-npdc-prod.iam.gserviceaccount.com › rôle « Éditeur »",
    ],
  ])('answer %i: says in French what to do, creates nothing, exits 1', async (status, message) => {
    server.failNext(status, { operation: 'spreadsheets.get' });
    const failed = await provision({ operator: 'EE-DK' });
    expect(failed.code).toBe(1);
    expect(failed.out).toContain(`✗ EE-DK (Entreprendre Ensemble`);
    expect(failed.out).toContain(message);
    expect(writes()).toEqual([]);
  });

  it('names the workbook missing from DLA_SPREADSHEET_IDS and still provisions the others', async () => {
    const operators = Object.fromEntries(Object.entries(ids).filter(([owner]) => owner !== C2RA));
    const partial = await provision({}, operators);
    expect(partial.code).toBe(1);
    expect(partial.out).toContain(
      '✗ C2RA : aucun classeur dans DLA_SPREADSHEET_IDS. Une personne crée le classeur, le partage en Éditeur avec dla-functions@dla-npdc-prod.iam.gserviceaccount.com',
    );
    expect(partial.out.match(/rien écrit/g)).toHaveLength(OPERATOR_CODES.length);
    expect(writes()).toEqual([]);
  });

  it('retries a throttled read, the whole provisioning being idempotent', async () => {
    server.failNext(429, { operation: 'spreadsheets.get', retryAfterSeconds: 0 });
    const throttled = await provision({ operator: 'I62-CAL' });
    expect(throttled.code).toBe(0);
    expect(server.calls.map((c) => c.status)).toEqual([429, 200]);
  });

  it('refuses to run on local .xlsx workbooks, with the French reason', async () => {
    let err = '';
    const code = await runProvision(
      {},
      { env: { DLA_WORKSPACE: workspace }, err: (t) => (err += t), out: () => undefined },
    );
    expect(code).toBe(1);
    expect(err).toContain('dla provision met en page les classeurs Google');
  });
});
