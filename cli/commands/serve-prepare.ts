import { existsSync } from 'node:fs';
import path from 'node:path';
import { dataDir, ensureSecrets, readEnv } from '@/server/config';
import { DEFAULT_DATABASE_URL, ensureDatabaseExists, redactUrl } from '@/server/database/database-url';
import { MigrationError, migrateDatabase } from '@/server/database/migrate.service';
import { disconnectDatabase } from '@/server/database/lifecycle';
import { probeDatabase } from '@/server/database/probe';
import { ensureQueueSchema } from '@/server/jobs/queue';
import { countUsers } from '@/server/users/users.service';
import { ensureSimulatorCluster } from '@/server/clusters/clusters.service';
import { PROMETHEUS_PREFIX } from '@/simulator/prom-api';
import { shopIncidentWindows } from '@/simulator/prom-series';
import { seedDemoKubeBench } from '@/server/seed/demo-kube-bench.service';
import { seedDemoMetrics } from '@/server/seed/demo-metrics.service';
import { createDemoAlertToken } from '@/server/seed/demo-alertmanager.service';
import { closeBackfillSender } from '@/server/slo/slo.service';
import { systemContext } from '../system-context';
import { CliError, EXIT } from '../exit';
import { runDemoSeed } from './seed';
import type { Prepared, PrepareOptions } from './serve-handoff';

// `runwell serve`'s one-off work before anything starts: database, secrets,
// migrations, demo data. It runs in a child process of its own
// (`serve --prepare-only`) that exits when done, so the long-lived supervisor
// never loads the server's modules: it stays at ~70 MB instead of ~350 MB,
// which every web pod would otherwise carry next to its web server.

function unreachableHelp(url: string, fromEnv: boolean, message: string): string {
  return [
    `Cannot reach PostgreSQL at ${redactUrl(url)}: ${message}`,
    fromEnv
      ? 'Check DATABASE_URL (host, port, user, password, database) and that the server accepts connections.'
      : 'No DATABASE_URL is set, so Runwell tried a local PostgreSQL on 127.0.0.1:5432. Either start one, or point Runwell at yours:',
    '  DATABASE_URL=postgresql://USER:PASSWORD@HOST:5432/runwell runwell serve',
    'Runwell needs PostgreSQL 14 or later; the database is created if the user may create databases.',
  ].join('\n');
}

const DEMO_CLUSTER_NAME = 'demo-shop';

async function prepareServe(opts: PrepareOptions, log: (line: string) => void): Promise<Prepared> {
  let env;
  try {
    env = readEnv();
  } catch (error) {
    throw new CliError((error as Error).message, EXIT.usage);
  }
  const demoClusterUrl = opts.demoClusterUrl;
  // 1. Database: DATABASE_URL, else a local PostgreSQL.
  const fromEnv = Boolean(env.DATABASE_URL);
  const url = env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  log(`Database: ${redactUrl(url)} (${fromEnv ? 'from DATABASE_URL' : 'default local PostgreSQL; set DATABASE_URL to use another'})`);
  let probe = await probeDatabase(url);
  if (probe.state === 'missing') {
    try {
      await ensureDatabaseExists(url);
    } catch (error) {
      throw new CliError(
        `Database ${redactUrl(url)} does not exist and could not be created: ${(error as Error).message}`,
        EXIT.failed,
      );
    }
    log(`Created database ${new URL(url).pathname.slice(1)}`);
    probe = await probeDatabase(url);
  }
  if (probe.state === 'unreachable') throw new CliError(unreachableHelp(url, fromEnv, probe.message), EXIT.failed);
  process.env.DATABASE_URL = url;

  // 2. Secrets, generated on first start.
  const secretsFile = path.join(dataDir(env), 'secrets.json');
  const hadSecretsFile = existsSync(secretsFile);
  const secrets = ensureSecrets(env);
  if (env.NEXTAUTH_SECRET && env.RUNWELL_SECRET_KEY) log('Secrets: from the environment');
  else if (!hadSecretsFile) log(`Secrets: generated into ${secretsFile} (keep it: it signs sessions and encrypts credentials)`);
  else log(`Secrets: ${secretsFile}`);

  // 3. Schema: our migrations, then pg-boss's own schema.
  try {
    const result = await migrateDatabase(url);
    log(result.applied.length ? `Applied migrations: ${result.applied.join(', ')}` : `Database is up to date (${result.alreadyApplied} migrations)`);
  } catch (error) {
    if (error instanceof MigrationError) throw new CliError(error.message, EXIT.failed);
    throw error;
  }
  await ensureQueueSchema(url);


  // 4. Demo data, only into an empty installation.
  let seeded = false;
  let demoAlertToken: string | null = null;
  try {
    const users = await countUsers();
    if (opts.demo && users === 0) seeded = (await runDemoSeed(log)).createdUsers.length > 0;
    else if (opts.demo) log(`Demo: ${users} user(s) already exist; not seeding (run \`runwell seed --demo\` to top up demo data)`);
    else if (users === 0) log('No users yet: create an admin with `runwell user create --email you@example.com --role admin`, or start with --demo');
    // The simulated demo cluster (started below, with the workers) is registered once, by name.
    if (opts.demo && opts.demoCluster) {
      const { created, cluster: demoCluster } = await ensureSimulatorCluster(systemContext('serve --demo'), DEMO_CLUSTER_NAME, demoClusterUrl);
      if (created) log(`Demo: registered the simulated cluster ${DEMO_CLUSTER_NAME} at ${demoClusterUrl}`);
      const benchRuns = await seedDemoKubeBench(systemContext('serve --demo'), DEMO_CLUSTER_NAME);
      if (benchRuns > 0) log(`Demo: uploaded ${benchRuns} kube-bench runs (a month of weekly CIS worker-node checks)`);
      // Its Prometheus API (synthetic shop metrics) feeds the SLO, alert and golden-signal pages.
      // The simulator started below uses the default seed; its incident windows place the past incidents.
      const metrics = await seedDemoMetrics(systemContext('serve --demo'), `${demoClusterUrl}${PROMETHEUS_PREFIX}`, shopIncidentWindows('runwell', Date.now()), demoCluster.id);
      if (metrics.createdDataSource) log(`Demo: added the data source demo-prometheus at ${demoClusterUrl}${PROMETHEUS_PREFIX}`);
      if (metrics.createdSlos.length > 0) log(`Demo: created ${metrics.createdSlos.length} SLOs; the workers backfill 30 days of history (progress on the SLO pages)`);
      if (metrics.createdRunbooks.length > 0) log(`Demo: added ${metrics.createdRunbooks.length} runbooks linked from the SLO alerts`);
      if (metrics.createdIncidents.length > 0) log(`Demo: added ${metrics.createdIncidents.length} past incidents (resolved) for the incident history`);
      if (metrics.createdPostmortems.length > 0) log(`Demo: added ${metrics.createdPostmortems.length} post-mortems (one published, one overdue draft)`);
      for (const w of metrics.warnings) log(`Demo: SLOs not imported: ${w}`);
    }
    // The demo's alerts take the production path: webhook, token, triage, pages, inbox.
    if (opts.demo && opts.demoAlerts) demoAlertToken = await createDemoAlertToken(systemContext('serve --demo'));
  } finally {
    await closeBackfillSender();
    await disconnectDatabase();
  }

  return {
    databaseUrl: url,
    secrets: { NEXTAUTH_SECRET: secrets.NEXTAUTH_SECRET, RUNWELL_SECRET_KEY: secrets.RUNWELL_SECRET_KEY },
    seeded,
    demoAlertToken,
  };
}

// `serve --prepare-only`: prepare, hand the result to the supervisor, exit.
export async function prepareForSupervisor(opts: PrepareOptions): Promise<void> {
  const prepared = await prepareServe(opts, (line) => process.stdout.write(`${line}\n`));
  if (!process.send) throw new CliError('--prepare-only is internal to `runwell serve`', EXIT.usage);
  await new Promise<void>((resolve, reject) => process.send!(prepared, undefined, {}, (error) => (error ? reject(error) : resolve())));
}
