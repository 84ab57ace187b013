import { sendJob } from '@/server/jobs/send';
import { backfillSlo, sampleDue } from '@/server/slo/slo-sampler.service';
import { defineJob, everyMinuteSweep } from '../job';

// The SLI sampler (docs/slo.md, "Sampler").

export const SLO_BACKFILL_JOB = 'slo.backfill';

/** Backfill one SLO's window in one-day chunks; Prometheus errors retry with backoff (30 s, 60 s, 120 s, ...). */
export const sloBackfill = defineJob({
  name: SLO_BACKFILL_JOB,
  description: "Samples an SLO's whole window from Prometheus after it is created or changed",
  retry: { limit: 6, delaySeconds: 30, backoff: true, expireInSeconds: 30 * 60 },
  async run({ sloId }, ctx) {
    const outcome = await backfillSlo(sloId, ctx.startedAt.getTime());
    ctx.log(`backfill ${sloId}: ${outcome.status}, ${outcome.chunks} chunks, ${outcome.missing} missing buckets`);
  },
});

/** Every minute: each SLO's newest complete 5-minute buckets (once each, so 12 evaluations an hour). */
export const sloSample = defineJob({
  name: 'slo.sample',
  description: 'Samples the newest complete SLI bucket of every SLO; starts backfills that never ran',
  // The next tick is the retry: a failed bucket is not skipped.
  ...everyMinuteSweep(5 * 60),
  exclusive: true,
  async run(_payload, ctx) {
    const outcome = await sampleDue(ctx.startedAt.getTime(), {
      requestBackfill: (sloId) => sendJob(SLO_BACKFILL_JOB, { sloId }, { singletonKey: sloId }),
    });
    if (outcome.sampled || outcome.failed || outcome.backfillsRequested.length) {
      ctx.log(`sampled ${outcome.sampled}, failed ${outcome.failed}, backfills requested ${outcome.backfillsRequested.length}, ${outcome.queries} queries`);
    }
  },
});
