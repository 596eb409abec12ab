/**
 * The bodies of the SQLite store's write and archive transactions: applying a change set, the
 * whole export, the restore. The store runs each inside one transaction.
 */
import type Database from 'better-sqlite3';
import {
  entryDocumentName,
  entryOfDocumentName,
  orderStoreExport,
  type ApplyOutcome,
  type StoreExport,
} from '../../shared/ports/record-store';
import type { ChangeSet } from '../../shared/domain/change-set';
import {
  auditRow,
  corrupt,
  isKind,
  quarantineRow,
  recordRow,
  toAuditEntry,
  toOwner,
  toQuarantineEntry,
  toRecord,
} from './sqlite-rows';
import type { Statements } from './sqlite-statements';

/** Applies a change set whole or not at all; run inside one immediate transaction. */
export function applyChangeSet(s: Statements, changeSet: ChangeSet): ApplyOutcome {
  if (changeSet.eventId !== null && s.eventExists.get(changeSet.eventId) !== undefined) {
    return { status: 'duplicate-event' };
  }
  // Every version is checked before anything is written, so a conflict leaves nothing behind.
  for (const put of changeSet.puts) {
    const stored = s.recordVersion.get(put.record.id)?.version ?? 0;
    if (stored !== put.expectedVersion) return { status: 'conflict', recordId: put.record.id };
  }
  const claims = changeSet.claims ?? [];
  for (const claim of claims) {
    const next = s.nextOfCounter.get(claim.owner, claim.kind)?.next ?? 1;
    if (next !== claim.first) return { status: 'conflict', recordId: claim.ids[0] ?? '' };
  }
  for (const claim of claims)
    s.setCounter.run(claim.owner, claim.kind, claim.first + claim.ids.length);
  let writes = 0;
  for (const { record, expectedVersion } of changeSet.puts)
    writes += s.upsertRecord.run(recordRow(record, expectedVersion + 1)).changes;
  for (const entry of changeSet.audit) writes += s.insertAudit.run(auditRow(entry)).changes;
  for (const entry of changeSet.quarantine)
    writes += s.insertQuarantine.run(quarantineRow(entry)).changes;
  if (changeSet.eventId !== null) {
    writes += s.insertEvent.run(changeSet.eventId, changeSet.owner, changeSet.at).changes;
  }
  return { status: 'applied', writes };
}

/** Everything the store holds, in the export's order; run inside one read transaction. */
export function exportStore(s: Statements): StoreExport {
  return orderStoreExport({
    records: s.allRecords.all().map(toRecord),
    audit: s.allAudit.all().map(toAuditEntry),
    quarantine: s.allQuarantine.all().map(toQuarantineEntry),
    counters: s.allCounters.all().map((row) => {
      if (!isKind(row.kind)) throw corrupt(`counter kind ${JSON.stringify(row.kind)}`);
      return { owner: toOwner(row.owner), kind: row.kind, next: row.next };
    }),
    events: s.allEvents.all().map((row) => ({
      eventId: row.event_id,
      owner: toOwner(row.owner),
      at: row.at,
    })),
    documents: [
      ...s.allDocuments.all(),
      ...s.allEntries
        .all()
        .map((row) => ({ ...row, name: entryDocumentName(row.family, row.key) })),
    ].map((row) => ({
      owner: row.owner === 'system' ? 'system' : toOwner(row.owner),
      name: row.name,
      value: JSON.parse(row.json) as unknown,
    })),
  });
}

/** Clears every table, then writes the export; run inside one immediate transaction. */
export function importStore(db: Database.Database, s: Statements, data: StoreExport): void {
  const tables = ['records', 'audit', 'quarantine', 'counters', 'events', 'documents', 'entries'];
  for (const table of tables) {
    db.prepare(`DELETE FROM ${table}`).run();
  }
  for (const record of data.records) s.upsertRecord.run(recordRow(record, record.version));
  for (const entry of data.audit) s.insertAudit.run(auditRow(entry));
  for (const entry of data.quarantine) s.insertQuarantine.run(quarantineRow(entry));
  for (const counter of data.counters)
    s.insertCounter.run(counter.owner, counter.kind, counter.next);
  for (const event of data.events) s.insertEvent.run(event.eventId, event.owner, event.at);
  for (const document of data.documents) {
    const json = JSON.stringify(document.value ?? null);
    const entry = entryOfDocumentName(document.name);
    if (entry === null) s.insertDocument.run(document.owner, document.name, json);
    else s.putEntry.run(document.owner, entry.family, entry.key, json);
  }
}
