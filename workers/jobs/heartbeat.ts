import { HEARTBEAT_JOB } from '@/server/system/system.schema';
import { pingDatabase } from '@/server/system/system.service';
import { defineJob, everyMinuteSweep } from '../job';

// Proves, once a minute, that the scheduler creates jobs, some worker takes
// them and that worker reaches the database. Its JobRun row (written by the
// runner like any other) is what /api/health, the System page and
// runwell_job_last_success_timestamp_seconds{job="system.heartbeat"} read.
export const heartbeat = defineJob({
  name: HEARTBEAT_JOB,
  description: 'Proves that scheduling and workers are alive',
  // A missed beat is not worth retrying: the next one is a minute away.
  ...everyMinuteSweep(60),
  async run() {
    await pingDatabase();
  },
});
