import { maintainSloPartitions } from '@/server/slo/slo-partitions.service';
import { defineJob } from '../job';

// SLO storage (docs/slo.md, "Storage"): once a day, create the time partitions
// of the bucket and roll-up tables ahead and drop those past retention.
// Re-running is harmless (what exists is skipped), so failures simply retry.
export const SLO_PARTITIONS_JOB = 'slo.partitions';

const names = (xs: string[]) => (xs.length > 4 ? `${xs.slice(0, 2).join(', ')} ... ${xs.at(-1)} (${xs.length})` : xs.join(', ') || 'none');

export const sloPartitions = defineJob({
  name: SLO_PARTITIONS_JOB,
  description: 'Creates the SLO bucket and roll-up partitions ahead and drops those past retention',
  // 00:20 UTC: after the UTC day turned, away from the other daily jobs (02:30).
  schedule: '20 0 * * *',
  scheduledPayload: {},
  retry: { limit: 3, delaySeconds: 300, backoff: true, expireInSeconds: 30 * 60 },
  exclusive: true,
  async run(_payload, ctx) {
    const r = await maintainSloPartitions(ctx.startedAt.getTime());
    ctx.log(
      `created ${names(r.created)}; dropped ${names(r.dropped)}; buckets kept ${r.bucketKeepDays} d, roll-ups ${r.dayRetentionDays} d; ` +
        `default partition: ${r.movedFromDefault} rows moved, ${r.purgedFromDefault} purged${r.unknown.length ? `; left alone: ${r.unknown.join(', ')}` : ''}`,
    );
  },
});
