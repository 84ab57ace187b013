import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { totalmem } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import { Option, type Command } from 'commander';
import { dataDir, readEnv } from '@/server/config';
import { decideBuild, readBuildId, readStamp, sourceHash, writeStamp } from '../build-stamp';
import { CliError, EXIT } from '../exit';
import { parseCount } from '../options';
import { webMemory } from '../web-memory';
import type { DemoAlertmanager } from '@/server/seed/demo-alertmanager.service';
import { preparedSchema, type Prepared, type PrepareOptions } from './serve-handoff';

// The long-lived supervisor of `runwell serve`. It must stay light: every web
// pod carries it next to the web server. The one-off work that needs the
// server's modules (database, migrations, demo data) runs in a child process
// (serve-prepare.ts, loaded only there).

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'runwell.mjs');
const HEALTH_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 40_000;

type ServeOptions = {
  demo?: boolean;
  port?: string;
  host?: string;
  workers?: string;
  build: boolean;
  demoCluster: boolean;
  demoClusterPort?: string;
  demoAlerts: boolean;
  prepareOnly?: boolean;
};

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
    .addOption(new Option('--prepare-only', 'internal: the preparation child of `runwell serve`').hideHelp())
    .action(async (opts: ServeOptions) => {
      if (opts.prepareOnly) {
        const { prepareForSupervisor } = await import('./serve-prepare');
        await prepareForSupervisor(prepareOptions(opts));
        return;
      }
      const code = await serve(opts);
      if (code !== 0) throw new CliError('Runwell stopped because its web server exited unexpectedly', EXIT.failed);
    });
}

function demoClusterPort(opts: ServeOptions): number {
  return parseCount(opts.demoClusterPort ?? process.env.RUNWELL_DEMO_CLUSTER_PORT ?? '6443', '--demo-cluster-port', 1, 65535);
}

function prepareOptions(opts: ServeOptions): PrepareOptions {
  return { demo: opts.demo, demoCluster: opts.demoCluster, demoAlerts: opts.demoAlerts, demoClusterUrl: `http://127.0.0.1:${demoClusterPort(opts)}` };
}

// Runs `serve --prepare-only` with the options that matter to it and waits for
// its result. The child shares the terminal (its lines are the serve log) and
// the process group (Ctrl-C reaches it); a SIGTERM sent to this process alone
// (Kubernetes) is passed on. It reports its own errors, so a failure here only
// carries its exit code.
async function prepareInChild(opts: ServeOptions): Promise<Prepared> {
  const args = [
    BIN,
    'serve',
    '--prepare-only',
    ...(opts.demo ? ['--demo'] : []),
    ...(opts.demoCluster ? [] : ['--no-demo-cluster']),
    ...(opts.demoAlerts ? [] : ['--no-demo-alerts']),
    '--demo-cluster-port',
    String(demoClusterPort(opts)),
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let prepared: Prepared | null = null;
  child.on('message', (message) => {
    prepared = preparedSchema.parse(message);
  });
  const onSignal = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGTERM', onSignal);
  try {
    const code = await exited(child);
    if (code !== 0 || !prepared) throw new CliError('', code && code !== 0 ? code : EXIT.failed);
    return prepared;
  } finally {
    process.off('SIGTERM', onSignal);
  }
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

  // The web process's memory (docs/ops.md, "Memory of the web process"): jemalloc when the
  // system has it, a small young generation, and an old space of 320 MiB unless set.
  // Checked before anything is prepared: a wrong setting stops here.
  const memory = webMemory({
    heapMb: env.RUNWELL_WEB_HEAP_MB,
    memory: { totalBytes: totalmem(), constrainedBytes: process.constrainedMemory() },
    jemalloc: env.RUNWELL_WEB_JEMALLOC,
    preload: process.env.LD_PRELOAD,
    arenaMax: process.env.MALLOC_ARENA_MAX,
    exists: existsSync,
  });
  if ('error' in memory) throw new CliError(memory.error, EXIT.usage);
  log(`Web process memory: ${memory.allocator}, ${memory.heap}`);

  // 1-4. Database, secrets, migrations, demo data: in a child process that exits when done.
  const { databaseUrl: url, secrets, seeded, demoAlertToken } = await prepareInChild(opts);

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
  const webEnv = { ...runEnv, ...memory.env };
  const web = spawnPrefixed('[web]', [...memory.nodeArgs, '--import', pathToFileURL(peerStamp).href, nextBin(), 'start', '-H', host, '-p', String(port)], webEnv);
  const workerProcs = new Map<number, ChildProcess>();
  let stopping = false;
  // The demo cluster: the simulator's shop scenario with a little churn, so pages move.
  const sim =
    opts.demo && opts.demoCluster
      ? spawnPrefixed('[sim]', [BIN, 'sim', '--scenario', 'shop', '--churn', '1', '--port', String(demoClusterPort(opts))], runEnv)
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

  void waitForHealth(baseUrl, web, HEALTH_TIMEOUT_MS).then(async (state) => {
    if (state === 'up' && !stopping) {
      log(`Runwell is up at ${baseUrl}`);
      if (demoAlertToken) {
        // Loaded only for the demo: the supervisor of a real installation stays light.
        const [{ startDemoAlertmanager }, { shopIncidentWindows }] = await Promise.all([import('@/server/seed/demo-alertmanager.service'), import('@/simulator/prom-series')]);
        if (!stopping) demoAlerts = startDemoAlertmanager({ webhookUrl: `${baseUrl}/api/webhooks/alertmanager`, token: demoAlertToken, windows: shopIncidentWindows('runwell', Date.now()), log });
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
