import type { sheets_v4 } from '@googleapis/sheets';

import {
  PROTECTION_PREFIX,
  provisionSpreadsheet,
  type ProvisionReport,
} from '../../functions/adapters/google-sheets-provisioner';
import {
  C2RA_WORKBOOK_LAYOUT,
  NUMBER_FORMATS,
  OPERATOR_WORKBOOK_LAYOUT,
  type TabLayout,
  type WorkbookLayout,
} from '../../sheets/layouts/workbook-layout';
import {
  createSheetsTestClient,
  startSheetsApiServer,
  type JsonObject,
  type RecordedCall,
  type SheetsApiServer,
} from '../support/sheets-api-server';
import { columnLetterOfPosition } from '../../shared/domain/values/column-letter';

const AMOUNT = { type: 'CURRENCY', pattern: NUMBER_FORMATS.amount };

const GREY = { red: 0xef / 255, green: 0xef / 255, blue: 0xef / 255 };

/** Operations of the recorded calls that change a spreadsheet. */
const WRITE_OPERATIONS = new Set([
  'spreadsheets.create',
  'spreadsheets.batchUpdate',
  'values.update',
  'values.append',
  'values.batchUpdate',
  'values.clear',
  'values.batchClear',
]);

function tabOf(layout: WorkbookLayout, name: string): TabLayout {
  const tab = layout.tabs.find((t) => t.name === name);
  if (tab === undefined) throw new Error(`no tab ${name}`);
  return tab;
}

function labelIndex(tab: TabLayout, label: string): number {
  const index = tab.columns.findIndex((c) => c.label === label);
  if (index < 0) throw new Error(`no column ${label} in ${tab.name}`);
  return index;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function objectAt(value: unknown, ...path: string[]): JsonObject | undefined {
  let current: unknown = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) {
      return undefined;
    }
    current = (current as JsonObject)[key];
  }
  return typeof current === 'object' && current !== null && !Array.isArray(current)
    ? (current as JsonObject)
    : undefined;
}

describe('provisionSpreadsheet against the local Sheets API server', () => {
  let server: SheetsApiServer;
  let api: sheets_v4.Sheets;

  beforeAll(async () => {
    server = await startSheetsApiServer();
    api = createSheetsTestClient(server);
  });

  afterAll(async () => {
    await server.close();
  });

  beforeEach(() => server.resetCalls());

  function writes(): string[] {
    return server.calls.filter((c) => WRITE_OPERATIONS.has(c.operation)).map((c) => c.operation);
  }

  /** Every layout tab has its header, notes, bold, frozen row, formats, dropdowns, protections. */
  function expectLayoutApplied(spreadsheetId: string, layout: WorkbookLayout): void {
    const state = server.state;
    const spreadsheet = state.getSpreadsheet(spreadsheetId);
    expect(spreadsheet.properties['locale']).toBe('fr_FR');
    expect(spreadsheet.properties['timeZone']).toBe('Europe/Paris');
    for (const tab of layout.tabs) {
      const sheet = state.getSheet(spreadsheetId, tab.name);
      expect(sheet.properties.gridProperties.frozenRowCount).toBe(1);
      const header = state.getValues(spreadsheetId, tab.name, '1:1')[0] ?? [];
      const positions = tab.columns.map((c) => header.indexOf(c.label));
      expect(positions.every((p) => p >= 0)).toBe(true);
      tab.columns.forEach((column, index) => {
        const cell = `${columnLetterOfPosition((positions[index] ?? 0) + 1)}1`;
        expect(state.getNote(spreadsheetId, tab.name, cell)).toBe(column.note);
        expect(
          objectAt(
            state.getCell(spreadsheetId, tab.name, cell),
            'userEnteredFormat',
            'textFormat',
          )?.['bold'],
        ).toBe(true);
        const dataCell = `${columnLetterOfPosition((positions[index] ?? 0) + 1)}2`;
        const fill = state.getBackground(spreadsheetId, tab.name, dataCell);
        if (column.protected) {
          expect(fill?.red).toBeCloseTo(GREY.red, 3);
        } else {
          expect(fill).toBeUndefined();
        }
      });
      // The system's protections; a person's own ones are left alone.
      const protections = state
        .getProtectedRanges(spreadsheetId, tab.name)
        .filter((p) => str(p['description']).startsWith(PROTECTION_PREFIX));
      expect(protections.every((p) => p['warningOnly'] === true)).toBe(true);
      if (tab.columns.every((c) => c.protected)) {
        expect(protections).toHaveLength(1);
        const range = objectAt(protections[0], 'range') ?? {};
        expect(range['startColumnIndex']).toBeUndefined();
        expect(range['startRowIndex']).toBeUndefined();
      } else {
        const protectedColumns = tab.columns.filter((c) => c.protected);
        // One per protected column, plus the header row.
        expect(protections).toHaveLength(protectedColumns.length + 1);
        for (const column of protectedColumns) {
          const found = protections.find((p) =>
            str(p['description']).includes(`« ${column.label} »`),
          );
          const position = header.indexOf(column.label);
          expect(objectAt(found, 'range')?.['startColumnIndex']).toBe(position);
          expect(objectAt(found, 'range')?.['endColumnIndex']).toBe(position + 1);
        }
      }
    }
  }

  describe('the operator workbook', () => {
    let first: ProvisionReport;
    let creationCalls: RecordedCall[];

    beforeAll(async () => {
      server.resetCalls();
      first = await provisionSpreadsheet(api, OPERATOR_WORKBOOK_LAYOUT, {
        title: 'DLA CBE-LM — suivi des accompagnements',
      });
      creationCalls = [...server.calls];
    });

    it('creates the spreadsheet with one create and one batchUpdate, and no read', () => {
      expect(first.created).toBe(true);
      expect(first.addedTabs).toEqual(OPERATOR_WORKBOOK_LAYOUT.tabs.map((t) => t.name));
      expect(first.addedColumns).toEqual([]);
      expect(first.unknownColumns).toEqual([]);
      expect(first.requests).toBeGreaterThan(0);
      expect(creationCalls.map((c) => c.operation)).toEqual([
        'spreadsheets.create',
        'spreadsheets.batchUpdate',
      ]);
      expect(creationCalls.every((c) => c.status === 200)).toBe(true);
      expect(creationCalls[1]?.requestKinds).toHaveLength(first.requests);
      expect(server.state.sheetTitles(first.spreadsheetId)).toEqual(
        OPERATOR_WORKBOOK_LAYOUT.tabs.map((t) => t.name),
      );
      expect(server.state.getSpreadsheet(first.spreadsheetId).properties['title']).toBe(
        'DLA CBE-LM — suivi des accompagnements',
      );
    });

    it('gives every tab its headers, notes, bold frozen row, grey protected columns and protections', () => {
      expectLayoutApplied(first.spreadsheetId, OPERATOR_WORKBOOK_LAYOUT);
      const missions = tabOf(OPERATOR_WORKBOOK_LAYOUT, 'Missions');
      expect(server.state.getValues(first.spreadsheetId, 'Missions', '1:1')[0]).toEqual(
        missions.columns.map((c) => c.label),
      );
      // Journal and the register copy are written by the system only: the whole tab is protected.
      const journal = server.state.getProtectedRanges(first.spreadsheetId, 'Journal');
      expect(str(journal[0]?.['description'])).toContain('onglet écrit par le système');
    });

    it('puts French number formats on date, amount and identifier columns, from row 2 down', () => {
      const missions = tabOf(OPERATOR_WORKBOOK_LAYOUT, 'Missions');
      const date = columnLetterOfPosition(labelIndex(missions, 'Cahier des charges envoyé le') + 1);
      const amount = columnLetterOfPosition(labelIndex(missions, 'Plafond budgétaire') + 1);
      const id = columnLetterOfPosition(labelIndex(missions, 'ID') + 1);
      const formatAt = (cell: string): JsonObject | undefined =>
        objectAt(
          server.state.getCell(first.spreadsheetId, 'Missions', cell),
          'userEnteredFormat',
          'numberFormat',
        );
      for (const row of [2, 500, 1000]) {
        expect(formatAt(`${date}${row}`)).toEqual({ type: 'DATE', pattern: 'dd/mm/yyyy' });
        expect(formatAt(`${amount}${row}`)).toEqual(AMOUNT);
        expect(formatAt(`${id}${row}`)).toEqual({ type: 'TEXT', pattern: '@' });
      }
      expect(formatAt(`${date}1`)).toBeUndefined();
    });

    it('adds dropdowns: lists for choices and Oui/Non, the IDs of another tab for references, chips for multi-value columns', () => {
      const id = first.spreadsheetId;
      const missions = tabOf(OPERATOR_WORKBOOK_LAYOUT, 'Missions');
      const kind = server.state.getDataValidation(
        id,
        'Missions',
        `${columnLetterOfPosition(labelIndex(missions, "Type d'ingénierie") + 1)}2`,
      );
      expect(kind).toMatchObject({
        condition: {
          type: 'ONE_OF_LIST',
          values: [{ userEnteredValue: 'Individuelle' }, { userEnteredValue: 'Collective' }],
        },
        strict: false,
        showCustomUi: true,
      });
      expect(
        server.state.getDataValidation(
          id,
          'Missions',
          `${columnLetterOfPosition(labelIndex(missions, "Type d'ingénierie") + 1)}1`,
        ),
      ).toBeUndefined();

      const solicitations = tabOf(OPERATOR_WORKBOOK_LAYOUT, 'Sollicitations');
      const provider = server.state.getDataValidation(
        id,
        'Sollicitations',
        `${columnLetterOfPosition(labelIndex(solicitations, 'Prestataire (ID)') + 1)}2`,
      );
      expect(provider).toMatchObject({
        condition: {
          type: 'ONE_OF_RANGE',
          values: [{ userEnteredValue: "='Prestataires'!$A$2:$A" }],
        },
      });
      const lateAdmitted = server.state.getDataValidation(
        id,
        'Sollicitations',
        `${columnLetterOfPosition(labelIndex(solicitations, 'Admise malgré le retard') + 1)}300`,
      );
      expect(lateAdmitted).toMatchObject({
        condition: { values: [{ userEnteredValue: 'Oui' }, { userEnteredValue: 'Non' }] },
      });

      const plans = tabOf(OPERATOR_WORKBOOK_LAYOUT, 'Accompagnements');
      const issues = plans.columns[labelIndex(plans, 'Problématiques traitées')];
      const multi = server.state.getDataValidation(
        id,
        'Accompagnements',
        `${columnLetterOfPosition(labelIndex(plans, 'Problématiques traitées') + 1)}2`,
      );
      expect(multi).toMatchObject({ strict: false, showCustomUi: true });
      expect(str(multi?.['inputMessage'])).toContain('virgules');
      expect(JSON.stringify(multi?.['condition'])).toContain(issues?.choices?.[0] ?? '?');
      // Protected columns get no dropdown.
      expect(server.state.getDataValidation(id, 'Missions', 'A2')).toBeUndefined();
    });

    it('changes nothing on a second provision: one read, zero write calls', async () => {
      server.resetCalls();
      const second = await provisionSpreadsheet(api, OPERATOR_WORKBOOK_LAYOUT, {
        spreadsheetId: first.spreadsheetId,
        title: 'ignoré',
      });
      expect(second).toEqual({
        spreadsheetId: first.spreadsheetId,
        created: false,
        ownerMark: null,
        addedTabs: [],
        addedColumns: [],
        unknownColumns: [],
        requests: 0,
      });
      expect(server.calls.map((c) => c.operation)).toEqual(['spreadsheets.get']);
      expect(writes()).toEqual([]);
      const [read] = server.calls;
      expect(read?.query['includeGridData']).toEqual(['true']);
      expect(read?.ranges).toEqual(OPERATOR_WORKBOOK_LAYOUT.tabs.map((t) => `'${t.name}'!1:2`));
      expect(read?.query['fields']?.[0]).toContain('protectedRanges');
    });

    it('restores what a person broke (a removed protection, an unfrozen header, a deleted note) and nothing else', async () => {
      const id = first.spreadsheetId;
      const missionsId = server.state.getSheetId(id, 'Missions');
      const protection = server.state
        .getProtectedRanges(id, 'Missions')
        .find((p) => str(p['description']).includes('« ID »'));
      await api.spreadsheets.batchUpdate({
        spreadsheetId: id,
        requestBody: {
          requests: [
            {
              deleteProtectedRange: { protectedRangeId: Number(protection?.['protectedRangeId']) },
            },
            {
              updateSheetProperties: {
                properties: { sheetId: missionsId, gridProperties: { frozenRowCount: 0 } },
                fields: 'gridProperties.frozenRowCount',
              },
            },
          ],
        },
      });
      server.state.setNote(id, 'Missions', 'D1', undefined);
      server.state.setValues(id, 'Missions', 'D2', [['Diagnostic RH']]);
      server.resetCalls();
      const repaired = await provisionSpreadsheet(api, OPERATOR_WORKBOOK_LAYOUT, {
        spreadsheetId: id,
        title: 'ignoré',
      });
      expect(server.calls.map((c) => c.operation)).toEqual([
        'spreadsheets.get',
        'spreadsheets.batchUpdate',
      ]);
      expect([...(server.calls[1]?.requestKinds ?? [])].sort()).toEqual([
        'addProtectedRange',
        'updateCells',
        'updateSheetProperties',
      ]);
      expect(repaired.requests).toBe(3);
      expect(server.state.getValues(id, 'Missions', 'D2')).toEqual([['Diagnostic RH']]);
      expectLayoutApplied(id, OPERATOR_WORKBOOK_LAYOUT);
    });
  });

  it('keeps the data of a sheet whose columns a person moved, appends missing layout columns at the end, reports an unknown column', async () => {
    const missions = tabOf(OPERATOR_WORKBOOK_LAYOUT, 'Missions');
    // A person's Missions tab: a few layout columns in another order, a column of their own, and
    // two rows of data; most layout columns are missing, and so are the other tabs.
    const header = [
      'Intitulé',
      'ID',
      'Commentaire interne',
      'Plafond budgétaire',
      "type d'ingenierie",
    ];
    const rows = [
      header,
      ['Structurer la fonction RH', 'MIS-CBE-LM-0001', 'à relancer', 12_000, 'Individuelle'],
      ['Modèle économique du tiers-lieu', 'MIS-CBE-LM-0002', '', 8_500, 'Collective'],
    ];
    const id = server.state.createSpreadsheet('Classeur existant', [
      { title: 'Mes notes', rows: [['rien à voir']] },
      { title: 'Missions', rows, columnCount: 6 },
    ]);
    const missionsId = server.state.getSheetId(id, 'Missions');
    await api.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          {
            addProtectedRange: {
              protectedRange: {
                range: { sheetId: missionsId, startColumnIndex: 2, endColumnIndex: 3 },
                description: 'Ma colonne à moi',
                warningOnly: true,
              },
            },
          },
        ],
      },
    });
    server.resetCalls();

    const report = await provisionSpreadsheet(api, OPERATOR_WORKBOOK_LAYOUT, {
      spreadsheetId: id,
      title: 'ignoré',
    });

    expect(report.created).toBe(false);
    expect(report.addedTabs).toEqual(
      OPERATOR_WORKBOOK_LAYOUT.tabs.map((t) => t.name).filter((n) => n !== 'Missions'),
    );
    expect(report.unknownColumns).toEqual([{ tab: 'Missions', label: 'Commentaire interne' }]);
    const kept = new Set(['ID', 'Intitulé', 'Plafond budgétaire', "Type d'ingénierie"]);
    expect(report.addedColumns).toEqual(
      missions.columns
        .filter((c) => !kept.has(c.label))
        .map((c) => ({ tab: 'Missions', label: c.label })),
    );
    // A missing tab makes the ranged read fail: the tabs are listed, then the existing one read.
    expect(server.calls.map((c) => `${c.operation} ${c.status}`)).toEqual([
      'spreadsheets.get 400',
      'spreadsheets.get 200',
      'spreadsheets.get 200',
      'spreadsheets.batchUpdate 200',
    ]);

    // The data did not move; the header of the matched columns is written the layout's way.
    const values = server.state.getValues(id, 'Missions', 'A1:E3');
    expect(values.slice(1)).toEqual(rows.slice(1).map((r) => r.map((v) => v)));
    expect(values[0]).toEqual([
      'Intitulé',
      'ID',
      'Commentaire interne',
      'Plafond budgétaire',
      "Type d'ingénierie",
    ]);
    // The person's column keeps its header without a note, and its own protection.
    expect(server.state.getNote(id, 'Missions', 'C1')).toBeUndefined();
    expect(
      server.state
        .getProtectedRanges(id, 'Missions')
        .filter((p) => p['description'] === 'Ma colonne à moi'),
    ).toHaveLength(1);
    // Missing layout columns come after the last used column (E), in layout order.
    const header1 = server.state.getValues(id, 'Missions', '1:1')[0] ?? [];
    expect(header1.slice(5)).toEqual(
      missions.columns.filter((c) => !kept.has(c.label)).map((c) => c.label),
    );
    expect(server.state.getSheet(id, 'Missions').properties.gridProperties.columnCount).toBe(
      5 + missions.columns.length - kept.size,
    );
    // The ID column is protected and grey where it is (B), the amount formatted where it is (D).
    const idProtection = server.state
      .getProtectedRanges(id, 'Missions')
      .find((p) => str(p['description']).includes('« ID »'));
    expect(objectAt(idProtection, 'range')).toMatchObject({
      startColumnIndex: 1,
      endColumnIndex: 2,
    });
    expect(server.state.getBackground(id, 'Missions', 'B3')?.red).toBeCloseTo(GREY.red, 3);
    expect(
      objectAt(server.state.getCell(id, 'Missions', 'D3'), 'userEnteredFormat', 'numberFormat'),
    ).toEqual(AMOUNT);
    // The person's own tab is untouched; added tabs come after it.
    expect(server.state.getValues(id, 'Mes notes')).toEqual([['rien à voir']]);
    expect(server.state.sheetTitles(id).slice(0, 2)).toEqual(['Mes notes', 'Missions']);
    expectLayoutApplied(id, OPERATOR_WORKBOOK_LAYOUT);

    // And now it is stable.
    server.resetCalls();
    const again = await provisionSpreadsheet(api, OPERATOR_WORKBOOK_LAYOUT, {
      spreadsheetId: id,
      title: 'ignoré',
    });
    expect(again.requests).toBe(0);
    expect(again.unknownColumns).toEqual([{ tab: 'Missions', label: 'Commentaire interne' }]);
    expect(again.addedColumns).toEqual([]);
    expect(writes()).toEqual([]);
    expect(server.calls).toHaveLength(1);
  });

  it('provisions the C2RA workbook, then changes nothing the second time', async () => {
    const created = await provisionSpreadsheet(api, C2RA_WORKBOOK_LAYOUT, {
      title: 'DLA — registre régional (C2RA)',
    });
    expect(created.addedTabs).toEqual(C2RA_WORKBOOK_LAYOUT.tabs.map((t) => t.name));
    expectLayoutApplied(created.spreadsheetId, C2RA_WORKBOOK_LAYOUT);
    const register = tabOf(C2RA_WORKBOOK_LAYOUT, 'Registre');
    const competences = server.state.getDataValidation(
      created.spreadsheetId,
      'Registre',
      `${columnLetterOfPosition(labelIndex(register, 'Compétences') + 1)}2`,
    );
    expect(competences).toMatchObject({
      condition: { type: 'ONE_OF_LIST' },
      showCustomUi: true,
      strict: false,
    });
    const siret = objectAt(
      server.state.getCell(
        created.spreadsheetId,
        'Registre',
        `${columnLetterOfPosition(labelIndex(register, 'SIRET') + 1)}2`,
      ),
      'userEnteredFormat',
      'numberFormat',
    );
    expect(siret).toEqual({ type: 'TEXT', pattern: '@' });

    server.resetCalls();
    const second = await provisionSpreadsheet(api, C2RA_WORKBOOK_LAYOUT, {
      spreadsheetId: created.spreadsheetId,
      title: 'ignoré',
    });
    expect(second.requests).toBe(0);
    expect(server.calls.map((c) => c.operation)).toEqual(['spreadsheets.get']);
  });

  it('sets the French locale and time zone of an existing spreadsheet', async () => {
    const id = server.state.createSpreadsheet('Ancien classeur', [{ title: 'Feuille 1' }]);
    expect(server.state.getSpreadsheet(id).properties['locale']).toBe('en_US');
    const report = await provisionSpreadsheet(api, C2RA_WORKBOOK_LAYOUT, {
      spreadsheetId: id,
      title: 'ignoré',
    });
    expect(report.addedTabs).toHaveLength(C2RA_WORKBOOK_LAYOUT.tabs.length);
    expectLayoutApplied(id, C2RA_WORKBOOK_LAYOUT);
    expect(server.state.sheetTitles(id)[0]).toBe('Feuille 1');
  });
});
