import { z } from 'zod';

/** Most cells an edit event may carry (a paste of 200 rows × 50 columns). */
export const MAX_EDIT_CELLS = 10_000;
/** Longest cell text accepted in an event; longer cells are refused with a note, not stored. */
export const MAX_CELL_LENGTH = 50_000;

const cellValueSchema = z.union([
  z.string().max(MAX_CELL_LENGTH + 1),
  z.number(),
  z.boolean(),
  z.null(),
]);

const rowIdsSchema = z.array(z.object({ row: z.number().int().min(2), id: z.string().max(40) }));

/**
 * One edit event as the Apps Script trigger sends it: the whole rows of the edited rectangle
 * (so the ID column is always known), which columns were edited, and the other rows holding the
 * edited rows' IDs (`sameIdRows`, so a pasted copy is recognised). An older script sends every
 * ID of the tab instead (`otherRowIds`), still accepted.
 */
export const sheetEditEventSchema = z
  .object({
    eventId: z.string().min(8).max(128),
    spreadsheetId: z.string().min(1).max(200),
    tab: z.string().min(1).max(100),
    /** 0-based indexes of the edited columns. */
    editedColumns: z.array(z.number().int().min(0).max(500)).min(1).max(500),
    header: z.array(cellValueSchema).max(500),
    rows: z
      .array(
        z.object({
          rowNumber: z.number().int().min(2).max(2_000_000),
          values: z.array(cellValueSchema).max(500),
          notes: z.array(z.string().max(MAX_CELL_LENGTH).nullable()).max(500).optional(),
        }),
      )
      .min(1)
      .max(5_000),
    otherRowIds: rowIdsSchema.max(200_000).optional(),
    /** The rows outside the edit holding one of the edited rows' IDs (found by the Apps Script). */
    sameIdRows: rowIdsSchema.max(50_000).optional(),
    user: z.string().max(320).default(''),
    /** When the person made the edit (ISO 8601), so an older event never overwrites a newer value. */
    timestamp: z.iso.datetime({ offset: true }),
  })
  .refine((e) => e.rows.reduce((n, r) => n + r.values.length, 0) <= MAX_EDIT_CELLS, {
    message: `Modification trop grande : au plus ${MAX_EDIT_CELLS} cellules par envoi.`,
  });

/** A validated edit event. */
export type SheetEditEvent = z.output<typeof sheetEditEventSchema>;
