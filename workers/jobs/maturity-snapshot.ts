import { snapshotNow } from '@/server/maturity/maturity.service';
import { defineJob } from '../job';

// Maturity snapshot (docs/maturity.md): once a day, assess the organisation and
// every team from live evidence and store the day's levels for the trend.
// Re-running on the same day replaces that day's rows, so retries are safe.
export const MATURITY_SNAPSHOT_JOB = 'maturity.snapshot';

export const maturitySnapshot = defineJob({
  name: MATURITY_SNAPSHOT_JOB,
  description: 'Daily maturity assessment of the organisation and each team, stored for the trend',
  schedule: '30 2 * * *',
  scheduledPayload: {},
  retry: { limit: 2, delaySeconds: 300, backoff: true, expireInSeconds: 10 * 60 },
  exclusive: true,
  async run(_payload, ctx) {
    const r = await snapshotNow(ctx.startedAt.getTime());
    ctx.log(`assessed ${r.scopes} scopes; organisation at level ${r.orgLevel}`);
  },
});
