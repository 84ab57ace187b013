import { runPaging } from '@/server/paging/paging.service';
import { defineJob, everyMinuteSweep } from '../job';

// The pager (docs/incidents.md, "Paging and notifications"): fires due
// escalation steps and delivers pending notifications. Scheduled every minute
// (escalation timers, retries) and sent by the Alertmanager webhook right after
// it opens pages, so the first notification does not wait for the tick.

export const PAGING_JOB = 'paging.run';

export const pagingRun = defineJob({
  name: PAGING_JOB,
  description: 'Delivers pages to the on-call people and runs escalation timers',
  // The next tick is the retry; notifications carry their own attempts.
  ...everyMinuteSweep(5 * 60),
  exclusive: true,
  async run(_payload, ctx) {
    const r = await runPaging(ctx.startedAt.getTime());
    if (r.pagesChecked || r.sent || r.failed || r.retrying) {
      ctx.log(`pages ${r.pagesChecked}, steps fired ${r.stepsFired}, sent ${r.sent}, failed ${r.failed}, retrying ${r.retrying}, skipped ${r.skipped}`);
    }
  },
});
