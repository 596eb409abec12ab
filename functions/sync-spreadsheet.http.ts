import { z } from 'zod';
import { jobKey } from '../shared/domain/job-runs';
import { C2RA, OPERATOR_CODES } from '../shared/domain/operator';
import { recordJobRun, summarizeSync } from '../shared/use-cases/record-job-run';
import { syncAllWorkbooks } from '../shared/use-cases/sync-all-workbooks';
import { defineHttpFunction, optionalOwner, ownerOrAll, reply } from './http-function';

/** Full reconcile of one workbook (`{ "owner": "CBE-LM" }`), or of all (the scheduled safety net). */
defineHttpFunction({
  name: 'syncSpreadsheet',
  exposure: 'public',
  body: z.object({ owner: optionalOwner }),
  access: { allowScheduler: true, target: ownerOrAll },
  handle: async ({ owner }, context) => {
    const owners = owner ? [owner] : [C2RA, ...OPERATOR_CODES];
    const run = () => syncAllWorkbooks(context, owners, 'synchronisation planifiée');
    const reports = await recordJobRun(
      context,
      jobKey('syncSpreadsheet', owner),
      run,
      summarizeSync,
    );
    return reply(owner && reports.some((r) => !r.ok) ? 422 : 200, { reports });
  },
});
