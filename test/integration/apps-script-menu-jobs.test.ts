import type {
  AppsScriptSandbox,
  Exchange,
  FetchAnswer,
  FetchRequest,
} from '../support/apps-script-sandbox';
import {
  expectSigned,
  forwardToFunctions,
  HEADERS,
  INSTALLERS,
  newSandbox,
  resetFunctions,
  SCORE_URL,
  SECRETS,
  SHEET_EDIT_URL,
  SYNC_URL,
  useFunctions,
} from '../support/apps-script-functions';
import { aCallForProposalsWorkbook } from '../support/builders/call-for-proposals-workbook';
import { JOURNAL_HEADER, rowOf } from '../support/builders/workbook-rows';
import type { RecordStore } from '../../shared/ports/record-store';

/*
 * The « DLA » menu and the structural changes ask for a job; a one-off time-based trigger runs
 * it later in a run of its own (`runTimeTriggers` plays Apps Script firing it).
 */

afterEach(resetFunctions);

/** The C2RA's spreadsheet: its Registre header, and its Journal. */
function c2raSandbox(forward?: (request: FetchRequest) => Promise<FetchAnswer>): AppsScriptSandbox {
  return newSandbox({
    spreadsheetId: 'local-C2RA',
    tabs: [
      { name: 'Registre', rows: [HEADERS.Registre] },
      { name: 'Journal', rows: [JOURNAL_HEADER] },
    ],
    ...(forward === undefined ? {} : { forward }),
  });
}

/** Two providers typed in the C2RA's workbook as the reconcile reads it, one e-mail refused. */
function twoProviders(): RecordStore {
  const { store, gateway } = useFunctions();
  gateway.setTab('C2RA', 'Registre', HEADERS.Registre, [
    rowOf('provider', { legalName: 'Opale Stratégies', email: 'contact(at)opale.fr' }),
    rowOf('provider', { legalName: 'Terrils & Co', email: 'contact@terrils.fr' }),
  ]);
  return store;
}

/** The Journal's line `row` as label → value. */
function journalLine(sandbox: AppsScriptSandbox, row: number): Record<string, unknown> {
  const line = sandbox.cells('Journal')[row - 1] ?? [];
  return Object.fromEntries(JOURNAL_HEADER.map((label, c) => [label, line[c]?.value ?? '']));
}

function firstExchange(sandbox: AppsScriptSandbox): Exchange {
  const [exchange] = sandbox.exchanges;
  if (exchange === undefined) throw new Error('no request');
  return exchange;
}

const CLICKER = 'paul.martin@c2ra-npdc.fr';

describe('a reconcile asked for from the « DLA » menu', () => {
  it('answers at once, runs in its own time-based run, and shows its end in a toast and the Journal', async () => {
    twoProviders();
    const sandbox = c2raSandbox();
    const asClicker = { effectiveUser: CLICKER, activeUser: CLICKER };
    await sandbox.run({ kind: 'call', functionName: 'dlaSyncNow' }, asClicker);
    // Accepted: nothing sent yet, one one-off trigger waiting.
    expect(sandbox.exchanges).toEqual([]);
    expect(sandbox.triggers()).toEqual(['dlaRunJob:clock']);
    expect(sandbox.toasts).toEqual([
      "DLA — Synchronisation demandée : elle s'exécute en arrière-plan dans la minute. Son résultat s'affichera ici et dans l'onglet Journal.",
    ]);
    // A second click while it waits asks for nothing more.
    await sandbox.run({ kind: 'call', functionName: 'dlaSyncNow' }, asClicker);
    expect(sandbox.triggers()).toEqual(['dlaRunJob:clock']);
    expect(sandbox.toasts[1]).toMatch(
      /^DLA — Synchronisation demandée à \d\d:\d\d, toujours en attente : son résultat s'affichera ici et dans l'onglet Journal\.$/,
    );

    expect(await sandbox.runTimeTriggers()).toBe(1);
    expect(sandbox.thrown).toEqual([]);
    expect(sandbox.exchanges.map((e) => [e.request.url, e.status])).toEqual([[SYNC_URL, 200]]);
    expectSigned(firstExchange(sandbox), SECRETS.C2RA);
    const done =
      'Synchronisation terminée : 2 ajout(s), 0 modification(s), 0 archivage(s), 1 valeur(s) refusée(s).';
    expect(sandbox.toasts[2]).toBe(`DLA — ${done}`);
    const line = journalLine(sandbox, 2);
    expect(line).toMatchObject({ Type: 'Synchronisation', Par: CLICKER });
    expect(line['Date']).toMatch(/^\d\d\/\d\d\/\d{4} \d\d:\d\d$/);
    expect(line['Message']).toMatch(
      new RegExp(
        `^${done.replace(/[()]/g, '\\$&')} Synchronisation demandée depuis le menu DLA à \\d\\d:\\d\\d\\.$`,
      ),
    );
    // The fired trigger and its request are gone: a person's 20 triggers never fill up.
    expect(sandbox.triggers()).toEqual([]);
    expect(sandbox.documentProperties()).toEqual({});
  });

  it.each<[string, (request: FetchRequest) => Promise<FetchAnswer>, RegExp, RegExp, number]>([
    [
      'UrlFetch gives up before the reconcile ends: not told as a failure',
      async (request) => {
        // The function goes on with the request it received; only the wait is cut short.
        await forwardToFunctions(request);
        return { thrown: `Timeout: ${request.url}` };
      },
      /^DLA — Synchronisation sans réponse à temps \(pas de réponse : Timeout: https:\/\/\S+\) : ce n'est pas un échec, elle se poursuit sans doute côté serveur\./,
      /^(?!.*impossible)/,
      2,
    ],
    [
      'the function refuses it: told as a failure',
      async (request) => forwardToFunctions({ ...request, url: `${request.url}-absente` }),
      /^DLA — Synchronisation impossible \(erreur 404\)\.$/,
      /impossible/,
      0,
    ],
  ])('%s', async (_, forward, toast, journal, stored) => {
    const store = twoProviders();
    const sandbox = c2raSandbox(forward);
    await sandbox.run({ kind: 'call', functionName: 'dlaSyncNow' });
    await sandbox.runTimeTriggers();
    expect(sandbox.thrown).toEqual([]);
    expect(sandbox.toasts[1]).toMatch(toast);
    expect(String(journalLine(sandbox, 2)['Message'])).toMatch(journal);
    expect(sandbox.triggers()).toEqual([]);
    expect(await store.loadRegister()).toHaveLength(stored);
  });

  it('« Vérifier la feuille », « Synchroniser maintenant » and « Recalculer les notes » of the C2RA each run once', async () => {
    const { gateway } = useFunctions();
    gateway.setTab('C2RA', 'Registre', HEADERS.Registre, [
      rowOf('provider', { legalName: 'Opale Stratégies', email: 'contact(at)opale.fr' }),
      rowOf('provider', { legalName: 'Terrils & Co', email: 'pas-un-email' }),
    ]);
    const sandbox = newSandbox({
      spreadsheetId: 'local-C2RA',
      tabs: [{ name: 'Registre', rows: [HEADERS.Registre] }],
      scriptProperties: {
        DLA_FUNCTION_URL: SHEET_EDIT_URL,
        DLA_SYNC_URL: SYNC_URL,
        DLA_SCORE_URL: SCORE_URL,
        DLA_OWNER: 'C2RA',
        DLA_HMAC_SECRET: SECRETS.C2RA,
      },
    });
    for (const functionName of ['dlaCheckSheet', 'dlaSyncNow', 'dlaRecomputeScores'])
      await sandbox.run({ kind: 'call', functionName });
    expect(sandbox.exchanges).toEqual([]);
    expect(await sandbox.runTimeTriggers()).toBe(3);
    expect(sandbox.thrown).toEqual([]);
    // The C2RA's workbook has no call for proposals: « Recalculer les notes » only reconciles it.
    expect(sandbox.exchanges.map((e) => [e.request.url, e.status])).toEqual([
      [SYNC_URL, 200],
      [SYNC_URL, 200],
      [SYNC_URL, 200],
    ]);
    const report = (
      sandbox.exchanges[0]?.body as { reports: { report: { rejected: unknown[] } }[] }
    ).reports[0]?.report;
    expect(report?.rejected.length).toBe(2);
    expect(sandbox.toasts).toContain(
      'DLA — Vérification terminée : 2 valeurs refusées — voir les cellules en rouge et leurs notes, et l’onglet Journal.',
    );
    expect(sandbox.toasts.some((t) => t.startsWith('DLA — Synchronisation terminée : '))).toBe(
      true,
    );
    // Each body is unique, so that its signature is too (identical ones would look replayed).
    const bodies = sandbox.exchanges.map(
      (e) => JSON.parse(e.request.payload) as Record<string, unknown>,
    );
    expect(new Set(bodies.map((b) => b['requestId'])).size).toBe(3);
  });

  it('« Recalculer les notes » asks scoreMission for its own workbook and tells how many missions were scored', async () => {
    const { store, gateway } = useFunctions();
    await aCallForProposalsWorkbook({ store, gateway, clock: { now: () => new Date() } });
    const sandbox = newSandbox({
      spreadsheetId: 'local-CBE-LM',
      tabs: [{ name: 'Missions', rows: [HEADERS.Missions] }],
      scriptProperties: {
        DLA_FUNCTION_URL: SHEET_EDIT_URL,
        DLA_SYNC_URL: SYNC_URL,
        DLA_SCORE_URL: SCORE_URL,
        DLA_OWNER: 'CBE-LM',
        DLA_HMAC_SECRET: SECRETS['CBE-LM'],
      },
    });
    for (let round = 0; round < 2; round += 1) {
      await sandbox.run({ kind: 'call', functionName: 'dlaRecomputeScores' });
      await sandbox.runTimeTriggers();
    }
    expect(sandbox.thrown).toEqual([]);
    expect(sandbox.exchanges.map((e) => [e.request.url, e.status])).toEqual([
      [SCORE_URL, 200],
      [SCORE_URL, 200],
    ]);
    const bodies = sandbox.exchanges.map(
      (e) => JSON.parse(e.request.payload) as Record<string, unknown>,
    );
    expect(bodies.map((b) => Object.keys(b).sort())).toEqual([
      ['owner', 'requestId'],
      ['owner', 'requestId'],
    ]);
    expect(bodies.map((b) => b['owner'])).toEqual(['CBE-LM', 'CBE-LM']);
    // Each body is unique: two recomputes signed in the same second must not look replayed.
    expect(new Set(bodies.map((b) => b['requestId'])).size).toBe(2);
    for (const exchange of sandbox.exchanges) expectSigned(exchange, SECRETS['CBE-LM']);
    const asked =
      "DLA — Calcul des notes demandé : il s'exécute en arrière-plan dans la minute. Son résultat s'affichera ici et dans l'onglet Journal.";
    expect(sandbox.toasts).toEqual([
      asked,
      'DLA — Notes recalculées : 2 mission(s).',
      asked,
      'DLA — Notes recalculées : 2 mission(s).',
    ]);
    expect(gateway.column('CBE-LM', 'Sollicitations', 'Rang')).toEqual([2, 1, 3, null]);
  });
});

describe('the Apps Script structural changes and setup', () => {
  it('asks for one reconcile after rows are inserted, removed or sorted, none after a plain edit', async () => {
    const { gateway } = useFunctions();
    gateway.setTab('C2RA', 'Registre', HEADERS.Registre, []);
    const sandbox = c2raSandbox();
    for (const changeType of ['EDIT', 'FORMAT']) await sandbox.run({ kind: 'change', changeType });
    expect(sandbox.triggers()).toEqual([]);
    for (const changeType of ['INSERT_ROW', 'REMOVE_ROW', 'OTHER'])
      await sandbox.run({ kind: 'change', changeType });
    // A burst of changes asks for one reconcile, run later: the trigger itself sends nothing.
    expect(sandbox.exchanges).toEqual([]);
    expect(sandbox.triggers()).toEqual(['dlaRunJob:clock']);
    expect(await sandbox.runTimeTriggers()).toBe(1);
    expect(sandbox.thrown).toEqual([]);
    expect(sandbox.exchanges.map((e) => [e.request.url, e.status])).toEqual([[SYNC_URL, 200]]);
    const body = JSON.parse(sandbox.exchanges[0]?.request.payload ?? '{}') as Record<
      string,
      unknown
    >;
    expect(body['owner']).toBe('C2RA');
    expectSigned(firstExchange(sandbox), SECRETS.C2RA);
    expect(journalLine(sandbox, 2)['Message']).toMatch(
      /Synchronisation demandée après une modification de structure \(INSERT_ROW\) à \d\d:\d\d\.$/,
    );
  });

  it('builds the « DLA » menu, and setupDla installs the two triggers once however often it runs', async () => {
    useFunctions();
    const sandbox = c2raSandbox();
    for (const functionName of ['onOpen', 'setupDla', 'setupDla'])
      await sandbox.run({ kind: 'call', functionName });
    expect(sandbox.thrown).toEqual([]);
    expect(sandbox.menu).toEqual([
      '[DLA]',
      'Synchroniser maintenant → dlaSyncNow',
      'Recalculer les notes → dlaRecomputeScores',
      'Vérifier la feuille → dlaCheckSheet',
      '—',
      'Installer les déclencheurs → setupDla',
    ]);
    expect(sandbox.triggers()).toEqual(['onDlaEdit:edit', 'onDlaChange:change']);
    // It says whose account every edit will be sent under: the installer's, for every editor.
    expect(sandbox.toasts).toContain(
      `Déclencheurs DLA installés — Les modifications seront transmises au système DLA, au nom du compte ${INSTALLERS.C2RA} pour chaque personne qui modifie.`,
    );
  });
});
