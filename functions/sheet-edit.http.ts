import { applySheetEdit } from '../shared/use-cases/apply-sheet-edit';
import { sheetEditEventSchema } from '../shared/use-cases/sheet-edit-event';
import { ownerOfSpreadsheet } from './config';
import { defineHttpFunction, refuse, reply, spreadsheetOwner } from './http-function';

const UNKNOWN = { code: 'SPREADSHEET_UNKNOWN', message: 'Classeur inconnu du système.' };

/** One edit of a spreadsheet, validated and stored; answers the cells to write back. */
defineHttpFunction({
  name: 'sheetEdit',
  exposure: 'public',
  body: sheetEditEventSchema,
  // Only the spreadsheet the edit comes from may send it.
  access: { allowScheduler: false, target: spreadsheetOwner },
  handle: async (event, context) => {
    const owner = ownerOfSpreadsheet(context.config, event.spreadsheetId);
    if (!owner) return refuse(403, UNKNOWN);
    const result = await applySheetEdit(context, owner, event);
    return result.ok ? reply(200, result.value) : refuse(422, result.error);
  },
});
