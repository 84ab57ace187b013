import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { descendants, freePort, RunwellProcess } from '../../e2e/processes';

// A Runwell installation for the benchmarks that run real processes
// (bench/overview.bench.ts, bench/scale-out.bench.ts): the environment of the
// processes on a scratch database, a wait that gives up when a process dies,
// and the demo organisation collected from the simulated demo cluster.

/**
 * The environment of Runwell processes on scratch database `db` at `url`, with
 * secrets of their own (this process gets the same sealing key, so the tokens
 * it creates through the services open in theirs). A web process adds its
 * NEXTAUTH_URL (`webEnv`).
 */
export function installationEnv(db: string, url: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url,
    NEXT_TELEMETRY_DISABLED: '1',
    NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
    RUNWELL_SECRET_KEY: randomBytes(32).toString('base64'),
    RUNWELL_DATA_DIR: `/tmp/${db}`,
    ...extra,
  };
  delete env.NEXTAUTH_URL;
  // Runwell's processes at their default pools (scratchDatabase sized this process's).
  delete env.RUNWELL_DB_POOL;
  process.env.RUNWELL_SECRET_KEY = env.RUNWELL_SECRET_KEY;
  return env;
}

export const webEnv = (env: NodeJS.ProcessEnv, port: number): NodeJS.ProcessEnv => ({ ...env, NEXTAUTH_URL: `http://127.0.0.1:${port}` });

/** A process's stderr (and with BENCH_VERBOSE=1 its stdout) on this one's stderr, prefixed with its name. */
export const echo =
  (name: string) =>
  (line: string, stream: 'stdout' | 'stderr'): void => {
    if (stream === 'stderr' || process.env.BENCH_VERBOSE) process.stderr.write(`[${name}] ${line}\n`);
  };

/** Polls `check` every `intervalMs` until it holds; throws after `timeoutMs`, or as soon as `proc` has exited. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, opts: { proc?: RunwellProcess; intervalMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // A check that throws counts as not yet; the last error is told if time runs out.
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    if (opts.proc && !opts.proc.running) throw new Error(`${opts.proc.name} exited while waiting for ${what}; last lines:\n${opts.proc.tail(30)}`);
    const held = await check().then(
      (ok) => ok,
      (error: unknown) => {
        lastError = error;
        return false;
      },
    );
    if (held) return;
    await sleep(opts.intervalMs ?? 2_000);
  }
  throw new Error(`timed out waiting for ${what}${lastError ? ` (last check failed: ${(lastError as Error).message ?? String(lastError)})` : ''}`);
}

/** Rows in `table` of this process's database (DATABASE_URL). */
export async function tableCount(table: string): Promise<number> {
  const { getPrisma } = await import('@/server/db');
  return Number((await getPrisma().$queryRawUnsafe<Array<{ n: bigint }>>(`SELECT count(*) AS n FROM "${table}"`))[0]!.n);
}

/**
 * The demo organisation, collected by a real worker from the simulated demo
 * cluster: `runwell serve --demo --workers 1` (which builds the web app first,
 * unless `build` is false) until readiness results and incidents are stored,
 * 20 s more for the first collection to settle (capacity snapshot, domains),
 * then stopped. The simulated cluster listened on `clusterPort`: a later run
 * that collects it again starts `runwell sim --scenario shop` there.
 */
export async function collectDemoOrg(env: NodeJS.ProcessEnv, opts: { build?: boolean } = {}): Promise<{ seconds: number; clusterPort: number }> {
  const started = Date.now();
  const port = await freePort();
  const clusterPort = await freePort();
  const args = ['serve', '--demo', '--workers', '1', '--port', String(port), '--demo-cluster-port', String(clusterPort), ...(opts.build === false ? ['--no-build'] : [])];
  const serve = new RunwellProcess('demo', args, webEnv(env, port), { echo: echo('demo') });
  try {
    await waitFor('the demo data (readiness results and incidents)', async () => (await tableCount('ReadinessResult')) > 0 && (await tableCount('Incident')) > 0, 15 * 60_000, { proc: serve });
    await sleep(20_000);
  } finally {
    await serve.stop();
  }
  return { seconds: (Date.now() - started) / 1000, clusterPort };
}

/** The next-server process below a `runwell serve` (its web server), or null. */
export function nextServerPid(serve: RunwellProcess): number | null {
  const below = descendants(serve.pid);
  return (below.find((p) => /next-server/.test(p.cmd)) ?? below.find((p) => /next\/dist\/bin\/next/.test(p.cmd)))?.pid ?? null;
}

/** What a web process's memory is made of (MiB), by its own account: prom-client's runtime metrics on /metrics. */
export async function webMemory(base: string): Promise<{ rss: number; heapUsed: number; heapTotal: number; external: number }> {
  const scraped = await (await fetch(`${base}/metrics`)).text();
  const gauge = (name: string) => {
    const m = new RegExp(`^runwell_${name} ([0-9.e+]+)$`, 'm').exec(scraped);
    return m ? Number(m[1]) / 2 ** 20 : NaN;
  };
  return {
    rss: gauge('process_resident_memory_bytes'),
    heapUsed: gauge('nodejs_heap_size_used_bytes'),
    heapTotal: gauge('nodejs_heap_size_total_bytes'),
    external: gauge('nodejs_external_memory_bytes'),
  };
}
