import { z } from 'zod';
import { EXPORT_FORMATS } from '../shared/ports/export-sink';
import { recordJobRun, summarizeRegisterExport } from '../shared/use-cases/record-job-run';
import { registerExport } from '../shared/use-cases/register-export';
import { exportSinkFor } from './composition-root';
import { c2raWorkbook, defineHttpFunction, definedOnly, keepDays } from './http-function';
import { refuse, reply } from './http-function';

const text = z.string().max(200).optional();
const format = z.enum(EXPORT_FORMATS).default('xlsx');

/** Nightly and on demand: the register, filtered, to a dated .xlsx or CSV; 422 (retried) if unwritten. */
defineHttpFunction({
  name: 'registerExport',
  exposure: 'private',
  body: z.strictObject({ competence: text, sector: text, area: text, format, keep: keepDays }),
  access: { allowScheduler: true, target: c2raWorkbook },
  handle: async ({ format: kind, keep, ...filters }, context) => {
    const ports = { ...context, sink: exportSinkFor(context.config) };
    const run = () => registerExport(ports, { format: kind, filters, ...definedOnly({ keep }) });
    const result = await recordJobRun(context, 'registerExport', run, summarizeRegisterExport);
    return result.ok ? reply(200, { report: result.value }) : refuse(422, result.error);
  },
});
