// `npm run bench:inventory`: Runwell's inventory collector against a simulated
// 5,000-node / 150,000-pod cluster (simulator in its own process), into a
// scratch Postgres database. Measures the initial sync, the collector process'
// peak RSS, the lag under 500 events/s of churn (simulator emit time -> row
// committed), and, in the same run, client-node's stock makeInformer on pods
// and `kubectl get pods -A -o json`. Writes bench/results/inventory.md.
// Needs ~16 GB of free memory for a few minutes: kubectl peaks at ~13 GB
// holding 150k pods, the stock informer at ~2 GB before it fails.

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
// Bounds, so a run always ends: the stock informer and kubectl on 150k pods take minutes or fail.
const SYNC_TIMEOUT_S = Number(process.env.BENCH_SYNC_TIMEOUT ?? 300);
const INFORMER_TIMEOUT_S = Number(process.env.BENCH_INFORMER_TIMEOUT ?? 240);
const KUBECTL_TIMEOUT_S = Number(process.env.BENCH_KUBECTL_TIMEOUT ?? 300);
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
  const { startSimulator } = await import('@/simulator');
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
  const { KIND_DEFS } = await import('@/server/inventory/kinds.compute');
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
  // start() resolves once the (unpaged) list is in the cache and the watch begins
  // (on a failed list it emits 'error'; a rejection counts as the failure too).
  await informer.start().catch((error: unknown) => {
    failure ||= `${(error as { code?: string }).code ?? ''} ${(error as Error).message}`.trim();
  });
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

/** Peak RSS (VmHWM) of another process, in MB; NaN once it is gone. */
function hwmMB(pid: number | undefined): number {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
}

interface InformerResult {
  ms: number;
  rssMB: number;
  cached: number;
  failure: string;
  timedOut: boolean;
  load: string;
}

/** client-node's makeInformer in its own process, killed after INFORMER_TIMEOUT_S; its peak RSS is read from /proc meanwhile. */
async function runInformer(simUrl: string): Promise<InformerResult> {
  const load = loadavg();
  const t0 = Date.now();
  const inf = child('informer', { BENCH_SIM_URL: simUrl });
  let peak = 0;
  const poll = setInterval(() => (peak = Math.max(peak, hwmMB(inf.pid) || 0)), 250);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), INFORMER_TIMEOUT_S * 1000)));
  const msg = await Promise.race([next(inf, 'informer').catch((error: Error) => ({ type: 'informer', crashed: error.message }) as Msg), timeout]);
  clearTimeout(timer);
  clearInterval(poll);
  peak = Math.max(peak, hwmMB(inf.pid) || 0);
  inf.kill('SIGKILL');
  if (!msg) return { ms: Date.now() - t0, rssMB: Math.round(peak), cached: 0, failure: `no cache after ${INFORMER_TIMEOUT_S} s (killed)`, timedOut: true, load };
  if (msg.crashed) return { ms: Date.now() - t0, rssMB: Math.round(peak), cached: 0, failure: `process died: ${String(msg.crashed)}`, timedOut: false, load };
  return { ms: Number(msg.ms), rssMB: Math.max(Number(msg.rssMB), Math.round(peak)), cached: Number(msg.cached), failure: String(msg.failure ?? ''), timedOut: false, load };
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
  const synced = await Promise.race([
    next(col, 'synced'),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`initial sync not done after ${SYNC_TIMEOUT_S} s`)), SYNC_TIMEOUT_S * 1000).unref()),
  ]);
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
    await sh('dropdb', ['-h', '127.0.0.1', '-U', 'postgres', '--if-exists', '--force', DB]);
    process.exit(0);
  }

  const loadChurn = loadavg();
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

  const informer = await runInformer(simUrl);
  console.log(`makeInformer: ${JSON.stringify(informer)}`);

  const loadKubectl = loadavg();
  const t0 = Date.now();
  // Output to /dev/null (not through a pipe we buffer): ~600 MB of JSON. time(1)
  // reports the largest RSS of the processes it waited for (kubectl, under timeout:
  // TERM, so that timeout itself lives to reap kubectl, then KILL 10 s later).
  const kubectl = await sh('sh', ['-c', `/usr/bin/time -v timeout -k 10 ${KUBECTL_TIMEOUT_S} kubectl --server ${simUrl} get pods -A -o json --request-timeout=0 > /dev/null`]);
  const kubectlMs = Date.now() - t0;
  const kubectlRss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(kubectl.stderr)?.[1] ?? NaN) / 1024;
  const kubectlTimedOut = /non-zero status (124|137)/.test(kubectl.stderr) || kubectlMs >= KUBECTL_TIMEOUT_S * 1000;
  console.log(`kubectl: ${kubectlMs} ms, RSS ${Math.round(kubectlRss)} MB, exit ${kubectl.code}${kubectlTimedOut ? ' (timed out)' : ''}`);

  sim.send({ type: 'exit' });
  await sh('dropdb', ['-h', '127.0.0.1', '-U', 'postgres', '--if-exists', '--force', DB]);

  const verdict = (ok: boolean) => (ok ? 'meets' : '**misses**');
  const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const slowest = (synced.listMs as [string, number][]).sort((a, b) => b[1] - a[1]).slice(0, 3);
  const informerTime = informer.timedOut
    ? `no cache after ${sec(informer.ms)} (killed)`
    : informer.failure
      ? `**failed** after ${sec(informer.ms)}`
      : `${sec(informer.ms)} to cache ready`;
  const md = `# Inventory collector benchmark

\`npm run bench:inventory\` (bench/inventory.bench.ts), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${os.cpus().length} shared cores
(${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, PostgreSQL on localhost. Simulator: ${NODES} nodes,
${PODS} pods plus its proportional workloads (generated, in its own process; started in ${ready.startMs} ms).
Runwell's collector runs in its own process (RSS measured there alone) and writes into a fresh,
migrated database. The machine is shared with other work: the load average (1, 5, 15 min) is
given for each measurement; everything here is CPU-bound on 2 cores, so figures scale with it.

| | time | peak RSS | target | load avg at start | notes |
| --- | --- | --- | --- | --- | --- |
| Runwell collector, initial sync of ${synced.rows} objects | **${sec(Number(synced.ms))}** | **${synced.rssMB} MB** | <= 60 s: ${verdict(Number(synced.ms) <= 60_000)}; <= 700 MB: ${verdict(Number(synced.rssMB) <= 700)} | ${load0} | all watched kinds, pages of 500, 4 lists at once, rows committed in Postgres; metrics.k8s.io (polled every 60 s) not included |
| Runwell collector, churn at ${CHURN} events/s requested (${churn.rate}/s emitted) | lag p50 ${churn.p50} ms, **p99 ${churn.p99} ms**, max ${churn.max} ms | ${churn.rssMB} MB | p99 <= 2,000 ms: ${verdict(churn.p99 <= 2000)} | ${loadChurn} | emit → committed in Postgres, ${churn.matched} changes matched (details below) |
| client-node \`makeInformer\` on pods | ${informerTime} | ${informer.rssMB} MB | none (comparison) | ${informer.load} | ${informer.failure && !informer.timedOut ? `${informer.failure}${informer.failure.includes('ERR_STRING_TOO_LONG') ? ': the unpaged 150k-pod list (~620 MB of JSON) is decoded as one string, over V8\'s 512 MB string limit' : ''}; ` : ''}${informer.cached} pods cached in memory, nothing written anywhere |
| \`kubectl get pods -A -o json\` | ${kubectlTimedOut ? `not done after ${sec(kubectlMs)} (killed)` : sec(kubectlMs)} | ${Number.isNaN(kubectlRss) ? '-' : `${Math.round(kubectlRss)} MB`} | none (comparison) | ${loadKubectl} | exit ${kubectl.code}; kubectl lists in pages of 500 (its default \`--chunk-size\`) but holds every pod to print one List; output to /dev/null; peak RSS from \`/usr/bin/time -v\` |

## Initial sync: where the CPU went

| collector | simulator (serving the lists) | Postgres backends of the bench database | load avg at start → at the end |
| --- | --- | --- | --- |
| ${sec(Number(synced.cpuMs))} | ${sec(syncSimCpuMs)} | ${sec(syncPgCpuMs)} | ${load0} → ${syncLoad} |

Longest lists (they run 4 at a time, so they overlap): ${slowest.map(([k, ms]) => `${k} ${sec(ms)}`).join(', ')}.

## Churn

${CHURN} events/s requested for ${CHURN_SECONDS} s; the simulator emitted ${churn.events} store changes (${churn.rate}/s, all kinds,
including Events which Runwell does not collect; one churn operation produces several watch events). Lag = time the
simulator emitted the change to the time the batch holding it was committed in Postgres, matched by resourceVersion for
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
run().catch(async (error) => {
  console.error(error);
  if (!mode) await sh('dropdb', ['-h', '127.0.0.1', '-U', 'postgres', '--if-exists', '--force', DB]);
  process.exit(1);
});
