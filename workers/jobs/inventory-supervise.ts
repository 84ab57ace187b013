import { processInventorySupervisor } from '@/server/inventory/supervisor.service';
import { defineJob, everyMinuteSweep } from '../job';

// Collectors run inside worker processes, one owner per cluster (a lease in
// Postgres). `runwell worker` starts its process's supervisor at start-up; this
// scheduled job is the safety net that (re)starts it and makes it claim
// clusters registered since, without waiting for its own 15 s tick.
export const inventorySupervise = defineJob({
  name: 'inventory.supervise',
  description: 'Claims unowned clusters and runs their inventory collectors in this worker',
  ...everyMinuteSweep(60),
  async run(_payload, ctx) {
    await processInventorySupervisor(ctx.workerId, ctx.log).tick();
  },
});
