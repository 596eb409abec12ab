import type { Dashboard } from '../domain/dashboard/dashboard-charts';
import { DIGEST_CHART_SIZE, dashboardDigest } from '../domain/dashboard/dashboard-digest';
import type { IsoDate } from '../domain/values/french-date';
import type { ChartRenderer } from '../ports/chart-renderer';
import type { Mailer } from '../ports/mailer';
import type { RecordStore } from '../ports/record-store';

/** The system document logging the weekly dashboard e-mails sent, by key. */
export const DASHBOARD_DIGEST_LOG = 'dashboard-digest-log';

/** What the ports of the weekly e-mail are. */
export interface DashboardDigestPorts {
  readonly store: RecordStore;
  readonly mailer: Mailer;
  readonly renderer: ChartRenderer;
}

/** What became of the weekly e-mail. */
export type DashboardDigestOutcome =
  | { readonly status: 'sent'; readonly key: string; readonly to: readonly string[] }
  | { readonly status: 'already sent'; readonly key: string }
  | { readonly status: 'failed'; readonly key: string; readonly message: string };

interface LogEntry {
  readonly at: string;
  readonly messageId: string;
}

function asLog(value: unknown): Record<string, LogEntry> {
  return value !== null && typeof value === 'object'
    ? { ...(value as Record<string, LogEntry>) }
    : {};
}

/**
 * Sends the weekly dashboard e-mail to the C2RA once per ISO week: the first consolidation of
 * the week sends it, the following ones (on demand) do not. A failed send is retried at the
 * next consolidation.
 */
export async function sendDashboardDigest(
  ports: DashboardDigestPorts,
  dashboard: Dashboard,
  to: readonly string[],
  today: IsoDate,
): Promise<DashboardDigestOutcome> {
  const digest = dashboardDigest(dashboard, today);
  const log = asLog(await ports.store.readDocument('system', DASHBOARD_DIGEST_LOG));
  if (log[digest.key] !== undefined) return { status: 'already sent', key: digest.key };
  const inlineImages = [];
  for (const { chart, cid, fileName } of digest.charts) {
    const content = await ports.renderer.renderPng(chart, DIGEST_CHART_SIZE);
    inlineImages.push({ cid, fileName, contentType: 'image/png' as const, content });
  }
  const sent = await ports.mailer.send({
    key: digest.key,
    to,
    subject: digest.subject,
    text: digest.text,
    html: digest.html,
    inlineImages,
  });
  if (!sent.ok) return { status: 'failed', key: digest.key, message: sent.error.message };
  log[digest.key] = { at: dashboard.generatedAt, messageId: sent.value.messageId };
  await ports.store.writeDocument('system', DASHBOARD_DIGEST_LOG, log);
  return { status: 'sent', key: digest.key, to };
}
