import { runReminders } from '@/server/postmortems/reminders.service';
import { defineJob } from '../job';

// Post-mortem reminders (docs/postmortems.md, "Reminders"): every 5 minutes,
// start the drafts of resolved P1/P2 incidents that have none, remind owners
// 24 h before, at and 3 days after the due time, and tell action item owners
// about overdue items. Each stage is sent once; failed deliveries are retried
// on the next run, so the job itself does not retry.
export const POSTMORTEMS_REMIND_JOB = 'postmortems.remind';

export const postmortemsRemind = defineJob({
  name: POSTMORTEMS_REMIND_JOB,
  description: 'Post-mortem and action item reminders through the notification channels',
  schedule: '*/5 * * * *',
  scheduledPayload: {},
  retry: { limit: 0, delaySeconds: 0, backoff: false, expireInSeconds: 5 * 60 },
  exclusive: true,
  async run(_payload, ctx) {
    const r = await runReminders(ctx.startedAt.getTime());
    if (r.draftsStarted || r.reminders || r.actionItems || r.failed.length) {
      ctx.log(`drafts started ${r.draftsStarted}, reminders ${r.reminders}, action items ${r.actionItems}, failed ${r.failed.length}${r.failed.length ? `: ${r.failed.slice(0, 3).join('; ')}` : ''}`);
    }
  },
});
