import { makeJobRun } from '../../../../shared/domain/job-runs';
import type { AlertState } from '../../../../shared/domain/alert-lifecycle';
import { readJobRuns, saveJobRun } from '../../../../shared/use-cases/record-job-run';
import {
  ALERT_STATES_DOCUMENT,
  ALERT_STATES_FAMILY,
  runOperatorAlerts,
} from '../../../../shared/use-cases/run-alerts';
import {
  entryChanges,
  keyedEntries,
  migrateLegacyAggregate,
  objectEntries,
  readEntriesWithLegacy,
} from '../../../../shared/use-cases/store-entries';
import { anAlert } from '../../../support/builders/alert-fixtures';
import { InMemoryRecordStore } from '../../../support/fakes/in-memory-record-store';
import { InMemoryWorkbookGateway } from '../../../support/fakes/in-memory-workbook-gateway';
import { RecordingMailer } from '../../../support/fakes/recording-mailer';

const LEGACY_LOG = { document: 'mail-log', entriesOf: objectEntries };
const SENT = { status: 'sent', attempts: 1, at: '2025-02-20T07:00:00.000Z' };
const FAILED = { status: 'failed', attempts: 2, at: '2025-02-21T07:00:00.000Z' };

describe('entries read from, then moved out of, a legacy aggregate document', () => {
  it.each([
    [
      'an object by key',
      objectEntries,
      { a: 1, b: 2 },
      [
        ['a', 1],
        ['b', 2],
      ],
    ],
    [
      'an array of objects by their key field',
      keyedEntries,
      [{ key: 'K1', n: 1 }, { n: 2 }, { key: 'K3' }],
      [
        ['K1', { key: 'K1', n: 1 }],
        ['K3', { key: 'K3' }],
      ],
    ],
    ['nothing (never written)', objectEntries, null, []],
    ['an array read as an object', objectEntries, [1, 2], []],
  ])('reads %s', (_name, entriesOf, value, expected) => {
    expect(entriesOf(value)).toEqual(expected);
  });

  it('completes the entries with the legacy document without writing, then moves it once', async () => {
    const store = new InMemoryRecordStore();
    await store.writeDocument('CBE-LM', 'mail-log', { 'digest-1': SENT, 'draft-2': SENT });
    await store.writeEntries('CBE-LM', 'mail-log', {
      put: new Map([['draft-2', FAILED]]),
      remove: [],
    });
    const read = await readEntriesWithLegacy(store, 'CBE-LM', 'mail-log', LEGACY_LOG);
    expect([...read]).toEqual([
      ['draft-2', FAILED],
      ['digest-1', SENT],
    ]);
    expect(
      await readEntriesWithLegacy(store, 'CBE-LM', 'mail-log', LEGACY_LOG, ['digest-1']),
    ).toEqual(new Map([['digest-1', SENT]]));
    expect(await store.readDocument('CBE-LM', 'mail-log')).not.toBeNull();

    await migrateLegacyAggregate(store, 'CBE-LM', 'mail-log', LEGACY_LOG);
    await migrateLegacyAggregate(store, 'CBE-LM', 'mail-log', LEGACY_LOG);
    expect(await store.readDocument('CBE-LM', 'mail-log')).toBeNull();
    // The entry written since the old document stays; the other one moved.
    expect(await store.readEntries('CBE-LM', 'mail-log')).toEqual(
      new Map<string, unknown>([
        ['digest-1', SENT],
        ['draft-2', FAILED],
      ]),
    );
  });

  it('writes only what changed and removes what is gone', () => {
    const before = new Map<string, unknown>([
      ['same', { a: 1, b: [1, 2] }],
      ['changed', { a: 1 }],
      ['gone', { a: 1 }],
    ]);
    const after = new Map<string, unknown>([
      ['same', { b: [1, 2], a: 1, c: undefined }],
      ['changed', { a: 2 }],
      ['new', { a: 3 }],
    ]);
    expect(entryChanges(before, after)).toEqual({
      put: new Map([
        ['changed', { a: 2 }],
        ['new', { a: 3 }],
      ]),
      remove: ['gone'],
    });
  });

  it('keeps the alert states of the old single document: read, then saved one entry per alert', async () => {
    const store = new InMemoryRecordStore();
    const legacy: AlertState = {
      ...anAlert({ recordId: 'MIS-CBE-LM-0099' }),
      firstRaisedOn: '2025-02-10',
      lastSeenOn: '2025-02-20',
      followUp: { kind: 'vu' },
      revision: 1,
      digestedRevision: 1,
      resolvedOn: null,
    };
    await store.writeDocument('CBE-LM', ALERT_STATES_DOCUMENT, [legacy]);
    const result = await runOperatorAlerts(
      {
        store,
        gateway: new InMemoryWorkbookGateway(),
        mailer: new RecordingMailer(),
        clock: { now: () => new Date('2025-02-21T07:00:00Z') },
      },
      'CBE-LM',
      { recipients: { operators: {}, c2ra: [] }, at: '2025-02-21' },
    );
    if (!result.ok) throw new Error(result.error.message);
    // The mission no longer exists: the alert of the old document is resolved, not forgotten.
    expect(result.value.resolved).toBe(1);
    expect(await store.readDocument('CBE-LM', ALERT_STATES_DOCUMENT)).toBeNull();
    const entries = await store.readEntries('CBE-LM', ALERT_STATES_FAMILY);
    expect([...entries.keys()]).toEqual([legacy.key]);
    expect(entries.get(legacy.key)).toMatchObject({ resolvedOn: '2025-02-21' });
  });

  it('keeps the job runs of the old single document, and adds a run to its job only', async () => {
    const store = new InMemoryRecordStore();
    const old = makeJobRun(
      'dailyAlerts',
      new Date('2025-02-20T05:00:00Z'),
      new Date('2025-02-20T05:01:00Z'),
      {
        outcome: 'ok',
        counts: { workbooks: 7 },
      },
    );
    await store.writeDocument('system', 'job-runs', { dailyAlerts: [old] });
    expect(await readJobRuns(store)).toEqual({ dailyAlerts: [old] });
    const run = makeJobRun(
      'syncSpreadsheet',
      new Date('2025-02-21T05:00:00Z'),
      new Date('2025-02-21T05:02:00Z'),
      {
        outcome: 'ok',
        counts: { workbooks: 7 },
      },
    );
    await saveJobRun(store, run);
    expect(await readJobRuns(store)).toEqual({ dailyAlerts: [old], syncSpreadsheet: [run] });
    expect(await store.readDocument('system', 'job-runs')).toBeNull();
  });
});
