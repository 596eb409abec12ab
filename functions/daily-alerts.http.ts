import { http, type Request, type Response } from '@google-cloud/functions-framework';
import { z } from 'zod';
import { formatZodError } from '../shared/domain/field-spec';
import { workbookOwnerSchema } from '../shared/domain/operator';
import { jobKey } from '../shared/domain/job-runs';
import { parseFrenchDate } from '../shared/domain/values/french-date';
import { recordJobRun, summarizeAlerts } from '../shared/use-cases/record-job-run';
import { runDailyAlerts } from '../shared/use-cases/run-alerts';
import {
  isObject,
  withAuthentication,
  type AuthenticationPolicy,
} from './auth/with-authentication';
import { appContext } from './composition-root';
import { sendError, withErrorBoundary } from './http-response';

const bodySchema = z
  .object({
    owner: workbookOwnerSchema.optional(),
    at: z.string().optional(),
    dryRun: z.boolean().optional(),
  })
  .default({});

/**
 * `dailyAlerts` (Cloud Scheduler, every morning, Europe/Paris): the guide's deadlines checked for
 * every mission, the `Alertes` tabs rewritten, and the French digests sent once.
 */
export async function dailyAlerts(req: Request, res: Response): Promise<void> {
  if (req.method !== 'POST') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'Utilisez POST.');
  const parsed = bodySchema.safeParse(req.body ?? {});
  if (!parsed.success) return sendError(res, 400, 'PAYLOAD_INVALID', formatZodError(parsed.error));
  const at = parsed.data.at === undefined ? undefined : parseFrenchDate(parsed.data.at);
  if (at && !at.ok) return sendError(res, 400, at.error.code, at.error.message);
  const context = appContext();
  const options = {
    recipients: context.config.mail.recipients,
    dryRun: parsed.data.dryRun ?? false,
    ...(at ? { at: at.value } : {}),
  };
  const run = () => runDailyAlerts(context, options, parsed.data.owner);
  // A simulation changes nothing, so it is not a run of the job.
  const result = options.dryRun
    ? await run()
    : await recordJobRun(context, jobKey('dailyAlerts', parsed.data.owner), run, summarizeAlerts);
  if (!result.ok) return sendError(res, 422, result.error.code, result.error.message);
  res.status(200).json({ reports: result.value.map(({ states: _states, ...summary }) => summary) });
}

/** A spreadsheet may run its own workbook's alerts; only the scheduler runs them all. */
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
  'dailyAlerts',
  withErrorBoundary('dailyAlerts', withAuthentication('dailyAlerts', policy, dailyAlerts)),
);
