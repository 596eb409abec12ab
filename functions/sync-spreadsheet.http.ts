import { http, type Request, type Response } from '@google-cloud/functions-framework';
import { z } from 'zod';
import { formatZodError } from '../shared/domain/field-spec';
import { jobKey } from '../shared/domain/job-runs';
import { C2RA, OPERATOR_CODES, workbookOwnerSchema } from '../shared/domain/operator';
import {
  recordJobRun,
  summarizeSync,
  type WorkbookSyncEntry,
} from '../shared/use-cases/record-job-run';
import { syncWorkbook } from '../shared/use-cases/sync-workbook';
import {
  isObject,
  withAuthentication,
  type AuthenticationPolicy,
} from './auth/with-authentication';
import { appContext } from './composition-root';
import { sendError, withErrorBoundary } from './http-response';

const bodySchema = z.object({ owner: workbookOwnerSchema.optional() }).default({});

/**
 * `syncSpreadsheet`: full reconcile of one workbook (`{ "owner": "CBE-LM" }`) or, as the
 * scheduled safety net for missed edit events, of every workbook (empty body).
 */
export async function syncSpreadsheet(req: Request, res: Response): Promise<void> {
  if (req.method !== 'POST') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'Utilisez POST.');
  const parsed = bodySchema.safeParse(req.body ?? {});
  if (!parsed.success) return sendError(res, 400, 'PAYLOAD_INVALID', formatZodError(parsed.error));
  const context = appContext();
  const owners = parsed.data.owner ? [parsed.data.owner] : [C2RA, ...OPERATOR_CODES];
  const reconcileAll = async () => {
    const entries: WorkbookSyncEntry[] = [];
    for (const owner of owners) {
      const result = await syncWorkbook(context, owner, 'synchronisation planifiée');
      entries.push(
        result.ok
          ? { owner, ok: true, report: result.value }
          : { owner, ok: false, error: result.error },
      );
    }
    return entries;
  };
  const job = jobKey('syncSpreadsheet', parsed.data.owner);
  const reports = await recordJobRun(context, job, reconcileAll, summarizeSync);
  const failed = reports.filter((r) => !r.ok);
  res.status(parsed.data.owner && failed.length === 1 ? 422 : 200).json({ reports });
}

/** A spreadsheet may reconcile its own workbook; only the scheduler reconciles them all. */
const policy: AuthenticationPolicy = {
  allowScheduler: true,
  target: (body) => {
    if (body === undefined || body === null || (isObject(body) && body['owner'] === undefined))
      return 'all';
    const owner = workbookOwnerSchema.safeParse(isObject(body) ? body['owner'] : undefined);
    return owner.success ? owner.data : null;
  },
};

http(
  'syncSpreadsheet',
  withErrorBoundary(
    'syncSpreadsheet',
    withAuthentication('syncSpreadsheet', policy, syncSpreadsheet),
  ),
);
