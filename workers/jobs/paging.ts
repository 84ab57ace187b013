import { z } from 'zod';
import { runPaging } from '@/server/paging/paging.service';
import { defineJob } from '../job';

// The pager (docs/incidents.md, "Paging and notifications"): fires due
// escalation steps and delivers pending notifications. Scheduled every minute
// (escalation timers, retries) and sent by the Alertmanager webhook right after
// it opens pages, so the first notification does not wait for the tick.

export const PAGING_JOB = 'paging.run';

export const pagingRun = defineJob({
  name: PAGING_JOB,
  description: 'Delivers pages to the on-call people and runs escalation timers',
  schema: z.looseObject({}),
  schedule: '* * * * *',
  scheduledPayload: {},
  exclusive: true,
  // The next tick is the retry; notifications carry their own attempts.
  retry: { limit: 0, delaySeconds: 0, backoff: false, expireInSeconds: 5 * 60 },
  async run(_payload, ctx) {
    const r = await runPaging(ctx.startedAt.getTime());
    if (r.pagesChecked || r.sent || r.failed || r.retrying) {
      ctx.log(`pages ${r.pagesChecked}, steps fired ${r.stepsFired}, sent ${r.sent}, failed ${r.failed}, retrying ${r.retrying}, skipped ${r.skipped}`);
    }
  },
});
