import { z } from 'zod';
import { recordJobRun, summarizeConsolidation } from '../shared/use-cases/record-job-run';
import { regionalConsolidation } from '../shared/use-cases/regional-consolidation';
import { exportSinkFor } from './composition-root';
import { c2raWorkbook, defineHttpFunction, definedOnly, keepDays, reply } from './http-function';

const toggle = z.boolean().optional();

/** Weekly and on demand: the C2RA workbook's tabs and the dated .xlsx; 422 (retried) if one failed. */
defineHttpFunction({
  name: 'regionalConsolidation',
  exposure: 'private',
  body: z.strictObject({ workbook: toggle, file: toggle, keep: keepDays }),
  access: { allowScheduler: true, target: c2raWorkbook },
  handle: async (options, context) => {
    const ports = { ...context, sink: exportSinkFor(context.config) };
    const run = () => regionalConsolidation(ports, definedOnly(options));
    const summarize = summarizeConsolidation;
    const report = await recordJobRun(context, 'regionalConsolidation', run, summarize);
    return reply(report.complete ? 200 : 422, { report });
  },
});
