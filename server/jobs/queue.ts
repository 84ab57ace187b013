import { hostname } from 'node:os';
import { PgBoss, type ConstructorOptions } from 'pg-boss';
import { resolveDatabaseUrlSync } from '../database/database-url';
import { GuardedClient } from '../database/pg-client';

// pg-boss keeps its tables in a schema of its own, apart from Prisma's, so our
// migrations and its self-managed migrations never touch each other's objects.
export const QUEUE_SCHEMA = 'pgboss';

// Identifies a worker process in JobRun rows and logs; several workers may run
// on one host, so the pid is part of it.
export function workerId(): string {
  return `${hostname()}:${process.pid}`;
}

export type QueueOptions = {
  url?: string;
  /** Run the cron monitor that turns schedules into jobs (workers do; one-off senders need not). */
  schedule?: boolean;
  /** Run pg-boss maintenance (expiry, retention, archiving). */
  supervise?: boolean;
  /** Shown in pg_stat_activity and pg-boss's instance registry. */
  name?: string;
  max?: number;
};

export function createQueue(options: QueueOptions = {}): PgBoss {
  // `Client` reaches pg-boss's pg.Pool unchanged (pg-boss passes its config to it): a
  // connection killed while pg-boss takes it from the pool cannot crash the process (pg-client.ts).
  const config: ConstructorOptions & { Client: typeof GuardedClient } = {
    connectionString: options.url ?? resolveDatabaseUrlSync(),
    schema: QUEUE_SCHEMA,
    application_name: options.name ?? 'runwell-queue',
    instanceName: options.name ?? 'runwell-queue',
    schedule: options.schedule ?? false,
    supervise: options.supervise ?? false,
    max: options.max ?? 4,
    // Enough to keep an eye on a single queue per job; no OpenTelemetry SDK is registered.
    openTelemetry: { enabled: false },
    Client: GuardedClient,
  };
  return new PgBoss(config);
}

export async function startQueue(options: QueueOptions = {}): Promise<PgBoss> {
  const boss = createQueue(options);
  // pg-boss reports pool and maintenance errors as events; without a listener an
  // EventEmitter 'error' would crash the process.
  boss.on('error', (error) => process.stderr.write(`[queue] ${(error as Error).message}\n`));
  try {
    await boss.start();
  } catch (error) {
    // Close the pool of an instance that never started, so it does not linger.
    await boss.stop({ graceful: false }).catch(() => undefined);
    throw error;
  }
  return boss;
}

// Installs or upgrades pg-boss's schema without running any worker, so the web
// process can report the queue healthy before the first worker has started.
export async function ensureQueueSchema(url?: string): Promise<void> {
  const boss = await startQueue({ url, name: 'runwell-setup', max: 2 });
  await boss.stop({ graceful: false });
}
