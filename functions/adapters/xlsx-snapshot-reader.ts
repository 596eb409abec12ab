import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import JSZip from 'jszip';
import { isBlank } from '../../shared/domain/values/cell-value';
import type { CellValue } from '../../shared/domain/values/cell-value';
import type {
  MergedRange,
  SnapshotCell,
  SnapshotRow,
  TabSnapshot,
} from '../../shared/domain/workbook-snapshot';
import { plainText } from './xlsx-workbook-builder';

/*
 * The snapshot of an .xlsx workbook read part by part, each worksheet as a stream of XML events,
 * without building exceljs's workbook (about 700 MB at 50,000 rows). It must give exactly what
 * `workbook.xlsx.load` then the gateway's reading of each worksheet give: the parsing of a cell,
 * the shared strings, the styles (a number in a date format is a date), the notes and the
 * document properties are exceljs's own (its xforms, pinned exceljs 4.4); what exceljs does
 * after parsing (shared formulas, hyperlinks, merges, which cells a row keeps) is mirrored here,
 * and a test compares both readings on every kind of workbook.
 */

/** A sax event as exceljs's `parse-sax` yields it. */
interface SaxNode {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string | undefined>>;
}
type SaxEvent =
  | { readonly eventType: 'opentag'; readonly value: SaxNode }
  | { readonly eventType: 'text'; readonly value: string }
  | { readonly eventType: 'closetag'; readonly value: SaxNode };

/** The model exceljs's cell xform gives of one `<c>` (after its `reconcile`). */
interface CellModel {
  address?: string;
  type: number;
  value?: unknown;
  result?: unknown;
  formula?: string;
  sharedFormula?: string;
  shareType?: string;
  ref?: string;
  comment?: { readonly note?: { readonly texts?: readonly unknown[] } };
}
interface CellXform {
  model: CellModel;
  parseOpen(node: SaxNode): boolean;
  parseText(text: string): void;
  parseClose(name: string): boolean;
  reconcile(model: CellModel, options: object): void;
}
interface StreamXform<T> {
  parseStream(stream: AsyncIterable<string>): Promise<T>;
}
interface Relationship {
  readonly Id: string;
  readonly Type: string;
  readonly Target: string;
}
interface SheetDef {
  readonly name: string;
  readonly id: number;
  readonly rId: string;
}
interface RangeLike {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
  intersects(other: RangeLike): boolean;
}

const fromExceljs = createRequire(createRequire(__filename).resolve('exceljs'));
type XformClass<T> = new () => T;
const CellXformClass = fromExceljs('./lib/xlsx/xform/sheet/cell-xform') as XformClass<CellXform>;
const WorkbookXform = fromExceljs('./lib/xlsx/xform/book/workbook-xform') as XformClass<
  StreamXform<{ sheets?: SheetDef[]; properties?: { date1904?: boolean } }>
>;
const RelationshipsXform = fromExceljs('./lib/xlsx/xform/core/relationships-xform') as XformClass<
  StreamXform<Relationship[] | undefined>
>;
const SharedStringsXform = fromExceljs(
  './lib/xlsx/xform/strings/shared-strings-xform',
) as XformClass<StreamXform<unknown>>;
const StylesXform = fromExceljs('./lib/xlsx/xform/style/styles-xform') as XformClass<
  StreamXform<unknown>
>;
const CommentsXform = fromExceljs('./lib/xlsx/xform/comment/comments-xform') as XformClass<
  StreamXform<{ comments?: (NonNullable<CellModel['comment']> & { ref?: string })[] }>
>;
const CoreXform = fromExceljs('./lib/xlsx/xform/core/core-xform') as XformClass<
  StreamXform<{ keywords?: unknown }>
>;
const parseSax = fromExceljs('./lib/utils/parse-sax') as (
  chunks: AsyncIterable<string>,
) => AsyncIterable<SaxEvent[]>;
const { slideFormula } = fromExceljs('./lib/utils/shared-formula') as {
  slideFormula(formula: string, from: string, to: string): string;
};
const colCache = fromExceljs('./lib/utils/col-cache') as {
  decodeAddress(address: string): { row: number; col: number };
  encodeAddress(row: number, col: number): string;
};
const Range = fromExceljs('./lib/doc/range') as new (ref: string) => RangeLike;
const { ValueType } = fromExceljs('./lib/doc/enums') as {
  ValueType: Readonly<Record<string, number>>;
};
const COMMENTS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments';

/** What the workbook reader gives: the tabs in their order, and the document's keywords. */
export interface StreamedWorkbook {
  readonly tabs: TabSnapshot[];
  readonly keywords: unknown;
}

/** The decoded text of a zip part, chunk by chunk (a character split between chunks is kept whole). */
async function* textOf(file: JSZip.JSZipObject): AsyncIterable<string> {
  const decoder = new StringDecoder('utf8');
  const pass = new PassThrough();
  file
    .nodeStream('nodebuffer')
    .on('error', (e) => pass.destroy(e))
    .pipe(pass);
  for await (const chunk of pass) {
    const text = decoder.write(chunk as Buffer);
    if (text !== '') yield text;
  }
  const rest = decoder.end();
  if (rest !== '') yield rest;
}

/** The parts of the zip by name, a leading `/` dropped as exceljs does. */
function partsOf(zip: JSZip): Map<string, JSZip.JSZipObject> {
  const parts = new Map<string, JSZip.JSZipObject>();
  for (const entry of Object.values(zip.files)) {
    if (!entry.dir) parts.set(entry.name.startsWith('/') ? entry.name.slice(1) : entry.name, entry);
  }
  return parts;
}

async function parsePart<T>(
  xform: StreamXform<T>,
  part: JSZip.JSZipObject | undefined,
): Promise<T | undefined> {
  return part === undefined ? undefined : xform.parseStream(textOf(part));
}

/** The workbook-wide parts a worksheet's cells are read with. */
interface BookContext {
  readonly styles: unknown;
  readonly sharedStrings: unknown;
  readonly date1904: boolean | undefined;
}

/**
 * Reads the snapshot of every worksheet of an .xlsx file's bytes, one worksheet at a time, and
 * its document keywords (the owner mark). Throws, like exceljs, on a file it cannot read.
 */
export async function readWorkbookStreamed(bytes: Uint8Array): Promise<StreamedWorkbook> {
  const zip = await JSZip.loadAsync(bytes);
  const parts = partsOf(zip);
  const book = await parsePart(new WorkbookXform(), parts.get('xl/workbook.xml'));
  const bookRels =
    (await parsePart(new RelationshipsXform(), parts.get('xl/_rels/workbook.xml.rels'))) ?? [];
  const core = await parsePart(new CoreXform(), parts.get('docProps/core.xml'));
  const sharedStringsXform = new SharedStringsXform();
  const stringsPart = parts.get('xl/sharedStrings.xml');
  if (stringsPart !== undefined) await sharedStringsXform.parseStream(textOf(stringsPart));
  const stylesXform = new StylesXform();
  const stylesPart = parts.get('xl/styles.xml');
  if (stylesPart !== undefined) await stylesXform.parseStream(textOf(stylesPart));
  const context: BookContext = {
    styles: stylesPart === undefined ? undefined : stylesXform,
    sharedStrings: stringsPart === undefined ? undefined : sharedStringsXform,
    date1904: book?.properties?.date1904,
  };
  const tabs: TabSnapshot[] = [];
  for (const sheet of sheetsInOrder(book?.sheets ?? [], bookRels, parts)) {
    tabs.push(await readSheet(sheet.name, sheet.path, parts, context));
  }
  return { tabs, keywords: core?.keywords };
}

/**
 * The worksheets as exceljs lists them: the `<sheets>` of workbook.xml whose relationship points
 * at a `xl/worksheets/sheetN.xml` part (chart sheets are left out), by sheet id (a later
 * duplicate id replaces an earlier one), ordered by the first position of their id.
 */
function sheetsInOrder(
  sheets: readonly SheetDef[],
  rels: readonly Relationship[],
  parts: ReadonlyMap<string, JSZip.JSZipObject>,
): { name: string; path: string }[] {
  const relById = new Map(rels.map((rel) => [rel.Id, rel]));
  const byId = new Map<number, { name: string; path: string; order: number }>();
  for (const sheet of sheets) {
    const rel = relById.get(sheet.rId);
    if (rel === undefined) continue;
    const path = `xl/${rel.Target.replace(/^(\s|\/xl\/)+/, '')}`;
    if (!/xl\/worksheets\/sheet(\d+)[.]xml/.test(path) || !parts.has(path)) continue;
    if (!(sheet.id >= 1)) continue;
    const order = sheets.findIndex((s) => s.id === sheet.id);
    byId.set(sheet.id, { name: sheet.name, path, order });
  }
  return [...byId.values()].sort((a, b) => a.order - b.order);
}

/** The notes of a worksheet by cell address, from the comments part its relationships name. */
async function commentsOf(
  sheetPath: string,
  parts: ReadonlyMap<string, JSZip.JSZipObject>,
): Promise<{ comments: Record<string, CellModel['comment']>; rels: Map<string, Relationship> }> {
  const sheetNo = /xl\/worksheets\/sheet(\d+)[.]xml/.exec(sheetPath)?.[1] ?? '';
  const relsPath = [...parts.keys()].find(
    (name) => /xl\/worksheets\/_rels\/sheet(\d+)[.]xml.rels/.exec(name)?.[1] === sheetNo,
  );
  const rels =
    (await parsePart(
      new RelationshipsXform(),
      relsPath === undefined ? undefined : parts.get(relsPath),
    )) ?? [];
  const comments: Record<string, CellModel['comment']> = {};
  for (const rel of rels) {
    if (rel.Type !== COMMENTS_REL) continue;
    const name = /^\.\.\/(comments\d+)[.]xml$/.exec(rel.Target)?.[1];
    const partName = [...parts.keys()].find((p) => /xl\/(comments\d+)[.]xml/.exec(p)?.[1] === name);
    if (name === undefined || partName === undefined)
      throw new Error(`Comments part ${rel.Target} not found`);
    const parsed = await parsePart(new CommentsXform(), parts.get(partName));
    for (const comment of parsed?.comments ?? []) {
      if (comment.ref) comments[comment.ref] = comment;
    }
  }
  return { comments, rels: new Map(rels.map((rel) => [rel.Id, rel])) };
}

/** A cell being read: its snapshot value and note, and what a hyperlink on it would show. */
interface ReadCell {
  value: CellValue;
  note?: string;
  /** The text a hyperlink over this cell shows, when it is not the value's own text. */
  linkText?: string;
}

/** One worksheet's rows as read, cells by column (index 0 = column A). */
type SheetRows = Map<number, (ReadCell | undefined)[]>;

/** The text of a note as the gateway reads it (exceljs's `Note` then `noteTextOf`). */
function noteOf(comment: CellModel['comment']): string | undefined {
  if (comment === undefined) return undefined;
  const text = plainText({ texts: comment.note?.texts ?? [] });
  return text === '' ? undefined : text;
}

/** A cell's value as `cellValueOf` gives it for the cell exceljs builds from `model`. */
function valueOf(model: CellModel, masters: ReadonlyMap<string, string>): CellValue {
  switch (model.type) {
    case ValueType.Formula: {
      if (model.formula) return `=${model.formula}`;
      const master =
        model.sharedFormula === undefined ? undefined : masters.get(model.sharedFormula);
      const slid =
        master === undefined || model.sharedFormula === undefined || model.address === undefined
          ? undefined
          : slideFormula(master, model.sharedFormula, model.address);
      return `=${String(slid)}`;
    }
    case ValueType.Error:
      return (model.value as { error: string }).error;
    case ValueType.String:
    case ValueType.Number:
    case ValueType.Boolean:
    case ValueType.Date:
      return model.value as CellValue;
    case ValueType.RichText:
      return plainText(model.value);
    default:
      return null;
  }
}

/** The parse state of one worksheet. */
class SheetReader {
  readonly rows: SheetRows = new Map();
  readonly merges: string[] = [];
  readonly hyperlinks: { address: string; rId: string }[] = [];
  /** Cells with neither value nor style: exceljs drops them, unless a hyperlink covers them. */
  readonly bare = new Map<string, { row: number; col: number; note: string | undefined }>();
  private readonly cellXform = new CellXformClass();
  private readonly formulae: Record<string, string> = {};
  private readonly masters = new Map<string, string>();
  private inSheetData = false;
  private row: (ReadCell | undefined)[] | null = null;
  private rowNumber = 0;
  private inCell = false;
  private previousCol: number | null = null;

  constructor(
    private readonly context: BookContext,
    private readonly comments: Record<string, CellModel['comment']>,
  ) {}

  open(node: SaxNode): void {
    if (this.inCell) {
      this.cellXform.parseOpen(node);
      return;
    }
    const { attributes } = node;
    if (node.name === 'sheetData') this.inSheetData = true;
    else if (node.name === 'row' && this.inSheetData) this.openRow(attributes.r);
    else if (node.name === 'c' && this.row !== null) {
      this.inCell = true;
      this.cellXform.parseOpen(node);
    } else if (node.name === 'mergeCell' && attributes.ref !== undefined)
      this.merges.push(attributes.ref);
    else if (node.name === 'hyperlink' && attributes.ref !== undefined && attributes['r:id'])
      this.hyperlinks.push({ address: attributes.ref, rId: attributes['r:id'] });
  }

  text(text: string): void {
    if (this.inCell) this.cellXform.parseText(text);
  }

  close(node: SaxNode): void {
    if (this.inCell) {
      // As exceljs's row parser: the cell ends at the first closing tag its parser does not take.
      if (!this.cellXform.parseClose(node.name)) {
        this.inCell = false;
        this.closeCell(this.cellXform.model);
      }
      return;
    }
    if (node.name === 'sheetData') this.inSheetData = false;
    else if (node.name === 'row') this.row = null;
  }

  private openRow(r: string | undefined): void {
    this.rowNumber = Number.parseInt(r ?? '', 10);
    this.previousCol = null;
    // exceljs keeps a row by its number: one without (or below 1) is lost, a repeated one replaces.
    if (!(this.rowNumber >= 1)) {
      this.row = [];
      return;
    }
    this.row = [];
    this.rows.set(this.rowNumber, this.row);
  }

  private closeCell(model: CellModel): void {
    const row = this.row;
    if (row === null) return;
    this.cellXform.reconcile(model, {
      styles: this.context.styles,
      sharedStrings: this.context.sharedStrings,
      date1904: this.context.date1904,
      formulae: this.formulae,
      hyperlinkMap: {},
      commentsMap: this.comments,
    });
    const note = noteOf(model.comment);
    let col: number;
    if (model.address) col = colCache.decodeAddress(model.address).col;
    else if (this.previousCol !== null) col = this.previousCol + 1;
    else return;
    if (model.type === ValueType.Merge) {
      if (model.address) this.bare.set(model.address, { row: this.rowNumber, col, note });
      return;
    }
    this.previousCol = col;
    if (
      model.type === ValueType.Formula &&
      model.shareType === 'shared' &&
      model.ref &&
      model.address
    )
      this.masters.set(model.address, model.formula ?? '');
    const value = valueOf(model, this.masters);
    const cell: ReadCell = note === undefined ? { value } : { value, note };
    if (model.type === ValueType.Formula) cell.linkText = plainText(model.result);
    else if (model.type === ValueType.Error || value === null) cell.linkText = '';
    row[col - 1] = cell;
  }
}

/** Reads one worksheet part into its snapshot. */
async function readSheet(
  name: string,
  sheetPath: string,
  parts: ReadonlyMap<string, JSZip.JSZipObject>,
  context: BookContext,
): Promise<TabSnapshot> {
  const { comments, rels } = await commentsOf(sheetPath, parts);
  const reader = new SheetReader(context, comments);
  const part = parts.get(sheetPath);
  if (part === undefined) throw new Error(`Worksheet part ${sheetPath} not found`);
  for await (const events of parseSax(textOf(part))) {
    for (const event of events) {
      if (event.eventType === 'opentag') reader.open(event.value);
      else if (event.eventType === 'text') reader.text(event.value);
      else reader.close(event.value);
    }
  }
  applyHyperlinks(reader, rels);
  const merges = applyMerges(reader.rows, reader.merges);
  return tabOf(name, reader.rows, merges);
}

function cellAt(rows: SheetRows, row: number, col: number): ReadCell {
  let cells = rows.get(row);
  if (cells === undefined) {
    cells = [];
    rows.set(row, cells);
  }
  let cell = cells[col - 1];
  if (cell === undefined) {
    cell = { value: null };
    cells[col - 1] = cell;
  }
  return cell;
}

/** A hyperlinked cell shows the text of its value (a formula, its result) as exceljs reads it. */
function applyHyperlinks(reader: SheetReader, rels: ReadonlyMap<string, Relationship>): void {
  for (const link of reader.hyperlinks) {
    if (rels.get(link.rId) === undefined) throw new Error(`Hyperlink ${link.rId} has no target`);
    const bare = reader.bare.get(link.address);
    if (bare !== undefined) {
      const cell = cellAt(reader.rows, bare.row, bare.col);
      cell.value = '';
      if (bare.note !== undefined) cell.note = bare.note;
      continue;
    }
    const { row, col } = colCache.decodeAddress(link.address);
    const cell = reader.rows.get(row)?.[col - 1];
    if (cell === undefined) continue;
    cell.value = cell.linkText ?? plainText(cell.value);
  }
}

/** Merged ranges: every cell but the first of a range is empty (its note kept), as exceljs reads it. */
function applyMerges(rows: SheetRows, refs: readonly string[]): MergedRange[] {
  const ranges: RangeLike[] = [];
  const byMaster = new Map<string, MergedRange>();
  for (const ref of refs) {
    const range = new Range(ref);
    if (ranges.some((r) => r.intersects(range)))
      throw new Error('Cannot merge already merged cells');
    ranges.push(range);
    cellAt(rows, range.top, range.left);
    for (let row = range.top; row <= range.bottom; row += 1) {
      for (let col = range.left; col <= range.right; col += 1) {
        if (row > range.top || col > range.left) cellAt(rows, row, col).value = null;
      }
    }
    byMaster.set(colCache.encodeAddress(range.top, range.left), {
      top: range.top,
      left: range.left,
      bottom: range.bottom,
      right: range.right,
    });
  }
  return [...byMaster.values()];
}

/** The header labels of row 1, as `headerLabels` gives them. */
function headerOf(cells: readonly (ReadCell | undefined)[] | undefined): string[] {
  const labels = Array.from(cells ?? [], (cell) => {
    const value = cell?.value ?? null;
    return value === null ? '' : value instanceof Date ? value.toISOString() : String(value);
  });
  while (labels.length > 0 && (labels[labels.length - 1] ?? '').trim() === '') labels.pop();
  return labels;
}

/**
 * One row's cells as the gateway keeps them: at least one per header column, trailing empty
 * cells beyond the header dropped; null for a row with no value at all.
 */
export function snapshotCells(
  cells: readonly (SnapshotCell | undefined)[],
  headerLength: number,
): SnapshotCell[] | null {
  const out: SnapshotCell[] = [];
  const width = Math.max(headerLength, cells.length);
  for (let col = 0; col < width; col += 1) {
    const cell = cells[col];
    out.push(
      cell === undefined
        ? { value: null }
        : cell.note === undefined
          ? { value: cell.value }
          : { value: cell.value, note: cell.note },
    );
  }
  while (out.length > headerLength) {
    const last = out[out.length - 1];
    if (last === undefined || !isBlank(last.value) || last.note !== undefined) break;
    out.pop();
  }
  return out.every((c) => isBlank(c.value)) ? null : out;
}

function tabOf(name: string, rows: SheetRows, merges: readonly MergedRange[]): TabSnapshot {
  const header = headerOf(rows.get(1));
  const snapshotRows: SnapshotRow[] = [];
  const numbers = [...rows.keys()].filter((n) => n >= 2).sort((a, b) => a - b);
  for (const rowNumber of numbers) {
    const cells = snapshotCells(rows.get(rowNumber) ?? [], header.length);
    rows.delete(rowNumber);
    if (cells !== null) snapshotRows.push({ rowNumber, cells });
  }
  return { name, header, rows: snapshotRows, ...(merges.length > 0 ? { merges } : {}) };
}
