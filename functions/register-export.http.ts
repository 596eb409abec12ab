import { http, type Request, type Response } from '@google-cloud/functions-framework';
import { z } from 'zod';
import { formatZodError } from '../shared/domain/field-spec';
import { C2RA } from '../shared/domain/operator';
import { EXPORT_FORMATS } from '../shared/ports/export-sink';
import { recordJobRun, summarizeRegisterExport } from '../shared/use-cases/record-job-run';
import { registerExport } from '../shared/use-cases/register-export';
import { withAuthentication, type AuthenticationPolicy } from './auth/with-authentication';
import { appContext, exportSinkFor } from './composition-root';
import { sendError, withErrorBoundary } from './http-response';

const bodySchema = z
  .object({
    format: z.enum(EXPORT_FORMATS).default('xlsx'),
    competence: z.string().max(200).optional(),
    sector: z.string().max(200).optional(),
    area: z.string().max(200).optional(),
    keep: z.number().int().min(1).max(366).optional(),
  })
  .strict()
  .default({ format: 'xlsx' });

/**
 * `registerExport` (Cloud Scheduler, nightly, and on demand): the provider register, optionally
 * filtered, to a dated .xlsx or CSV file where the configuration sends exports (the Cloud Storage
 * bucket when deployed, the workspace's `exports/` folder locally); 422 when it could not be
 * written, which Cloud Scheduler retries.
 */
export async function registerExportHandler(req: Request, res: Response): Promise<void> {
  if (req.method !== 'POST') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'Utilisez POST.');
  const parsed = bodySchema.safeParse(req.body ?? {});
  if (!parsed.success) return sendError(res, 400, 'PAYLOAD_INVALID', formatZodError(parsed.error));
  const context = appContext();
  const sink = exportSinkFor(context.config);
  const { format, keep, ...filters } = parsed.data;
  const run = () =>
    registerExport(
      { ...context, sink },
      { format, filters, ...(keep === undefined ? {} : { keep }) },
    );
  const result = await recordJobRun(context, 'registerExport', run, summarizeRegisterExport);
  if (!result.ok) return sendError(res, 422, result.error.code, result.error.message);
  res.status(200).json({ report: result.value });
}

/** Cloud Scheduler, or the C2RA's own spreadsheet: an operator's credential is refused. */
const policy: AuthenticationPolicy = { allowScheduler: true, target: () => C2RA };

http(
  'registerExport',
  withErrorBoundary(
    'registerExport',
    withAuthentication('registerExport', policy, registerExportHandler),
  ),
);
