import { CAPACITY_SNAPSHOT_JOB } from '@/server/capacity/capacity.schema';
import { snapshotDueClusters } from '@/server/capacity/capacity.service';
import { defineJob, everyMinuteSweep } from '../job';

// Every minute: clusters whose nodes and pods are synced and whose snapshot for
// today is missing (first one right after the initial sync) or older than 15
// minutes get today's capacity rows refreshed. Yesterday's rows stay as they
// were last written: that is the daily history the forecast reads.
export const capacitySnapshot = defineJob({
  name: CAPACITY_SNAPSHOT_JOB,
  description: 'Daily capacity snapshots per cluster, node and namespace',
  ...everyMinuteSweep(10 * 60),
  exclusive: true,
  async run(_payload, ctx) {
    await snapshotDueClusters(ctx.startedAt, ctx.log);
  },
});
