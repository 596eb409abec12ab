/**
 * Single-cell edits of a built workspace, as the Apps Script sends them: the title of one
 * mission row changed, the whole row sent with its header. Shared by the reads probe and the
 * Firestore reads case, so both count the reads of the same edits.
 *
 * @packageDocumentation
 */
import { randomUUID } from 'node:crypto';
import { XlsxWorkbookGateway } from '../../functions/adapters/xlsx-workbook-gateway';
import { ID_COLUMN, RECORD_TABS } from '../../shared/domain/workbook-model';
import type { SheetEditEvent } from '../../shared/use-cases/sheet-edit-event';
import { BENCH_OPERATOR } from './bench-data';

/** Builds the `n`-th edit (rows picked with a stride, so that they spread over the tab). */
export type MissionEditFactory = (n: number) => SheetEditEvent;

/** Reads the workspace's Missions tab once and returns the factory of its title edits. */
export async function missionTitleEdits(dir: string): Promise<MissionEditFactory> {
  const read = await new XlsxWorkbookGateway(dir).read(BENCH_OPERATOR);
  if (!read.ok) throw new Error(read.error.message);
  const missions = read.value.tabs.find((t) => t.name === RECORD_TABS.mission.tab);
  if (missions === undefined) throw new Error('no Missions tab');
  const title = missions.header.indexOf(RECORD_TABS.mission.fields['title']?.label ?? '');
  const idAt = missions.header.indexOf(ID_COLUMN);
  const rows = missions.rows.filter((r) => String(r.cells[idAt]?.value ?? '') !== '');
  if (title < 0 || rows.length === 0) throw new Error('no mission row with an ID and a title');
  return (n) => {
    const row = rows[(n * 7919) % rows.length];
    if (row === undefined) throw new Error('no row');
    const values = row.cells.map((c, i) =>
      i === title
        ? `${String(c.value)} (v${n})`
        : c.value instanceof Date
          ? c.value.toISOString()
          : c.value,
    );
    return {
      eventId: randomUUID(),
      spreadsheetId: `local-${BENCH_OPERATOR}`,
      tab: missions.name,
      editedColumns: [title],
      header: [...missions.header],
      rows: [{ rowNumber: row.rowNumber, values }],
      sameIdRows: [],
      user: 'editeur@cbe-lille.fr',
      timestamp: new Date().toISOString(),
    };
  };
}
