import type { Command } from 'commander';
import { readEnv } from '@/server/config';
import { redactUrl, resolveDatabaseUrlSync } from '@/server/database/database-url';
import { disconnectDatabase } from '@/server/database/lifecycle';
import { startFactListener } from '@/server/database/notifications';
import { processInventorySupervisor, stopProcessInventorySupervisor } from '@/server/inventory/supervisor.service';
import { JOBS } from '@/workers/registry';
import { startWorker } from '@/workers/runner';
import { startWorkerHealthServer } from '@/workers/health-server';
import { CliError, EXIT } from '../exit';
import { parseCount } from '../options';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description(
      'Run one background worker process: every registered job and its schedule. Run as many as you like; ' +
        'the queue (pg-boss on PostgreSQL) gives each job to exactly one of them',
    )
    .option('--concurrency <n>', 'jobs of one kind this process runs at the same time', '1')
    .option('--grace <seconds>', 'on SIGTERM/SIGINT, how long running jobs may take to finish', '30')
    .option('--health-port <port>', 'serve GET /api/health (probes) and /metrics on this port, all interfaces (default: $RUNWELL_WORKER_HEALTH_PORT; none)')
    .action(async (opts: { concurrency: string; grace: string; healthPort?: string }) => {
      const concurrency = parseCount(opts.concurrency, '--concurrency', 1, 64);
      const graceSeconds = parseCount(opts.grace, '--grace', 1, 3600);
      const healthPortText = opts.healthPort ?? process.env.RUNWELL_WORKER_HEALTH_PORT;
      const healthPort = healthPortText ? parseCount(healthPortText, '--health-port', 1, 65535) : null;
      // Settings the worker's services read later (the cluster lease) are checked before anything starts.
      let leaseSeconds: number;
      try {
        leaseSeconds = readEnv().RUNWELL_CLUSTER_LEASE_SECONDS;
      } catch (error) {
        throw new CliError((error as Error).message, EXIT.usage);
      }
      const url = resolveDatabaseUrlSync();
      const log = (line: string) => process.stdout.write(`${line}\n`);
      const worker = await startWorker({ url, concurrency, log });
      log(`Worker ${worker.workerId} started on ${redactUrl(url)} (concurrency ${concurrency})`);
      let stopping = false;
      if (healthPort !== null) {
        await startWorkerHealthServer({ port: healthPort, state: { workerId: worker.workerId, stopping: () => stopping, activeJobs: () => worker.active() } });
        log(`Health: http://0.0.0.0:${healthPort}/api/health (and /metrics)`);
      }
      for (const job of JOBS) log(`  ${job.name}${job.schedule ? ` (cron "${job.schedule}" UTC)` : ''}: ${job.description}`);
      // Cluster collectors run in this process (one owner per cluster through a lease).
      if (process.env.RUNWELL_INVENTORY !== 'off') {
        processInventorySupervisor(worker.workerId, log);
        log(`Inventory: collecting clusters under ${leaseSeconds} s leases`);
      }
      // Jobs that read figures of now (maturity snapshots, report mail) hear other processes' writes.
      startFactListener();

      await new Promise<void>((resolve) => {
        let signals = 0;
        const onSignal = (signal: NodeJS.Signals) => {
          signals += 1;
          if (signals > 1) {
            log(`Received ${signal} again; exiting without waiting for ${worker.active()} running job(s)`);
            process.exit(EXIT.failed);
          }
          stopping = true;
          log(`Received ${signal}: no new jobs; waiting up to ${graceSeconds}s for ${worker.active()} running job(s)`);
          stopProcessInventorySupervisor()
            .catch((error: Error) => log(`Error while stopping collectors: ${error.message}`))
            .then(() => worker.stop(graceSeconds * 1000))
            .catch((error: Error) => log(`Error while stopping: ${error.message}`))
            .finally(async () => {
              await disconnectDatabase();
              log('Worker stopped');
              // Everything we own is stopped; a library timer or socket still
              // retrying (e.g. a collector's request to a simulator that stopped
              // at the same moment) must not keep the process alive until
              // `serve` kills it. Exit once the event loop has had a second.
              setTimeout(() => process.exit(EXIT.ok), 1_000).unref();
              resolve();
            });
        };
        process.on('SIGTERM', onSignal);
        process.on('SIGINT', onSignal);
      });
    });
}
