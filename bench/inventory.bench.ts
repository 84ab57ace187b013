// `npm run bench:inventory`: Runwell's inventory collector against a simulated
// 5,000-node / 150,000-pod cluster (simulator in its own process), into a
// scratch Postgres database. Measures the initial sync, the collector process'
// peak RSS, the lag under 500 events/s of churn (simulator emit time -> row
// committed), and, in the same run, client-node's stock makeInformer on pods
// and `kubectl get pods -A -o json`. Writes bench/results/inventory.md.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const NODES = Number(process.env.BENCH_NODES ?? 5000);
const PODS = Number(process.env.BENCH_PODS ?? 150_000);
const CHURN = Number(process.env.BENCH_CHURN ?? 500);
const CHURN_SECONDS = Number(process.env.BENCH_CHURN_SECONDS ?? 30);
const PORT = Number(process.env.BENCH_SIM_PORT ?? 6511);
const DB = `${process.env.BENCH_DB_PREFIX ?? 'runwell_inv_bench_'}${process.pid}`;
// BENCH_ONLY=sync stops after the initial sync (profiling); BENCH_CPU_PROF=DIR profiles the collector.
const ONLY = process.env.BENCH_ONLY ?? '';
const PG = process.env.RUNWELL_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const dbUrl = () => {
  const u = new URL(PG);
  u.pathname = `/${DB}`;
  return u.toString();
};
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const SELF = path.resolve(import.meta.dirname, 'inventory.bench.ts');

type Msg = Record<string, unknown> & { type: string };

function child(mode: string, env: Record<string, string> = {}): ChildProcess {
  const prof = mode === 'collector' && process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  return spawn(process.execPath, [...prof, '--import', 'tsx', SELF, mode], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...env } });
}
function next(c: ChildProcess, type: string): Promise<Msg> {
  return new Promise((resolve, reject) => {
    const onMsg = (m: Msg) => {
      if (m.type === type) {
        c.off('message', onMsg);
        resolve(m);
      }
    };
    c.on('message', onMsg);
    c.once('exit', (code) => setTimeout(() => reject(new Error(`${type}: child exited with ${code}`)), 2000));
  });
}
function peakRss(): () => number {
  // memoryUsage.rss() only reads the RSS (memoryUsage() walks the heap spaces every 50 ms)
  let peak = process.memoryUsage.rss();
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  t.unref();
  return () => {
    clearInterval(t);
    // maxRSS (KiB) also catches peaks between samples
    return Math.max(peak, process.resourceUsage().maxRSS * 1024);
  };
}

// ---- child: simulator ----
async function simMain() {
  const { startSimulator } = await import('@/server/integrations/kubernetes/simulator');
  const t0 = Date.now();
  const sim = await startSimulator({ nodes: NODES, pods: PODS, port: PORT, seed: 'bench-inventory' });
  const emitted = new Map<string, number>();
  let recording = false;
  sim.store.onChange((e) => {
    if (recording) emitted.set(String(e.rv), Date.now());
  });
  process.send!({ type: 'ready', url: sim.url, startMs: Date.now() - t0 });
  process.on('message', (m: Msg) => {
    if (m.type === 'churn-start') {
      recording = true;
      sim.churn.eventsPerSecond = CHURN;
      sim.churn.start(20);
    } else if (m.type === 'churn-stop') {
      sim.churn.stop();
      recording = false;
      process.send!({ type: 'emitted', rvs: [...emitted.entries()] });
    } else if (m.type === 'cpu') {
      const cpu = process.cpuUsage();
      process.send!({ type: 'cpu', ms: Math.round((cpu.user + cpu.system) / 1000) });
    } else if (m.type === 'exit') {
      void sim.close().then(() => process.exit(0));
    }
  });
}

// ---- child: Runwell collector ----
async function collectorMain() {
  const rss = peakRss();
  const { getPrisma } = await import('@/server/db');
  const { startClusterCollector } = await import('@/server/inventory/collector.service');
  const { KIND_DEFS } = await import('@/server/inventory/transform.compute');
  const url = process.env.BENCH_SIM_URL!;
  const cluster = await getPrisma().cluster.create({ data: { name: 'bench', connectionKind: 'simulator', apiUrl: url } });
  const kinds = KIND_DEFS.filter((d) => !d.pollSeconds);
  const commits: [string, number][] = [];
  let recording = false;
  const t0 = Date.now();
  const cpu0 = process.cpuUsage();
  const synced = new Set<string>();
  const listStarted = new Map<string, number>();
  const listMs: [string, number][] = [];
  let reported = false;
  const collector = startClusterCollector(cluster.id, { kind: 'simulator', apiUrl: url }, {
    kinds,
    listConcurrency: 4,
    ...(process.env.BENCH_LIST_WRITES ? { listWritesInFlight: Number(process.env.BENCH_LIST_WRITES) } : {}),
    hooks: {
      onCommitted: (_kind, rvs, at) => {
        if (recording) for (const rv of rvs) commits.push([rv, at]);
      },
      onKindState: (kind, state) => {
        if (state === 'syncing') listStarted.set(kind, Date.now());
        if (state === 'synced' && !synced.has(kind)) listMs.push([kind, Date.now() - (listStarted.get(kind) ?? t0)]);
        if (state === 'synced') synced.add(kind);
        if (!reported && synced.size === kinds.length) {
          reported = true;
          const syncRss = rss();
          const ms = Date.now() - t0;
          const cpu = process.cpuUsage(cpu0);
          void getPrisma()
            .inventoryObject.count({ where: { clusterId: cluster.id } })
            .then((rows) => process.send!({ type: 'synced', ms, rssMB: mb(syncRss), rows, cpuMs: Math.round((cpu.user + cpu.system) / 1000), listMs }));
        }
      },
    },
  });
  const churnRss = peakRss();
  process.on('message', (m: Msg) => {
    if (m.type === 'record') recording = true;
    if (m.type === 'report') {
      recording = false;
      // let in-flight batches land
      setTimeout(() => {
        // exit only once the (large) message is handed over, or the parent sees the exit first
        process.send!({ type: 'commits', commits, rssMB: mb(churnRss()) }, undefined, {}, () => {
          void collector.stop().then(() => process.exit(0));
        });
      }, 3000);
    }
  });
}

// ---- child: client-node's makeInformer on pods ----
async function informerMain() {
  const rss = peakRss();
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'sim', server: process.env.BENCH_SIM_URL!, skipTLSVerify: true }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'c', cluster: 'sim', user: 'u' }],
    currentContext: 'c',
  });
  const api = kc.makeApiClient(k8s.CoreV1Api);
  const t0 = Date.now();
  const informer = k8s.makeInformer(kc, '/api/v1/pods', () => api.listPodForAllNamespaces());
  let failure = '';
  informer.on('error', (error) => {
    failure = `${(error as { code?: string }).code ?? ''} ${(error as Error).message}`.trim();
  });
  // start() resolves once the (unpaged) list is in the cache and the watch begins.
  await informer.start();
  const ms = Date.now() - t0;
  const cached = informer.list().length;
  process.send!({ type: 'informer', ms, rssMB: mb(rss()), cached, failure });
  await informer.stop();
  process.exit(0);
}

function sh(cmd: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => resolve({ stdout, stderr, code: error ? ((error as { code?: number }).code ?? 1) : 0 }));
  });
}

const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/**
 * CPU time (user + system) of the Postgres backends serving the bench database:
 * sampled every 500 ms per backend (pooled connections close when idle, taking
 * their counters with them), summed when stopped.
 */
function postgresCpu(): () => Promise<number> {
  const byPid = new Map<string, number>();
  const sample = async () => {
    const pids = await sh('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'postgres', '-Atc', `SELECT pid FROM pg_stat_activity WHERE datname = '${DB}'`]);
    for (const pid of pids.stdout.split('\n').filter(Boolean)) {
      try {
        // fields 14 and 15 of /proc/PID/stat: utime, stime, in clock ticks (USER_HZ = 100)
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
        byPid.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
      } catch {
        // the backend ended in between
      }
    }
  };
  let sampling = sample();
  const t = setInterval(() => (sampling = sampling.then(sample)), 500);
  return async () => {
    clearInterval(t);
    await sampling.then(sample);
    return [...byPid.values()].reduce((a, b) => a + b, 0);
  };
}

function pct(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main() {
  const { migrateDatabase } = await import('@/server/database/migrate.service');
  await sh('createdb', ['-h', '127.0.0.1', '-U', 'postgres', DB]);
  await migrateDatabase(dbUrl());
  const sim = child('sim');
  const ready = await next(sim, 'ready');
  const simUrl = ready.url as string;
  console.log(`simulator ${NODES} nodes / ${PODS} pods ready in ${ready.startMs} ms at ${simUrl}`);

  const simCpu = async () => {
    const p = next(sim, 'cpu');
    sim.send({ type: 'cpu' });
    return Number((await p).ms);
  };
  const simCpu0 = await simCpu();
  const load0 = loadavg();
  const pgCpu = postgresCpu();
  const col = child('collector', { DATABASE_URL: dbUrl(), BENCH_SIM_URL: simUrl });
  const synced = await next(col, 'synced');
  const syncSimCpuMs = (await simCpu()) - simCpu0;
  const syncPgCpuMs = await pgCpu();
  const syncLoad = loadavg();
  console.log(`initial sync: ${synced.ms} ms, ${synced.rows} rows, peak RSS ${synced.rssMB} MB; CPU: collector ${synced.cpuMs} ms, simulator ${syncSimCpuMs} ms, Postgres backends ${syncPgCpuMs} ms; load ${load0} -> ${syncLoad}`);
  console.log(`slowest lists: ${(synced.listMs as [string, number][]).sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, ms]) => `${k} ${ms} ms`).join(', ')}`);
  if (ONLY === 'sync') {
    const commitsP = next(col, 'commits');
    col.send({ type: 'report' });
    await commitsP;
    sim.send({ type: 'exit' });
    await sh('dropdb', ['-h', '127.0.0.1', '-U', 'postgres', '--if-exists', DB]);
    process.exit(0);
  }

  col.send({ type: 'record' });
  sim.send({ type: 'churn-start' });
  await new Promise((r) => setTimeout(r, CHURN_SECONDS * 1000));
  const emittedP = next(sim, 'emitted');
  sim.send({ type: 'churn-stop' });
  const emitted = new Map((await emittedP).rvs as [string, number][]);
  const commitsP = next(col, 'commits');
  col.send({ type: 'report' });
  const commitsMsg = await commitsP;
  const lags: number[] = [];
  for (const [rv, at] of commitsMsg.commits as [string, number][]) {
    const t = emitted.get(rv);
    if (t !== undefined) lags.push(at - t);
  }
  const churn = { events: emitted.size, rate: Math.round(emitted.size / CHURN_SECONDS), matched: lags.length, p50: pct(lags, 50), p99: pct(lags, 99), max: Math.max(...lags), rssMB: commitsMsg.rssMB };
  console.log(`churn: ${JSON.stringify(churn)}`);

  const inf = child('informer', { BENCH_SIM_URL: simUrl });
  const informer = await next(inf, 'informer');
  console.log(`makeInformer: ${JSON.stringify(informer)}`);

  const t0 = Date.now();
  // Output to /dev/null (not through a pipe we buffer): ~600 MB of JSON.
  const kubectl = await sh('sh', ['-c', `/usr/bin/time -v kubectl --server ${simUrl} get pods -A -o json --request-timeout=0 > /dev/null`]).catch(() => null);
  const kubectlMs = Date.now() - t0;
  const kubectlRss = kubectl ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(kubectl.stderr)?.[1] ?? NaN) / 1024 : NaN;
  console.log(`kubectl: ${kubectlMs} ms, RSS ${Math.round(kubectlRss)} MB, exit ${kubectl?.code}`);

  sim.send({ type: 'exit' });
  await sh('dropdb', ['-h', '127.0.0.1', '-U', 'postgres', '--if-exists', DB]);

  const verdict = (ok: boolean) => (ok ? 'meets' : '**misses**');
  const md = `# Inventory collector benchmark

\`npm run bench:inventory\` (bench/inventory.bench.ts), ${new Date().toISOString().slice(0, 10)}, 2 shared cores,
PostgreSQL 15 on localhost. Simulator: ${NODES} nodes, ${PODS} pods plus its proportional
workloads (generated, in its own process; started in ${ready.startMs} ms). Runwell's collector
runs in its own process (RSS measured there alone) and writes into a fresh, migrated database.

| | time | peak RSS | notes |
| --- | --- | --- | --- |
| Runwell collector, initial sync of ${synced.rows} objects (all watched kinds, paginated lists of 500, 4 list streams) | **${(Number(synced.ms) / 1000).toFixed(1)} s** (target <= 60 s: ${verdict(Number(synced.ms) <= 60_000)}) | **${synced.rssMB} MB** (target <= 700 MB: ${verdict(Number(synced.rssMB) <= 700)}) | rows committed in Postgres; metrics.k8s.io (polled every 60 s) not included |
| client-node \`makeInformer\` on pods (unpaged list, full objects cached) | ${(Number(informer.ms) / 1000).toFixed(1)} s to cache ready | ${informer.rssMB} MB | ${informer.failure ? `**failed**: ${informer.failure} (the unpaged list is read as one string); ` : ''}${informer.cached} pods cached in memory, nothing written anywhere |
| \`kubectl get pods -A -o json\` | ${(kubectlMs / 1000).toFixed(1)} s | ${Math.round(kubectlRss)} MB | exit ${kubectl?.code}; output discarded |

## Churn

${CHURN} events/s requested for ${CHURN_SECONDS} s; the simulator emitted ${churn.events} store changes (${churn.rate}/s, all kinds,
including Events which Runwell does not collect). Lag = time the simulator emitted the change
to the time the batch holding it was committed in Postgres, matched by resourceVersion for
${churn.matched} committed changes (a change superseded inside the same batch is not committed on its own).

| p50 | p99 | max | collector peak RSS during churn |
| --- | --- | --- | --- |
| ${churn.p50} ms | **${churn.p99} ms** (target <= 2,000 ms: ${verdict(churn.p99 <= 2000)}) | ${churn.max} ms | ${churn.rssMB} MB |
`;
  writeFileSync(path.resolve(import.meta.dirname, 'results/inventory.md'), md);
  console.log(md);
  process.exit(0);
}

const mode = process.argv[2];
// A child never outlives the orchestrator (a failed run must not leave a 1 GB simulator behind).
if (mode) process.on('disconnect', () => process.exit(1));
const run = mode === 'sim' ? simMain : mode === 'collector' ? collectorMain : mode === 'informer' ? informerMain : main;
run().catch((error) => {
  console.error(error);
  process.exit(1);
});
