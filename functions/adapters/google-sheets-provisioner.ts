import type { sheets_v4 } from '@googleapis/sheets';

import type { WorkbookOwner } from '../../shared/domain/operator';
import type { WorkbookLayout } from '../../sheets/layouts/workbook-layout';
import {
  NEW_TAB_COLUMNS,
  NEW_TAB_ROWS,
  observeSheet,
  placeTabs,
  readSpreadsheet,
  type ObservedSpreadsheet,
  type TabPlacement,
} from './google-sheets-layout-observer';
import {
  SPREADSHEET_LOCALE,
  SPREADSHEET_TIME_ZONE,
  planRequests,
} from './google-sheets-layout-requests';
import { ownerMarkRequest } from './google-sheets-snapshot';

export { PROVISION_READ_FIELDS } from './google-sheets-layout-observer';
export {
  PROTECTION_PREFIX,
  SPREADSHEET_LOCALE,
  SPREADSHEET_TIME_ZONE,
  numberFormatOf,
} from './google-sheets-layout-requests';

/*
 * Provisioning of a Google spreadsheet from a declarative workbook layout, through the Sheets
 * API v4: one read, one batchUpdate, nothing at all to write when the spreadsheet already
 * matches. The layout decides the header labels and notes, the dropdowns, the number formats,
 * the grey fill and the protections of the columns it knows; it never moves, clears or deletes
 * what a person typed, and never touches a column or a tab it does not know.
 */

/** Options of {@link provisionSpreadsheet}. */
export interface ProvisionOptions {
  /** The spreadsheet to update in place; a new one is created when absent. */
  readonly spreadsheetId?: string | undefined;
  /** The title of a spreadsheet this call creates (an existing one keeps its own). */
  readonly title: string;
  /**
   * The owner whose spreadsheet this is: written as the spreadsheet's owner mark (developer
   * metadata `dla-proprietaire`) when it has none; a mark already there is never changed.
   */
  readonly ownerMark?: WorkbookOwner | undefined;
}

/** A column of a tab, by its header label. */
export interface TabColumn {
  readonly tab: string;
  readonly label: string;
}

/** What {@link provisionSpreadsheet} did. */
export interface ProvisionReport {
  readonly spreadsheetId: string;
  /** True when this call created the spreadsheet. */
  readonly created: boolean;
  /** Tabs of the layout the spreadsheet did not have (every tab of a created spreadsheet). */
  readonly addedTabs: readonly string[];
  /** Layout columns appended after the last used column of a tab that already existed. */
  readonly addedColumns: readonly TabColumn[];
  /**
   * Header labels of a layout tab that the layout does not know (a column a person added, or
   * one the layout renamed or removed): reported, never deleted, moved or renamed.
   */
  readonly unknownColumns: readonly TabColumn[];
  /** The owner mark the spreadsheet carries after this call (null: none). */
  readonly ownerMark: string | null;
  /** Requests sent in the one `spreadsheets.batchUpdate` (0: no write call was made). */
  readonly requests: number;
}

/**
 * Creates the spreadsheet of a workbook layout, or brings an existing one up to the layout in
 * place, idempotently.
 *
 * - Without `spreadsheetId`: one `spreadsheets.create` (every tab, frozen header, locale
 *   fr_FR, time zone Europe/Paris), then one `spreadsheets.batchUpdate` for the rest.
 * - With it: one `spreadsheets.get` (rows 1–2 of the layout tabs, grid properties, protected
 *   ranges, locale), then at most one `spreadsheets.batchUpdate` holding only what differs; a
 *   spreadsheet that already matches gets no write call at all. When a layout tab is missing,
 *   the ranged read fails and two light reads replace it.
 *
 * Columns are matched by header label (case, accents and spaces ignored, as the sync engine
 * does): a layout column missing from a tab is appended after the last used column, so data
 * never shifts; a label the layout does not know is reported in `unknownColumns`, never
 * deleted or guessed. A tab missing from the spreadsheet is added at the end.
 *
 * Per layout column it applies: header label, French note and bold; the number format of the
 * layout's `NUMBER_FORMATS` (dates `dd/mm/yyyy`, amounts in euros, identifiers, SIRET, postal
 * codes and phone numbers as text) from row 2 down; a dropdown
 * (`ONE_OF_LIST` for choices and Oui/Non, `ONE_OF_RANGE` on the IDs of another tab for
 * references) — not strict, so that a pasted value reaches the sync engine, which explains a
 * refusal in a French note; the grey fill and a warning-only protection for ID, computed and
 * system columns (a whole-tab protection for a tab only the system writes), and a warning-only
 * protection of the header row. Multi-value columns get a non-strict `ONE_OF_LIST` with the
 * dropdown shown (`showCustomUi`) and an input message: the Sheets API cannot switch on the
 * « multiple selections » chips of the Google Sheets UI, so a person picks one value or types
 * several separated by commas, which the domain parser reads. Widths are set only on the
 * columns this call adds, so a width a person chose is kept.
 *
 * API errors propagate (a `GaxiosError` with its `status`); the client's retry decides retries.
 */
export async function provisionSpreadsheet(
  api: sheets_v4.Sheets,
  layout: WorkbookLayout,
  options: ProvisionOptions,
): Promise<ProvisionReport> {
  if (options.spreadsheetId === undefined) return createSpreadsheet(api, layout, options);
  return provisionExistingSpreadsheet(api, layout, options.spreadsheetId, options.ownerMark);
}

/**
 * Brings an existing spreadsheet up to the layout in place (see {@link provisionSpreadsheet});
 * never creates one. What production uses: a service account has no Drive storage, so the
 * spreadsheets are created by people and shared with it.
 */
export async function provisionExistingSpreadsheet(
  api: sheets_v4.Sheets,
  layout: WorkbookLayout,
  spreadsheetId: string,
  ownerMark?: WorkbookOwner,
): Promise<ProvisionReport> {
  const observed = await readSpreadsheet(api, spreadsheetId, layout);
  const placements = placeTabs(layout, observed);
  const marked = markRequests(observed.ownerMark, ownerMark);
  const requests = [...planRequests(observed, placements), ...marked.requests];
  if (requests.length > 0) {
    await api.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests } });
  }
  return report(spreadsheetId, false, placements, requests.length, marked.mark);
}

/** The owner mark to write: only on a spreadsheet without one (a mark is never changed). */
function markRequests(
  current: string | null,
  wanted: WorkbookOwner | undefined,
): { readonly requests: sheets_v4.Schema$Request[]; readonly mark: string | null } {
  if (current !== null || wanted === undefined) return { requests: [], mark: current };
  return { requests: [ownerMarkRequest(wanted)], mark: wanted };
}

async function createSpreadsheet(
  api: sheets_v4.Sheets,
  layout: WorkbookLayout,
  { title, ownerMark }: ProvisionOptions,
): Promise<ProvisionReport> {
  const created = await api.spreadsheets.create({
    requestBody: {
      properties: { title, locale: SPREADSHEET_LOCALE, timeZone: SPREADSHEET_TIME_ZONE },
      sheets: layout.tabs.map((tab, index) => ({
        properties: {
          title: tab.name,
          index,
          gridProperties: {
            rowCount: NEW_TAB_ROWS,
            columnCount: Math.max(NEW_TAB_COLUMNS, tab.columns.length),
            frozenRowCount: 1,
          },
        },
      })),
    },
    fields: 'spreadsheetId,properties(locale,timeZone),sheets.properties',
  });
  const spreadsheetId = created.data.spreadsheetId;
  if (typeof spreadsheetId !== 'string' || spreadsheetId === '') {
    throw new Error('Création du classeur : la réponse de Google ne donne pas son identifiant.');
  }
  const observed: ObservedSpreadsheet = {
    locale: created.data.properties?.locale ?? SPREADSHEET_LOCALE,
    timeZone: created.data.properties?.timeZone ?? SPREADSHEET_TIME_ZONE,
    ownerMark: null,
    sheets: (created.data.sheets ?? []).flatMap(observeSheet),
  };
  const placements = placeTabs(layout, observed).map((placement) => ({
    ...placement,
    added: true,
    appended: new Set(placement.positions.map((_, index) => index)),
  }));
  const marked = markRequests(null, ownerMark);
  const requests = [...planRequests(observed, placements), ...marked.requests];
  if (requests.length > 0) {
    await api.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests } });
  }
  return report(spreadsheetId, true, placements, requests.length, marked.mark);
}

function report(
  spreadsheetId: string,
  created: boolean,
  placements: readonly TabPlacement[],
  requests: number,
  ownerMark: string | null,
): ProvisionReport {
  return {
    spreadsheetId,
    created,
    ownerMark,
    addedTabs: placements.filter((p) => p.added).map((p) => p.layout.name),
    addedColumns: placements
      .filter((p) => !p.added)
      .flatMap((p) =>
        [...p.appended].map((index) => ({
          tab: p.sheet.title,
          label: p.layout.columns[index]?.label ?? '',
        })),
      ),
    unknownColumns: placements.flatMap((p) =>
      p.unknown.map((label) => ({ tab: p.sheet.title, label })),
    ),
    requests,
  };
}
