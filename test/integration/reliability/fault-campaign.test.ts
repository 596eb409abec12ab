/**
 * Fault campaign: a recorded sequence of several thousand edit events — several editors on
 * three operators' « Structures » tabs and the C2RA's « Registre », rows created then updated,
 * some values invalid — delivered with duplicates (the same event replayed) and reordering
 * (older edits arriving late), through `applySheetEdit`, against a SQLite store that fails 10 %
 * of its writes: before writing (store unavailable), after writing (a timeout: the write landed
 * but the caller sees an error) and in the middle of the batch (rolled back by SQLite). The
 * driver retries each event until it is accepted or refused, as the Apps Script and the
 * reconcile safety net do.
 *
 * Afterwards: the store equals the result of applying every accepted edit once (computed here,
 * independently: for each row and field, the newest valid value typed), every refused value is
 * in the quarantine, the audit log replayed from nothing gives the stored data, no row lost,
 * no record created twice for a row. A second part runs reconciles through the Google Sheets
 * gateway against the test Sheets API server while it answers 429 (Retry-After) and 503.
 *
 * The figures are printed in the test output.
 */
import { SqliteRecordStore } from '../../../functions/adapters/sqlite-record-store';
import { mulberry32 } from '../../../scripts/demo/demo-data';
import { parseCell } from '../../../shared/domain/field-spec';
import { C2RA, type WorkbookOwner } from '../../../shared/domain/operator';
import { completeData, rawText } from '../../../shared/domain/sync/plan-sync';
import { sameJson } from '../../../shared/domain/sync/content-hash';
import { RECORD_TABS } from '../../../shared/domain/workbook-model';
import type { FieldJson } from '../../../shared/domain/stored-record';
import { applySheetEdit } from '../../../shared/use-cases/apply-sheet-edit';
import type { SheetEditEvent } from '../../../shared/use-cases/sheet-edit-event';
import { syncWorkbook } from '../../../shared/use-cases/sync-workbook';
import { headerOf } from '../../support/builders/workbook-rows';
import { InMemoryWorkbookGateway } from '../../support/fakes/in-memory-workbook-gateway';
import {
  Choice,
  EventCell,
  FIELDS,
  FaultyStore,
  InjectedFault,
  Typing,
  WORKBOOKS,
  eventCell,
  labelOf,
  recordSequence,
  replayAudit,
  retryUntilDone,
} from '../../support/fault-campaign-fixture';

describe('fault campaign: thousands of edit events, duplicated, reordered, against a failing store', () => {
  it('types values whose fate the field parsers agree with (the expected state relies on it)', () => {
    for (const kind of ['beneficiary', 'provider'] as const) {
      for (const [key, choices] of Object.entries(FIELDS[kind])) {
        const spec = RECORD_TABS[kind].fields[key];
        if (spec === undefined) throw new Error(`no field ${kind}.${key}`);
        for (const choice of choices) {
          const parsed = parseCell(spec, choice.raw);
          expect([key, choice.raw, parsed.ok ? parsed.value : 'refusé']).toEqual([
            key,
            choice.raw,
            choice.stored === undefined ? 'refusé' : choice.stored,
          ]);
        }
      }
    }
  });

  it('loses nothing and duplicates nothing', async () => {
    const typings = recordSequence(20_070_601, 60, 3_600);
    const random = mulberry32(424_242);
    const store = new FaultyStore(new SqliteRecordStore(':memory:'), random, {
      'before-write': 0.04,
      'after-write': 0.03,
      'mid-batch': 0.03,
    });
    const sheet = new InMemoryWorkbookGateway();
    for (const { owner, kind } of WORKBOOKS) {
      // The C2RA's columns are in another order: columns are matched by label, never position.
      const header = headerOf(kind);
      sheet.setTab(
        owner,
        RECORD_TABS[kind].tab,
        owner === C2RA ? [header[0] ?? 'ID', ...header.slice(1).reverse()] : header,
      );
    }
    let now = Date.parse('2025-06-02T07:00:00.000Z');
    const clock = { now: () => new Date(now) };
    const ports = { store, clock };

    const figures = {
      typed: typings.length,
      creates: typings.filter((t) => t.isCreate).length,
      updates: typings.filter((t) => !t.isCreate).length,
      deliveries: 0,
      duplicatesDelivered: 0,
      duplicateAnswers: 0,
      reordered: 0,
      retries: 0,
      staleIgnored: 0,
      refusedValues: 0,
      lostAnswers: 0,
      safetyNetReconciles: 0,
      refusedEvents: 0,
    };

    /** The events as sent (built when typed: the row as the sheet showed it then). */
    const sent = new Map<number, SheetEditEvent>();
    const deliveries = new Map<number, { seq: number; replay: boolean }[]>();
    for (const t of typings) {
      deliveries.set(t.deliverAt, [
        ...(deliveries.get(t.deliverAt) ?? []),
        { seq: t.seq, replay: false },
      ]);
      if (t.replayAt !== null)
        deliveries.set(t.replayAt, [
          ...(deliveries.get(t.replayAt) ?? []),
          { seq: t.seq, replay: true },
        ]);
    }
    const lastDelivered = new Map<WorkbookOwner, number>();

    const reconcile = async (owner: WorkbookOwner) => {
      figures.safetyNetReconciles += 1;
      await retryUntilDone(
        async () => {
          const result = await syncWorkbook(
            { store, clock, gateway: sheet },
            owner,
            'réconciliation planifiée',
          );
          if (!result.ok) throw new Error(result.error.message);
          figures.staleIgnored += result.value.stale;
        },
        () => (figures.retries += 1),
      );
    };

    const deliver = async (typing: Typing, replay: boolean) => {
      const event = sent.get(typing.seq);
      if (event === undefined) throw new Error(`event ${typing.seq} delivered before it was typed`);
      figures.deliveries += 1;
      if (replay) figures.duplicatesDelivered += 1;
      const owner = typing.workbook.owner;
      if ((lastDelivered.get(owner) ?? -1) > typing.seq) figures.reordered += 1;
      lastDelivered.set(owner, Math.max(lastDelivered.get(owner) ?? -1, typing.seq));
      let failed = false;
      const result = await retryUntilDone(
        () => applySheetEdit(ports, owner, event),
        () => {
          failed = true;
          figures.retries += 1;
        },
      );
      if (!result.ok) {
        figures.refusedEvents += 1;
        return;
      }
      if (result.value.duplicate) {
        figures.duplicateAnswers += 1;
        // The first attempt landed but its answer was lost (a timeout): the new row's ID never
        // reached the sheet. The Apps Script leaves a note; the reconcile safety net takes it up.
        if (failed && !replay && typing.isCreate) {
          figures.lostAnswers += 1;
          await reconcile(owner);
        }
        return;
      }
      figures.staleIgnored += result.value.report?.stale ?? 0;
      await sheet.write(owner, { cells: result.value.cells, tabs: [] });
    };

    for (let slot = 0; slot < typings.length + 250; slot += 1) {
      const typing = typings[slot];
      if (typing !== undefined) {
        now = Date.parse(typing.at);
        const { owner, kind } = typing.workbook;
        const tab = RECORD_TABS[kind].tab;
        for (const { key, choice } of typing.cells)
          sheet.type(owner, tab, typing.row, labelOf(kind, key), choice.raw);
        const grid = sheet.tab(owner, tab);
        const header = (grid[0] ?? []).map((c) => eventCell(c.value));
        const idColumn = header.indexOf('ID');
        const line = grid[typing.row - 1] ?? [];
        sent.set(typing.seq, {
          eventId: `evt-${owner}-${String(typing.seq).padStart(6, '0')}`,
          spreadsheetId: `local-${owner}`,
          tab,
          editedColumns: typing.cells.map(({ key }) => header.indexOf(labelOf(kind, key))),
          header,
          rows: [
            {
              rowNumber: typing.row,
              values: header.map((_, i) => eventCell(line[i]?.value ?? null)),
              notes: header.map((_, i) => line[i]?.note ?? null),
            },
          ],
          otherRowIds: grid.slice(1).flatMap((cells, i) => {
            const id = cells[idColumn]?.value;
            return i + 2 !== typing.row && typeof id === 'string' && id !== ''
              ? [{ row: i + 2, id }]
              : [];
          }),
          user: typing.editor,
          timestamp: typing.at,
        });
        figures.refusedValues += typing.cells.filter((c) => c.choice.stored === undefined).length;
      }
      for (const { seq, replay } of deliveries.get(slot) ?? []) {
        const t = typings[seq];
        if (t !== undefined) await deliver(t, replay);
      }
    }

    // ---------------------------------------------------------------- what must hold now
    store.enabled = false;
    let lost = 0;
    let duplicated = 0;
    let missingFromQuarantine = 0;
    let auditMismatches = 0;
    let staleRefusalNotes = 0;
    for (const { owner, kind } of WORKBOOKS) {
      const tab = RECORD_TABS[kind].tab;
      const mine = typings.filter((t) => t.workbook.owner === owner);
      const rows = [...new Set(mine.map((t) => t.row))];
      const state = await store.loadOwner(owner);
      const byId = new Map(state.records.map((r) => [r.id, r]));
      const quarantine = await store.listQuarantine(owner);
      const ids = sheet.column(owner, tab, 'ID');
      // One record per row, each row holding its own ID, and no other record.
      const held = new Set<string>();
      for (const row of rows) {
        const id = ids[row - 2];
        if (typeof id !== 'string' || !byId.has(id) || held.has(id)) {
          lost += 1;
          continue;
        }
        held.add(id);
      }
      // A record no row holds was created a second time for some row (or is an orphan).
      duplicated += state.records.filter((r) => !held.has(r.id)).length;

      for (const row of rows) {
        const id = ids[row - 2];
        const record = typeof id === 'string' ? byId.get(id) : undefined;
        if (record === undefined) continue;
        const typed = mine.filter((t) => t.row === row);
        const expected = completeData(kind, {});
        const newest = new Map<string, Choice>();
        for (const t of [...typed].sort((a, b) => a.at.localeCompare(b.at))) {
          for (const { key, choice } of t.cells) {
            newest.set(key, choice);
            if (choice.stored !== undefined)
              (expected as Record<string, FieldJson>)[key] = choice.stored;
          }
        }
        for (const key of Object.keys(expected)) {
          if (!sameJson(record.data[key] ?? null, expected[key] ?? null)) lost += 1;
        }
        if (record.archived) lost += 1;
        // Notes: a refusal still shown although the newest value typed is valid (an older invalid
        // edit came late), or not shown although the newest value typed is refused (an older valid
        // edit came late). The values are right either way; the next reconcile redraws the notes.
        for (const [key, choice] of newest) {
          const shown = record.rejected[key] !== undefined;
          if (shown !== (choice.stored === undefined)) staleRefusalNotes += 1;
        }
        // Every refused value is kept in the quarantine, with its raw text.
        for (const t of typed) {
          for (const { key, choice } of t.cells) {
            if (choice.stored !== undefined) continue;
            const label = labelOf(kind, key);
            const kept = quarantine.some(
              (q) =>
                q.column === label &&
                q.raw === rawText(choice.raw) &&
                (q.recordId === record.id || (q.recordId === null && q.row === row)),
            );
            if (!kept) missingFromQuarantine += 1;
          }
        }
      }

      // The audit log, replayed from nothing, gives exactly the stored records.
      const { replayed, chainBreaks } = replayAudit(await store.listAudit(owner));
      auditMismatches += chainBreaks;
      for (const record of state.records) {
        const replay = replayed.get(record.id);
        if (
          replay === undefined ||
          replay.archived !== record.archived ||
          !sameJson(completeData(kind, replay.data), completeData(kind, record.data))
        )
          auditMismatches += 1;
      }
      if (replayed.size !== state.records.length) auditMismatches += 1;
    }

    // The scheduled reconcile afterwards finds nothing to do: the sheets and the store agree.
    const finalReports = [];
    for (const { owner } of WORKBOOKS) {
      const report = await syncWorkbook(
        { store, clock, gateway: sheet },
        owner,
        'réconciliation finale',
      );
      if (!report.ok) throw new Error(report.error.message);
      finalReports.push(report.value);
    }

    let notesAfterReconcile = 0;
    for (const { owner, kind } of WORKBOOKS) {
      const ids = sheet.column(owner, RECORD_TABS[kind].tab, 'ID');
      const byId = new Map((await store.loadOwner(owner)).records.map((r) => [r.id, r]));
      const mine = typings.filter((t) => t.workbook.owner === owner);
      for (const row of new Set(mine.map((t) => t.row))) {
        const record = byId.get(String(ids[row - 2]));
        const newest = new Map<string, Choice>();
        for (const t of mine.filter((x) => x.row === row))
          for (const { key, choice } of t.cells) newest.set(key, choice);
        for (const [key, choice] of newest) {
          if ((record?.rejected[key] !== undefined) !== (choice.stored === undefined))
            notesAfterReconcile += 1;
        }
      }
    }

    console.log(
      [
        '[fault campaign] edit events through applySheetEdit, SQLite store failing 10 % of its writes',
        `  events typed: ${figures.typed} (${figures.creates} rows created, ${figures.updates} updates) by ${WORKBOOKS.reduce((n, w) => n + w.editors.length, 0)} editors on ${WORKBOOKS.length} workbooks`,
        `  deliveries: ${figures.deliveries}, of which duplicates (same event replayed): ${figures.duplicatesDelivered}, reordered (an older edit arriving after a newer one): ${figures.reordered}`,
        `  store faults injected: ${store.injected['before-write']} before the write, ${store.injected['after-write']} after the write (timeout), ${store.injected['mid-batch']} mid-batch (rolled back) — ${store.applyCalls} apply calls`,
        `  retries: ${figures.retries}; answers « already applied »: ${figures.duplicateAnswers}; lost answers of a new row taken up by the reconcile safety net: ${figures.lostAnswers}`,
        `  older edits ignored (a newer value was stored): ${figures.staleIgnored}; refused values typed: ${figures.refusedValues}, missing from the quarantine: ${missingFromQuarantine}`,
        `  audit replay mismatches: ${auditMismatches}; refusal notes out of date after a late edit: ${staleRefusalNotes} (redrawn by the reconcile: ${notesAfterReconcile} left)`,
        `  final reconcile: ${finalReports.map((r) => `${r.operator} ${r.created} créé, ${r.updated} modifié, ${r.archived} archivé`).join(' ; ')}`,
        `  lost: ${lost}, duplicated: ${duplicated}`,
      ].join('\n'),
    );

    expect(
      store.injected['before-write'] + store.injected['after-write'] + store.injected['mid-batch'],
    ).toBeGreaterThan(300);
    expect(figures.duplicatesDelivered).toBeGreaterThan(100);
    expect(figures.reordered).toBeGreaterThan(100);
    expect(figures.refusedEvents).toBe(0);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(missingFromQuarantine).toBe(0);
    expect(auditMismatches).toBe(0);
    for (const report of finalReports) {
      expect(report).toMatchObject({ created: 0, updated: 0, archived: 0, restored: 0 });
    }
    expect(notesAfterReconcile).toBe(0);
    await store.close();
  }, 120_000);
});

describe('a lost answer, then another edit of the same new row before any reconcile', () => {
  it('the second edit finds the record whose ID never reached the row: one record, with both values', async () => {
    // The first apply lands but its caller sees a timeout; every later apply goes through.
    let calls = 0;
    const inner = new SqliteRecordStore(':memory:');
    const store = new FaultyStore(inner, () => (calls++ === 0 ? 0.5 : 1), {
      'before-write': 0,
      'after-write': 1,
      'mid-batch': 0,
    });
    const clock = { now: () => new Date('2025-06-02T08:00:00.000Z') };
    const header = headerOf('beneficiary');
    const event = (eventId: string, values: Record<string, EventCell>, column: string) => ({
      eventId,
      spreadsheetId: 'local-CBE-LM',
      tab: 'Structures',
      editedColumns: [header.indexOf(column)],
      header,
      rows: [{ rowNumber: 2, values: header.map((label) => values[label] ?? null) }],
      otherRowIds: [],
      user: 'claire.martin@cbe-lille.fr',
      timestamp: '2025-06-02T07:59:00.000Z',
    });
    const first = event(
      'evt-gap-000001',
      { 'Nom de la structure': 'Jardins de Cocagne' },
      'Nom de la structure',
    );
    await expect(applySheetEdit({ store, clock }, 'CBE-LM', first)).rejects.toThrow(InjectedFault);
    // The Apps Script does not retry: the row keeps no ID, and the person goes on typing.
    const second = event(
      'evt-gap-000002',
      { 'Nom de la structure': 'Jardins de Cocagne', Commune: 'Lille' },
      'Commune',
    );
    const answer = await applySheetEdit({ store, clock }, 'CBE-LM', second);
    expect(answer.ok).toBe(true);
    const records = (await store.loadOwner('CBE-LM')).records;
    await store.close();
    expect(records).toHaveLength(1);
    expect(records[0]?.data).toMatchObject({ name: 'Jardins de Cocagne', town: 'Lille' });
    // The answer gives the row its ID at last.
    if (!answer.ok) return;
    expect(answer.value.cells).toContainEqual(
      expect.objectContaining({ row: 2, column: 'ID', value: records[0]?.id }),
    );
  });
});
