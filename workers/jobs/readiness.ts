import { evaluateDue } from '@/server/readiness/evaluation.service';
import { takeSnapshot } from '@/server/readiness/readiness.service';
import { defineJob } from '../job';

// Live readiness (docs/readiness.md). The evaluation runs every minute but only
// re-evaluates clusters that need it: their inventory changed (a collector's list
// or watch event, Pods aside), an applied exemption expired since the last
// evaluation (expiry takes effect within a minute), or 15 minutes passed.
export const readinessEvaluate = defineJob({
  name: 'readiness.evaluate',
  description: 'Evaluates the readiness checks on clusters whose inventory changed, then the launch gates',
  schedule: '* * * * *',
  scheduledPayload: {},
  exclusive: true,
  retry: { limit: 1, delaySeconds: 30, backoff: false, expireInSeconds: 10 * 60 },
  async run(payload, ctx) {
    await evaluateDue(ctx.startedAt, { clusterId: payload.clusterId, log: ctx.log });
  },
});

// One snapshot per UTC day; runs hourly and replaces the day's rows, so the day
// keeps its last figures even when a worker was down at some hour.
export const readinessSnapshot = defineJob({
  name: 'readiness.snapshot',
  description: "Stores today's readiness scorecards (workload, namespace, team, service, cluster) for the trends",
  schedule: '55 * * * *',
  scheduledPayload: {},
  exclusive: true,
  async run(_payload, ctx) {
    const rows = await takeSnapshot(ctx.startedAt);
    ctx.log(`${rows} snapshot rows`);
  },
});
