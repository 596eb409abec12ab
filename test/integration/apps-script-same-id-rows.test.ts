/**
 * The Apps Script no longer sends every ID of the tab with an edit (hundreds of KB per keystroke
 * at 5,000 rows): it finds the rows holding the edited rows' IDs with a TextFinder, and writes a
 * cell the function addresses by record ID (an award's « Non retenu ») at the row a TextFinder
 * finds. Run in node:vm against the real sheetEdit function.
 */
import { RECORD_TABS } from '../../shared/domain/workbook-model';
import type { CellValue } from '../../shared/domain/values/cell-value';
import {
  aCallForProposalsWorkbook,
  SCORING_DAY,
} from '../support/builders/call-for-proposals-workbook';
import { syncOrThrow } from '../support/builders/operator-workbook';
import {
  column,
  editEvents,
  HEADERS,
  newSandbox,
  resetFunctions,
  useFunctions,
} from '../support/apps-script-functions';
import { PROVIDER_ROWS, rowOf } from '../support/builders/workbook-rows';
import { InMemoryRecordStore } from '../support/fakes/in-memory-record-store';
import { InMemoryWorkbookGateway } from '../support/fakes/in-memory-workbook-gateway';

afterEach(resetFunctions);

function labelColumn(header: readonly unknown[], label: string): number {
  const index = header.indexOf(label);
  if (index < 0) throw new Error(`no column ${label}`);
  return index + 1;
}

describe('an edit sends only the rows holding its IDs, found with a TextFinder', () => {
  it('recognises a pasted copy from the one other row holding its ID, and gives it a new ID', async () => {
    useFunctions();
    const sandbox = newSandbox({
      spreadsheetId: 'local-C2RA',
      tabs: [{ name: 'Registre', rows: [HEADERS.Registre] }],
    });
    const typed = PROVIDER_ROWS.slice(0, 3).map((p) => rowOf('provider', p).slice(1));
    await sandbox.edit('Registre', 2, 2, typed).done;
    const idColumn = column('ID');
    expect([2, 3, 4].map((r) => sandbox.cell('Registre', r, idColumn)?.value)).toEqual([
      'PRE-0001',
      'PRE-0002',
      'PRE-0003',
    ]);
    // A person copies row 3 whole (ID included) to row 5.
    const copied = sandbox.cells('Registre')[2]?.map((c) => c?.value ?? '') ?? [];
    await sandbox.edit('Registre', 5, 1, [copied]).done;
    expect(sandbox.thrown).toEqual([]);
    const events = editEvents(sandbox.exchanges);
    expect(events[1]?.sameIdRows).toEqual([{ row: 3, id: 'PRE-0002' }]);
    expect(events.every((e) => e.otherRowIds === undefined)).toBe(true);
    expect(sandbox.finds).toContainEqual({ tab: 'Registre', text: 'PRE-0002' });
    expect(sandbox.cell('Registre', 5, idColumn)?.value).toBe('PRE-0004');
    expect(sandbox.cell('Registre', 5, idColumn)?.note).toMatch(/Ligne copiée de PRE-0002/);
    expect(sandbox.cell('Registre', 3, idColumn)?.value).toBe('PRE-0002');
  });

  it('writes « Non retenu » on the sibling rows the function names by ID when one proposal is retained', async () => {
    const store = new InMemoryRecordStore();
    const gateway = new InMemoryWorkbookGateway();
    const ports = { store, gateway, clock: { now: () => SCORING_DAY } };
    await aCallForProposalsWorkbook(ports);
    await syncOrThrow(ports, 'CBE-LM', 'claire.dubois@cbe-lm.fr');
    useFunctions(store);
    const tab = RECORD_TABS.solicitation.tab;
    const grid = gateway.tab('CBE-LM', tab);
    const rows = grid.map((line) => line.map((c): CellValue => c.value ?? ''));
    const header = rows[0] ?? [];
    const sandbox = newSandbox({ spreadsheetId: 'local-CBE-LM', tabs: [{ name: tab, rows }] });
    const decision = labelColumn(header, 'Décision');
    const idColumn = labelColumn(header, 'ID');
    expect([2, 3, 4].map((r) => sandbox.cell(tab, r, idColumn)?.value)).toEqual([
      'SOL-CBE-LM-0001',
      'SOL-CBE-LM-0002',
      'SOL-CBE-LM-0003',
    ]);

    await sandbox.edit(tab, 3, decision, [['Retenu']]).done;

    expect(sandbox.thrown).toEqual([]);
    const [event] = editEvents(sandbox.exchanges);
    expect(event?.sameIdRows).toEqual([]);
    expect([2, 3, 4].map((r) => sandbox.cell(tab, r, decision)?.value)).toEqual([
      'Non retenu',
      'Retenu',
      'Non retenu',
    ]);
    expect(sandbox.cell(tab, 2, decision)?.note).toMatch(/Décision posée par le système/);
    expect(sandbox.finds.map((f) => f.text)).toEqual(
      expect.arrayContaining(['SOL-CBE-LM-0001', 'SOL-CBE-LM-0003']),
    );
    const stored = (await store.loadOwner('CBE-LM')).records.filter(
      (r) => r.kind === 'solicitation' && r.data['missionId'] === 'MIS-CBE-LM-0001',
    );
    expect(stored.map((r) => [r.id, r.data['decision']])).toEqual([
      ['SOL-CBE-LM-0001', 'Non retenu'],
      ['SOL-CBE-LM-0002', 'Retenu'],
      ['SOL-CBE-LM-0003', 'Non retenu'],
    ]);
  });

  it('sends a single-cell edit of a 5,000-row tab in a few KB, without the tab’s IDs', async () => {
    useFunctions();
    const lines = Array.from({ length: 5000 }, (_, i) => {
      const line = rowOf('provider', { legalName: `Cabinet n° ${i + 1}` }) as CellValue[];
      line[0] = `PRE-${String(i + 1).padStart(4, '0')}`;
      return line;
    });
    const sandbox = newSandbox({
      spreadsheetId: 'local-C2RA',
      tabs: [{ name: 'Registre', rows: [HEADERS.Registre, ...lines] }],
    });
    const town = RECORD_TABS.provider.fields['town']?.label ?? '';
    await sandbox.edit('Registre', 2500, column(town), [['Arras']]).done;
    const [exchange] = sandbox.exchanges;
    const body = exchange?.request.payload ?? '';
    expect(Buffer.byteLength(body)).toBeLessThan(4_000);
    expect(editEvents(sandbox.exchanges)[0]?.sameIdRows).toEqual([]);
  });
});
