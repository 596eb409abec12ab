import { z } from 'zod';
import { jobKey } from '../shared/domain/job-runs';
import { recordJobRun, summarizeAlerts } from '../shared/use-cases/record-job-run';
import { runDailyAlerts } from '../shared/use-cases/run-alerts';
import { defineHttpFunction, definedOnly, frenchDay, optionalOwner } from './http-function';
import { ownerOrAll, refuse, reply } from './http-function';

const dryRun = z.boolean().default(false);
/** Every morning: the guide's deadlines checked, `Alertes` rewritten, French digests sent once. */
defineHttpFunction({
  name: 'dailyAlerts',
  exposure: 'private',
  body: z.object({ owner: optionalOwner, at: frenchDay.optional(), dryRun }),
  access: { allowScheduler: true, target: ownerOrAll },
  handle: async ({ owner, at, dryRun: simulate }, context) => {
    const recipients = context.config.mail.recipients;
    const run = () =>
      runDailyAlerts(context, { recipients, dryRun: simulate, ...definedOnly({ at }) }, owner);
    const job = jobKey('dailyAlerts', owner);
    // A simulation changes nothing, so it is not a run of the job.
    const result = simulate ? await run() : await recordJobRun(context, job, run, summarizeAlerts);
    if (!result.ok) return refuse(422, result.error);
    return reply(200, { reports: result.value.map(({ states: _, ...summary }) => summary) });
  },
});
