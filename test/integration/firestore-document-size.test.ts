/**
 * The document-size guard: no document the Firestore adapter stores for the 50× benchmark data
 * set (six operators and the register, their alert states, mail log and job runs after a daily
 * alert run) exceeds 256 KiB, a quarter of Firestore's 1 MiB limit. Sizes follow Google's
 * « Storage size calculations », checked here on Google's own worked example.
 */
import { C2RA, OPERATOR_CODES } from '../../shared/domain/operator';
import { entryOfDocumentName, type StoreExport } from '../../shared/ports/record-store';
import type { StoredRecord } from '../../shared/domain/stored-record';
import { runDailyAlerts } from '../../shared/use-cases/run-alerts';
import { recordJobRun, summarizeAlerts } from '../../shared/use-cases/record-job-run';
import {
  documentNameSize,
  firestoreDocumentSize,
} from '../../functions/adapters/firestore-document-size';
import {
  encodeAudit,
  encodeQuarantine,
  encodeRecord,
  firestoreDocId,
} from '../../functions/adapters/firestore-record-codec';
import {
  benchClock,
  benchData,
  operatorRecords,
  registerRecords,
} from '../../bench/lib/bench-data';
import { InMemoryRecordStore } from '../support/fakes/in-memory-record-store';
import { InMemoryWorkbookGateway } from '../support/fakes/in-memory-workbook-gateway';
import { RecordingMailer } from '../support/fakes/recording-mailer';

jest.setTimeout(300_000);

/** The guard: a quarter of Firestore's limit of 1 MiB per document. */
const MAX_DOCUMENT_BYTES = 256 * 1024;

/** A stored document: where it lives and what the adapter writes there. */
interface EncodedDocument {
  readonly path: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** Every document the Firestore adapter writes for an export (the restore writes exactly these). */
function documentsOf(data: StoreExport): EncodedDocument[] {
  const docs: EncodedDocument[] = [];
  for (const record of data.records) {
    docs.push({
      path: `owners/${record.owner}/records/${firestoreDocId(record.id)}`,
      data: encodeRecord(record),
    });
  }
  data.audit.forEach((entry, i) =>
    docs.push({
      path: `owners/${entry.owner}/audit/${'x'.repeat(20)}`,
      data: encodeAudit(entry, i + 1, 3650),
    }),
  );
  data.quarantine.forEach((entry, i) =>
    docs.push({
      path: `owners/${entry.owner}/quarantine/${firestoreDocId(entry.key)}`,
      data: encodeQuarantine(entry, i + 1),
    }),
  );
  for (const { owner, name, value } of data.documents) {
    const json = JSON.stringify(value ?? null);
    const entry = entryOfDocumentName(name);
    docs.push(
      entry === null
        ? { path: `owners/${owner}/documents/${firestoreDocId(name)}`, data: { owner, name, json } }
        : {
            path: `owners/${owner}/entries/${firestoreDocId(`${entry.family}:${entry.key}`)}`,
            data: { owner, ...entry, json },
          },
    );
  }
  return docs;
}

describe('Firestore document sizes', () => {
  it("follow Google's worked example: users/jeff/tasks/my_task_id is 147 bytes", () => {
    expect(documentNameSize('users/jeff/tasks/my_task_id')).toBe(44);
    expect(
      firestoreDocumentSize('users/jeff/tasks/my_task_id', {
        type: 'Personal',
        done: false,
        priority: 1,
        description: 'Learn Cloud Firestore',
      }),
    ).toBe(147);
  });

  it.each<[string, unknown, number]>([
    ['a string: UTF-8 bytes + 1', 'Élodie', 8],
    ['null', null, 1],
    ['a boolean', true, 1],
    ['a number', 1500.5, 8],
    ['an array: the sum of its values', ['ab', 'c'], 5],
    ['a map: names and values', { a: 'b' }, 4],
  ])('counts %s', (_name, value, bytes) => {
    expect(firestoreDocumentSize('c/d', { v: value }) - firestoreDocumentSize('c/d', {})).toBe(
      2 + bytes,
    );
  });

  it('no document of the 50× benchmark data set, alerts run, exceeds 256 KiB', async () => {
    const data = benchData(50);
    const store = new InMemoryRecordStore();
    const records: StoredRecord[] = [
      ...registerRecords(data),
      ...OPERATOR_CODES.flatMap((code) => operatorRecords(code, data.operators[code])),
    ];
    for (const record of records) store.records.set(record.id, record);
    const ports = {
      store,
      gateway: new InMemoryWorkbookGateway(),
      mailer: new RecordingMailer(),
      clock: benchClock,
    };
    const recipients = {
      operators: Object.fromEntries(
        OPERATOR_CODES.map((code) => [
          code,
          { 'chargé de mission': [`equipe@${code.toLowerCase()}.fr`], finance: ['finance@dla.fr'] },
        ]),
      ),
      c2ra: ['c2ra@dla-npdc.fr'],
    };
    const alerts = await recordJobRun(
      ports,
      'dailyAlerts',
      () => runDailyAlerts(ports, { recipients }),
      summarizeAlerts,
    );
    if (!alerts.ok) throw new Error(alerts.error.message);
    const states = alerts.value.reduce((n, r) => n + r.states.length, 0);

    const docs = documentsOf(await store.exportAll());
    const sized = docs.map((d) => ({ path: d.path, bytes: firestoreDocumentSize(d.path, d.data) }));
    const largest = sized.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    console.log(
      `[document-size] 50×: ${records.length} records, ${states} alert states, ${docs.length} documents; ` +
        `largest ${largest.path} ${largest.bytes} bytes`,
    );
    expect(states).toBeGreaterThan(1_000);
    expect(sized.filter((d) => d.bytes > MAX_DOCUMENT_BYTES)).toStrictEqual([]);

    // What one entry per alert changes: the old single document of the busiest operator's
    // states grew with its missions (about 2 MB at 10,000 missions); the largest document now
    // is a record.
    const busiest = alerts.value
      .filter((r) => r.owner !== C2RA)
      .reduce((a, b) => (b.states.length > a.states.length ? b : a));
    const aggregate = firestoreDocumentSize(`owners/${busiest.owner}/documents/alert-states`, {
      owner: busiest.owner,
      name: 'alert-states',
      json: JSON.stringify(busiest.states),
    });
    console.log(
      `[document-size] the old single document of ${busiest.owner}'s ${busiest.states.length} alert states: ${aggregate} bytes`,
    );
    expect(largest.bytes * 10).toBeLessThan(aggregate);
  });
});
