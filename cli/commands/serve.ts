import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
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
import { createDemoAlertToken, startDemoAlertmanager, type DemoAlertmanager } from '@/server/seed/demo-alertmanager.service';
import { closeBackfillSender } from '@/server/slo/slo.service';
import { systemContext } from '../system-context';
import { decideBuild, readBuildId, readStamp, sourceHash, writeStamp } from '../build-stamp';
import { CliError, EXIT } from '../exit';
import { runDemoSeed } from './seed';
import { parseCount } from './worker';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'runwell.mjs');
const HEALTH_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 40_000;
const WEB_SEMI_SPACE_MB = 8;

type ServeOptions = { demo?: boolean; port?: string; host?: string; workers?: string; build: boolean; demoCluster: boolean; demoClusterPort?: string; demoAlerts: boolean };

export const DEMO_CLUSTER_NAME = 'demo-shop';

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

// `next` lives in node_modules; resolved from here so a global `next` is never used.
function nextBin(): string {
  return createRequire(import.meta.url).resolve('next/dist/bin/next');
}

function prefixLines(stream: NodeJS.ReadableStream | null, prefix: string, out: NodeJS.WritableStream): void {
  if (!stream) return;
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => out.write(`${prefix} ${line}\n`));
}

function spawnPrefixed(prefix: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  // Its own process group: a terminal's Ctrl-C reaches only this process, which
  // then stops the children in order (web last) instead of all at once.
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  prefixLines(child.stdout, prefix, process.stdout);
  prefixLines(child.stderr, prefix, process.stderr);
  return child;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function runBuild(env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawnPrefixed('[build]', [nextBin(), 'build'], env);
  // The build runs in its own process group, so Ctrl-C must be passed on or it
  // would keep building after we are gone.
  let interrupted: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = signal;
    signalGroup(child, 'SIGTERM');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const code = await exited(child);
    if (interrupted) throw new CliError(`Build interrupted by ${interrupted}`, EXIT.failed);
    if (code !== 0) throw new CliError(`next build failed (exit code ${code}); see the [build] lines above`, EXIT.failed);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export function displayUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

async function waitForHealth(url: string, web: ChildProcess, timeoutMs: number): Promise<'up' | 'exited' | 'timeout'> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (web.exitCode !== null || web.signalCode !== null) return 'exited';
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(3000) });
      if (res.status === 200) return 'up';
      last = `HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  process.stderr.write(`runwell: ${url}/api/health did not answer 200 within ${timeoutMs / 1000}s (last: ${last})\n`);
  return 'timeout';
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'Run Runwell: migrate the database, build the web app if needed, start the web server and background workers',
    )
    .option('--demo', 'create demo users, teams and services when the database has no users yet')
    .option('--port <port>', 'HTTP port (default: $PORT or 3000)')
    .option('--host <host>', 'interface to listen on (default: $HOST or 127.0.0.1; 0.0.0.0 for all)')
    .option('--workers <n>', 'background worker processes (default: $RUNWELL_WORKERS or 1; 0 for none)')
    .option('--no-build', 'never run `next build`; use the existing .next build even if sources changed')
    .option('--no-demo-cluster', 'with --demo: do not start the simulated demo cluster')
    .option('--no-demo-alerts', 'with --demo: do not send the demo alerts (connect a real Alertmanager instead; docs/demo.md)')
    .option('--demo-cluster-port <port>', 'with --demo: port of the simulated demo cluster (default: $RUNWELL_DEMO_CLUSTER_PORT or 6443)')
    .action(async (opts: ServeOptions) => {
      const code = await serve(opts);
      if (code !== 0) throw new CliError('Runwell stopped because its web server exited unexpectedly', EXIT.failed);
    });
}

async function serve(opts: ServeOptions): Promise<number> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  let env;
  try {
    env = readEnv();
  } catch (error) {
    throw new CliError((error as Error).message, EXIT.usage);
  }
  const port = opts.port !== undefined ? parseCount(opts.port, '--port', 1, 65535) : env.PORT;
  const host = opts.host ?? env.HOST;
  const workers = opts.workers !== undefined ? parseCount(opts.workers, '--workers', 0, 16) : env.RUNWELL_WORKERS;
  const baseUrl = displayUrl(host, port);

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

  const demoClusterPort = parseCount(opts.demoClusterPort ?? process.env.RUNWELL_DEMO_CLUSTER_PORT ?? '6443', '--demo-cluster-port', 1, 65535);
  const demoClusterUrl = `http://127.0.0.1:${demoClusterPort}`;

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

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url,
    NEXTAUTH_SECRET: secrets.NEXTAUTH_SECRET,
    RUNWELL_SECRET_KEY: secrets.RUNWELL_SECRET_KEY,
    NEXTAUTH_URL: env.NEXTAUTH_URL ?? baseUrl,
    NEXT_TELEMETRY_DISABLED: '1',
    // Lets /metrics know every peer is local when it listens on loopback (see metricsAccess).
    RUNWELL_LISTEN_HOST: host,
  };

  // 5. Build when there is none or the sources changed.
  const stampFile = path.join(dataDir(env), 'build-stamp.json');
  // --no-build never looks at the sources (a read-only image need not hash them).
  const hash = opts.build ? sourceHash(ROOT) : '';
  const decision = decideBuild({ buildId: readBuildId(ROOT), stamp: readStamp(stampFile), sourceHash: hash, skipBuild: !opts.build });
  if (decision.action === 'missing') throw new CliError(`Cannot start: ${decision.reason}`, EXIT.failed);
  if (decision.action === 'build') {
    log(`Building the web app (${decision.reason}); this takes a few minutes…`);
    const started = Date.now();
    await runBuild({ ...childEnv, NODE_ENV: 'production' as const });
    const buildId = readBuildId(ROOT);
    if (!buildId) throw new CliError('next build finished without writing .next/BUILD_ID', EXIT.failed);
    writeStamp(stampFile, { sourceHash: hash, buildId, builtAt: new Date().toISOString() });
    log(`Built in ${Math.round((Date.now() - started) / 1000)}s`);
  } else {
    log('Web app build is up to date');
  }

  // 6. Web server and workers.
  const runEnv = { ...childEnv, NODE_ENV: 'production' as const };
  // peer-stamp.mjs gives route handlers the TCP peer's address (clientAddress()).
  const peerStamp = path.join(ROOT, 'server', 'security', 'peer-stamp.mjs');
  // The web process's memory (docs/ops.md, "Memory of the web process"): a small young generation
  // and two malloc arenas keep its RSS from growing with garbage and per-thread arenas; the old
  // space is capped only when asked (RUNWELL_WEB_HEAP_MB), since a cap too low ends in an OOM.
  const heap = [`--max-semi-space-size=${WEB_SEMI_SPACE_MB}`, ...(env.RUNWELL_WEB_HEAP_MB > 0 ? [`--max-old-space-size=${env.RUNWELL_WEB_HEAP_MB}`] : [])];
  const webEnv = { ...runEnv, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' };
  const web = spawnPrefixed('[web]', [...heap, '--import', pathToFileURL(peerStamp).href, nextBin(), 'start', '-H', host, '-p', String(port)], webEnv);
  const workerProcs = new Map<number, ChildProcess>();
  let stopping = false;
  // The demo cluster: the simulator's shop scenario with a little churn, so pages move.
  const sim =
    opts.demo && opts.demoCluster
      ? spawnPrefixed('[sim]', [BIN, 'sim', '--scenario', 'shop', '--churn', '1', '--port', String(demoClusterPort)], runEnv)
      : null;

  const startWorkerProc = (index: number, attempt = 0) => {
    const child = spawnPrefixed(`[worker-${index}]`, [BIN, 'worker'], runEnv);
    const startedAt = Date.now();
    workerProcs.set(index, child);
    child.once('exit', (code, signal) => {
      if (stopping) return;
      // A worker that ran for a while starts over from a short delay; one that
      // keeps crashing backs off up to a minute.
      const next = Date.now() - startedAt > 60_000 ? 0 : attempt + 1;
      const delay = Math.min(60_000, 1000 * 2 ** next);
      process.stderr.write(`[worker-${index}] exited (${signal ?? `code ${code}`}); restarting in ${delay / 1000}s\n`);
      setTimeout(() => !stopping && startWorkerProc(index, next), delay).unref();
    });
  };
  for (let i = 1; i <= workers; i += 1) startWorkerProc(i);

  let demoAlerts: DemoAlertmanager | null = null;
  const stopAll = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    demoAlerts?.stop();
    // Workers first (they finish their running jobs), then the web server.
    const children = [...workerProcs.values(), web, ...(sim ? [sim] : [])];
    for (const child of workerProcs.values()) signalGroup(child, signal);
    signalGroup(web, signal);
    if (sim) signalGroup(sim, signal);
    const timer = setTimeout(() => children.forEach((c) => signalGroup(c, 'SIGKILL')), STOP_TIMEOUT_MS);
    await Promise.all(children.map(exited));
    clearTimeout(timer);
  };
  // If this process dies, its children (own process groups) must not linger.
  const killChildren = () => [...workerProcs.values(), web, ...(sim ? [sim] : [])].forEach((c) => signalGroup(c, 'SIGTERM'));
  process.once('exit', killChildren);

  let received: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) {
      log(`Received ${signal} again; killing everything`);
      [...workerProcs.values(), web].forEach((c) => signalGroup(c, 'SIGKILL'));
      return;
    }
    received = signal;
    log(`Received ${signal}: stopping workers (running jobs may finish) and the web server…`);
    void stopAll('SIGTERM');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  void waitForHealth(baseUrl, web, HEALTH_TIMEOUT_MS).then((state) => {
    if (state === 'up' && !stopping) {
      log(`Runwell is up at ${baseUrl}`);
      if (demoAlertToken) {
        demoAlerts = startDemoAlertmanager({ webhookUrl: `${baseUrl}/api/webhooks/alertmanager`, token: demoAlertToken, windows: shopIncidentWindows('runwell', Date.now()), log });
      }
      if (seeded) log('Sign in with one of the demo users above (e.g. admin@demo.runwell.local).');
    }
  });

  const webCode = await exited(web);
  const unexpected = !stopping;
  if (unexpected) {
    process.stderr.write(`runwell: the web server exited (code ${webCode ?? web.signalCode}); stopping workers\n`);
    await stopAll('SIGTERM');
  } else {
    await Promise.all([...workerProcs.values()].map(exited));
  }
  process.off('exit', killChildren);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (!unexpected) {
    log('Runwell stopped');
    return 0;
  }
  return webCode && webCode !== 0 ? webCode : 1;
}
