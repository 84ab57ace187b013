import { runMonthlyEmail } from '@/server/reports/schedule.service';
import { defineJob } from '../job';

// The monthly report e-mail (docs/reports.md, "Monthly e-mail"): every hour,
// once the day and hour set in Settings have come, e-mail the last full
// month's executive PDF to everyone who has not had it. A ReportSend row per
// period and recipient is claimed before sending, so a restart or the next
// hourly run never sends twice; failed sends are retried (three attempts).
export const REPORTS_EMAIL_JOB = 'reports.email';

export const reportsEmail = defineJob({
  name: REPORTS_EMAIL_JOB,
  description: 'The monthly executive report as a PDF e-mail to executives and subscribers',
  schedule: '7 * * * *',
  scheduledPayload: {},
  retry: { limit: 0, delaySeconds: 0, backoff: false, expireInSeconds: 15 * 60 },
  exclusive: true,
  async run(_payload, ctx) {
    const r = await runMonthlyEmail(ctx.startedAt.getTime());
    if (r.sent || r.failed.length) ctx.log(`report ${r.period}: sent ${r.sent} of ${r.recipients}, failed ${r.failed.length}${r.failed.length ? `: ${r.failed.slice(0, 3).join('; ')}` : ''}`);
  },
});
