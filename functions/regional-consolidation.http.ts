import { http, type Request, type Response } from '@google-cloud/functions-framework';
import { z } from 'zod';
import { formatZodError } from '../shared/domain/field-spec';
import { C2RA } from '../shared/domain/operator';
import { recordJobRun, summarizeConsolidation } from '../shared/use-cases/record-job-run';
import { regionalConsolidation } from '../shared/use-cases/regional-consolidation';
import { withAuthentication, type AuthenticationPolicy } from './auth/with-authentication';
import { appContext, exportSinkFor } from './composition-root';
import { sendError, withErrorBoundary } from './http-response';

const bodySchema = z
  .object({
    workbook: z.boolean().optional(),
    file: z.boolean().optional(),
    keep: z.number().int().min(1).max(366).optional(),
  })
  .strict()
  .default({});

/**
 * `regionalConsolidation` (Cloud Scheduler, weekly, and on demand): replaces the tabs of the
 * C2RA workbook and writes the dated .xlsx where the configuration sends exports (the Cloud
 * Storage bucket when deployed, the workspace's `exports/` folder locally). 200 when every output
 * was written, 422 with the report when one could not be (workbook open, file locked, bucket
 * refused): Cloud Scheduler then retries.
 */
export async function regionalConsolidationHandler(req: Request, res: Response): Promise<void> {
  if (req.method !== 'POST') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'Utilisez POST.');
  const parsed = bodySchema.safeParse(req.body ?? {});
  if (!parsed.success) return sendError(res, 400, 'PAYLOAD_INVALID', formatZodError(parsed.error));
  const context = appContext();
  const sink = exportSinkFor(context.config);
  const { workbook, file, keep } = parsed.data;
  const run = () =>
    regionalConsolidation(
      { ...context, sink },
      {
        ...(workbook === undefined ? {} : { workbook }),
        ...(file === undefined ? {} : { file }),
        ...(keep === undefined ? {} : { keep }),
      },
    );
  const report = await recordJobRun(context, 'regionalConsolidation', run, summarizeConsolidation);
  res.status(report.complete ? 200 : 422).json({ report });
}

/** Cloud Scheduler, or the C2RA's own spreadsheet: an operator's credential is refused. */
const policy: AuthenticationPolicy = { allowScheduler: true, target: () => C2RA };

http(
  'regionalConsolidation',
  withErrorBoundary(
    'regionalConsolidation',
    withAuthentication('regionalConsolidation', policy, regionalConsolidationHandler),
  ),
);
