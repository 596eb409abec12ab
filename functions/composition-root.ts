import { Firestore } from '@google-cloud/firestore';
import { Storage } from '@google-cloud/storage';
import { auth } from '@googleapis/sheets';
import type { ChartRenderer } from '../shared/ports/chart-renderer';
import type { Clock } from '../shared/ports/clock';
import type { ExportSink } from '../shared/ports/export-sink';
import { GoogleAuth } from 'google-auth-library';
import type { Mailer } from '../shared/ports/mailer';
import { delegatedGmail, type GmailDelegation } from './adapters/gmail-delegation';
import { GmailMailer } from './adapters/gmail-mailer';
import type { ProbedMailer } from './adapters/mail-failure-cause';
import { OutboxMailer } from './adapters/outbox-mailer';
import { SmtpMailer } from './adapters/smtp-mailer';
import type { RecordStore } from '../shared/ports/record-store';
import type { SpreadsheetGateway } from '../shared/ports/spreadsheet-gateway';
import { EchartsChartRenderer } from './adapters/echarts-chart-renderer';
import type { SyncLease } from '../shared/ports/sync-lease';
import path from 'node:path';
import { FileSyncLease } from './adapters/file-sync-lease';
import { FirestoreSyncLease } from './adapters/firestore-sync-lease';
import { QueuedSyncLease } from './adapters/queued-sync-lease';
import { FirestoreRecordStore } from './adapters/firestore-record-store';
import { GcsExportSink } from './adapters/gcs-export-sink';
import { createSheetsClient } from './adapters/google-sheets-client';
import { GoogleSheetsGateway } from './adapters/google-sheets-gateway';
import { SqliteRecordStore } from './adapters/sqlite-record-store';
import { XlsxWorkbookGateway } from './adapters/xlsx-workbook-gateway';
import { FileExportSink } from './adapters/file-export-sink';
import { loadConfig, type Config } from './config';

/** The adapters one function instance (or one `dla` command) works with. */
export interface AppContext {
  readonly config: Config;
  readonly store: RecordStore;
  readonly gateway: SpreadsheetGateway;
  readonly clock: Clock;
  readonly mailer: Mailer;
  /** Draws the dashboard's charts (images in .xlsx workbooks and in the weekly e-mail). */
  readonly renderer?: ChartRenderer;
  /** Who receives the weekly dashboard e-mail: the C2RA's addresses. */
  readonly dashboardRecipients?: readonly string[];
  /** One sync at a time per workbook: a lock file beside the SQLite store, or a Firestore lease. */
  readonly lease?: SyncLease;
  close(): Promise<void>;
}

/** The chart renderer of every context (one font, no state): ECharts + resvg. */
let sharedRenderer: ChartRenderer | undefined;

function chartRenderer(): ChartRenderer {
  sharedRenderer ??= new EchartsChartRenderer();
  return sharedRenderer;
}

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };

/** The store and the sync lease of one kind: a lock file beside the SQLite file, or Firestore's. */
function storeAndLease(config: Config): { store: RecordStore; lease: SyncLease } {
  if (config.store.kind === 'sqlite') {
    const lockFile = new FileSyncLease(path.dirname(path.resolve(config.store.path)));
    return {
      store: new SqliteRecordStore(config.store.path),
      lease: new QueuedSyncLease(lockFile, { yieldMs: 2 * lockFile.pollMs }),
    };
  }
  const db = new Firestore({ projectId: config.store.projectId, ignoreUndefinedProperties: true });
  const leaseDocument = new FirestoreSyncLease(db);
  return {
    store: new FirestoreRecordStore(db, { auditRetentionDays: config.store.auditRetentionDays }),
    lease: new QueuedSyncLease(leaseDocument, { yieldMs: 2 * leaseDocument.pollMs }),
  };
}

/** Builds the adapters the configuration names: SQLite + .xlsx locally, Firestore + Google Sheets in production. */
export function createAppContext(config: Config, clock: Clock = systemClock): AppContext {
  const { store, lease } = storeAndLease(config);
  const gateway: SpreadsheetGateway =
    config.spreadsheets.kind === 'xlsx'
      ? new XlsxWorkbookGateway(config.spreadsheets.dir, {}, chartRenderer())
      : new GoogleSheetsGateway({
          api: createSheetsClient({
            auth: new auth.GoogleAuth({ scopes: ['https://www.googleapis.com/auth/spreadsheets'] }),
          }),
          spreadsheetIds: config.spreadsheetIds,
        });
  const mailer = createMailer(config, clock);
  return {
    config,
    store,
    gateway,
    clock,
    mailer,
    lease,
    renderer: chartRenderer(),
    dashboardRecipients: config.mail.recipients.c2ra,
    close: () => store.close(),
  };
}

/** Google's endpoints for the Gmail delegation, replaced in tests by stand-ins. */
export type GoogleMailEndpoints = Partial<
  Pick<GmailDelegation, 'iam' | 'iamCredentialsUrl' | 'tokenUrl' | 'gmailRootUrl'>
>;

/**
 * The mailer the configuration names: the outbox folder, an SMTP server, or Gmail as the sender's
 * mailbox through domain-wide delegation, signed by the function's own service account (no key
 * file: IAM Credentials signs for it).
 */
export function createMailer(
  config: Config,
  clock: Clock,
  google: GoogleMailEndpoints = {},
): ProbedMailer {
  const { channel, from } = config.mail;
  if (channel.kind === 'smtp') return new SmtpMailer(channel.url, from, clock);
  if (channel.kind === 'outbox') {
    const outbox = new OutboxMailer(channel.dir, from, clock);
    return {
      channel: 'outbox',
      send: (mail) => outbox.send(mail),
      probe: async () => ({ ok: true }),
    };
  }
  const identity = new GoogleAuth({ scopes: ['https://www.googleapis.com/auth/cloud-platform'] });
  const delegation = delegatedGmail({
    sender: channel.sender,
    serviceAccount: async () =>
      channel.serviceAccount ?? (await identity.getCredentials()).client_email ?? '',
    iam: identity,
    clock,
    ...google,
  });
  return new GmailMailer({ ...delegation, sender: channel.sender, from, clock });
}

const exportSinks = new WeakMap<Config, ExportSink>();

/**
 * Where the exports of this configuration go: the workspace's `exports/` folder, or the Cloud
 * Storage bucket (one client per configuration, so once per function instance). A custom
 * endpoint (a test server) is called without credentials, as the client does for any endpoint
 * that is not Google's.
 */
export function exportSinkFor(config: Config): ExportSink {
  const known = exportSinks.get(config);
  if (known !== undefined) return known;
  const target = config.exports;
  const sink: ExportSink =
    target.kind === 'file'
      ? new FileExportSink(target.dir, chartRenderer())
      : new GcsExportSink({
          renderer: chartRenderer(),
          bucket: new Storage(
            target.endpoint === null ? {} : { apiEndpoint: target.endpoint },
          ).bucket(target.bucket),
        });
  exportSinks.set(config, sink);
  return sink;
}

let instance: AppContext | null = null;

/** The context of this function instance, built once from the environment on first use. */
export function appContext(): AppContext {
  if (instance) return instance;
  const config = loadConfig();
  if (!config.ok) throw new Error(config.error.message);
  instance = createAppContext(config.value);
  return instance;
}

/** Replaces the instance's context (tests, `dla serve` with a chosen workspace). */
export function setAppContext(context: AppContext | null): void {
  instance = context;
}
