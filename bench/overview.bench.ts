// Overview under load: `npm run bench:overview` (tsx bench/overview.bench.ts).
//
// The production web process (`runwell serve`, next start) on a scratch
// database holding the demo organisation (collected from the simulated demo
// cluster by a real worker: inventory, readiness, incidents, alerts) plus
// 1,000 SLOs with their precomputed state, then 10,000. Over HTTP, with an
// API token, the same tRPC batches the browser sends:
// - the overview's batch at 50 requests/s (open loop), now and the way it
//   was (slo.list of every SLO instead of slo.overview), side by side;
// - the SLO list page (slo.page) at 1,000 and at 10,000 SLOs;
// - the web process's RSS sampled through the run (BENCH_OVERVIEW_SECONDS
//   sets the overview run's length; 3600 for the hour the issue asks for).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createTRPCClient, httpBatchLink, httpLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '@/server/trpc/root';
import { constantRate, descendants, rssMiB, type LoadResult } from './lib/load';
import { scratchDatabase } from './lib/scratch';

const RATE = Number(process.env.BENCH_OVERVIEW_RATE ?? 50);
const SECONDS = Number(process.env.BENCH_OVERVIEW_SECONDS ?? 60);
const SIDE_SECONDS = Math.min(SECONDS, 30);
// Keep the database (and print how to reach it) for profiling the web process by hand.
const KEEP = process.env.BENCH_OVERVIEW_KEEP === '1';
const DB = `runwell_overview_bench_${process.pid}`;
const system = { actor: { kind: 'system' as const, id: 'system' as const, name: 'bench' }, requestId: null };

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

const load = () => loadavg().map((x) => x.toFixed(2)).join(' / ');
const ms = (x: number) => `${Math.round(x)} ms`;

// What `runwell serve` said of the web process's memory settings (its allocator).
let webMemoryLine = '';

function serve(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['bin/runwell.mjs', 'serve', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout!.on('data', (d: Buffer) => {
    webMemoryLine = /^Web process memory: (.*)$/m.exec(d.toString())?.[1] ?? webMemoryLine;
    if (process.env.BENCH_VERBOSE) process.stdout.write(d);
  });
  child.stderr!.on('data', (d: Buffer) => process.stderr.write(d));
  return child;
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid!, 'SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 40_000))]);
  if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, server?: ChildProcess) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server && (server.exitCode !== null || server.signalCode !== null)) throw new Error(`runwell serve exited while waiting for ${what}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 2_000));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function main() {
  const loadStart = load();
  const { url, drop } = await scratchDatabase(DB, 4);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL: url,
    NEXT_TELEMETRY_DISABLED: '1',
    NEXTAUTH_URL: base,
    NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
    RUNWELL_SECRET_KEY: randomBytes(32).toString('base64'),
    RUNWELL_DATA_DIR: `/tmp/${DB}`,
  };
  Object.assign(process.env, { RUNWELL_SECRET_KEY: env.RUNWELL_SECRET_KEY });
  let web: ChildProcess | null = null;
  const rows: string[] = [];
  const kept = { token: '' };
  try {
    const { getPrisma } = await import('@/server/db');
    const prisma = getPrisma();
    const count = async (table: string) => Number((await prisma.$queryRawUnsafe<Array<{ n: bigint }>>(`SELECT count(*) AS n FROM "${table}"`))[0]!.n);

    // --- 1. the demo organisation, collected by a real worker from the simulated cluster ---
    let t = performance.now();
    web = serve(['--demo', '--workers', '1', '--port', String(port), '--demo-cluster-port', String(await freePort())], env);
    await waitFor('the demo data (readiness results and incidents)', async () => (await count('ReadinessResult')) > 0 && (await count('Incident')) > 0, 15 * 60_000, web);
    // Let the first collection settle (capacity snapshot, domains).
    await new Promise((r) => setTimeout(r, 20_000));
    await stop(web);
    web = null;
    const demoS = (performance.now() - t) / 1000;

    // --- 2. 1,000 SLOs on the demo services, with states from an hour of buckets ---
    const { addSlos } = await import('./lib/many-slos');
    t = performance.now();
    await addSlos(0, 1000);
    const slosS = (performance.now() - t) / 1000;

    const { createToken } = await import('@/server/tokens/tokens.service');
    // What the Overview reads: app.read, and post-mortems (the overdue count).
    const { secret } = await createToken(system, { name: 'bench', scopes: ['read', 'incidents'] });
    kept.token = secret;
    const clusters = await prisma.cluster.findMany({ select: { id: true } });
    const facts = {
      readiness: await count('ReadinessResult'),
      incidents: await count('Incident'),
      alerts: await count('Alert'),
      clusters: clusters.length,
      services: await count('Service'),
    };

    // --- 3. the web process alone (no worker), as a web replica runs ---
    web = serve(['--no-build', '--workers', '0', '--port', String(port)], env);
    await waitFor('the web process', async () => (await fetch(`${base}/api/health`)).ok, 120_000, web);
    const nextServer = () => descendants(web!.pid!).find((p) => /next-server|next\/dist\/bin\/next/.test(p.cmd))?.pid ?? null;
    const link = { url: `${base}/api/trpc`, transformer: superjson, headers: { authorization: `Bearer ${secret}` } };
    const client = createTRPCClient<AppRouter>({ links: [httpBatchLink(link)] });
    // Each Overview is its own browser: a client of its own, so two loads that
    // fall in one tick of a lagging load generator are not merged into one
    // request (one with twice the procedures, and past the URL limit).
    const browser = () => createTRPCClient<AppRouter>({ links: [httpBatchLink(link)] });
    const unbatched = createTRPCClient<AppRouter>({ links: [httpLink(link)] });
    // The Overview page's queries, issued in one tick: httpBatchLink sends them as one request, as in the browser.
    const queries = (c: typeof client): Array<[string, () => Promise<unknown>]> => [
      ['incidents.list', () => c.incidents.list.query({ state: 'open' })],
      ['alerts.list', () => c.alerts.list.query({ status: 'firing', limit: 200 })],
      ['oncall.overview', () => c.oncall.overview.query({ days: 7 })],
      ['postmortems.list', () => c.postmortems.list.query({ overdue: true, pageSize: 1 })],
      ['readiness.overview', () => c.readiness.overview.query({ days: 7 })],
      ['clusters.list', () => c.clusters.list.query()],
      ['domains.strip', () => c.domains.strip.query({})],
      ['system.status', () => c.system.status.query()],
      ...clusters.flatMap((cl): Array<[string, () => Promise<unknown>]> => [
        ['capacity.overview', () => c.capacity.overview.query({ clusterId: cl.id })],
        ['maintenance.get', () => c.maintenance.get.query({ clusterId: cl.id, pageSize: 10 })],
      ]),
    ];
    const overviewNow = () => {
      const c = browser();
      return Promise.all([c.slo.overview.query(), ...queries(c).map(([, q]) => q())]);
    };
    const overviewBefore = () => {
      const c = browser();
      return Promise.all([c.slo.list.query({}), ...queries(c).map(([, q]) => q())]);
    };
    const sloPage = (page = 1) => browser().slo.page.query({ sort: 'budget-asc', page, pageSize: 50 });

    // Warm-up: compile routes, fill pools and memos.
    await constantRate({ rate: 5, seconds: 10, fire: overviewNow });
    await constantRate({ rate: 5, seconds: 5, fire: overviewBefore });
    const pid = nextServer();
    const rssStart = pid ? rssMiB(pid) : null;
    const rss: number[] = [];
    const sampler = setInterval(() => {
      const v = pid ? rssMiB(pid) : null;
      if (v !== null) rss.push(v);
    }, 5_000);

    const single = async (fire: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < 20; i++) {
        const s = performance.now();
        await fire();
        times.push(performance.now() - s);
      }
      return times.sort((a, b) => a - b)[10]!;
    };
    const perProcedure: Array<[string, number]> = [];
    for (const [name, q] of [['slo.overview', () => unbatched.slo.overview.query()] as [string, () => Promise<unknown>], ...queries(unbatched)]) perProcedure.push([name, await single(q)]);
    const aloneNow = await single(overviewNow);
    const aloneBefore = await single(overviewBefore);
    const loadBefore = load();
    // The Overview and the SLO list page together, the load the RSS target is about.
    const [now, list1k] = await Promise.all([
      constantRate({ rate: RATE, seconds: SECONDS, fire: overviewNow }),
      constantRate({ rate: RATE / 5, seconds: SECONDS, fire: () => sloPage(1 + Math.floor(Math.random() * 20)) }),
    ]);
    clearInterval(sampler);
    const rssEnd = pid ? rssMiB(pid) : null;
    // The supervisor (`runwell serve` itself) lives beside the web process in the same container.
    const supervisorEnd = rssMiB(web.pid!);
    // The RSS along the run, every 5 s: its value at a few marks.
    const rssAt = (minute: number) => rss[Math.min(rss.length, Math.round((minute * 60) / 5)) - 1];
    const trend = [1, 5, 15, 30, 45, 60]
      .filter((m) => m * 60 <= SECONDS)
      .map((m) => `${m} min ${rssAt(m)?.toFixed(0) ?? '?'}`)
      .join(', ');
    // What the RSS is made of, from the process's own runtime metrics (prom-client's defaults on /metrics).
    const scraped = await (await fetch(`${base}/metrics`)).text();
    const gauge = (name: string) => {
      const m = new RegExp(`^runwell_${name} ([0-9.e+]+)$`, 'm').exec(scraped);
      return m ? Number(m[1]) / 2 ** 20 : NaN;
    };
    const memory = {
      rss: gauge('process_resident_memory_bytes'),
      heapUsed: gauge('nodejs_heap_size_used_bytes'),
      heapTotal: gauge('nodejs_heap_size_total_bytes'),
      external: gauge('nodejs_external_memory_bytes'),
    };
    // Then the way it was, and the whole list through the API (these overload the process: after the RSS reading).
    const fullList1k = await constantRate({ rate: 10, seconds: SIDE_SECONDS, fire: () => client.slo.list.query({}) });
    const before = await constantRate({ rate: RATE, seconds: SIDE_SECONDS, fire: overviewBefore });

    // --- 4. 10,000 SLOs: the list page, paged ---
    t = performance.now();
    await addSlos(1000, 10_000);
    const slos10kS = (performance.now() - t) / 1000;
    await new Promise((r) => setTimeout(r, 6_000)); // another process wrote them: the memo holds up to 5 s
    await constantRate({ rate: 5, seconds: 5, fire: () => sloPage(1) });
    const list10k = await constantRate({ rate: RATE, seconds: SIDE_SECONDS, fire: () => sloPage(1 + Math.floor(Math.random() * 200)) });
    const overview10k = await constantRate({ rate: RATE, seconds: SIDE_SECONDS, fire: overviewNow });
    const total10k = (await sloPage(1)).total;
    const loadEnd = load();

    const line = (what: string, r: LoadResult, target = '') =>
      `| ${what} | ${r.sent} in ${r.seconds.toFixed(0)} s | ${ms(r.p50)} | **${ms(r.p95)}** | ${ms(r.p99)} | ${ms(r.max)} | ${r.failed}${r.firstError ? ` (${r.firstError})` : ''} | ${target} |`;
    rows.push(
      '# Overview under load',
      '',
      `Run ${new Date().toISOString()} on ${cpus().length} CPU(s) (${cpus()[0]?.model.trim()}); load average (1 / 5 / 15 min) ${loadStart} at the start, ${loadBefore} before the load runs, ${loadEnd} at the end. The load generator (this process) shares the machine with the web process and Postgres.`,
      '',
      `Data: the demo organisation collected by a real worker from the simulated demo cluster in ${demoS.toFixed(0)} s (${facts.readiness.toLocaleString('en-US')} readiness results, ${facts.incidents} incidents, ${facts.alerts} alerts, ${facts.clusters} cluster(s), ${facts.services} services), plus 1,000 SLOs with their stored state (${slosS.toFixed(1)} s), later 10,000 (${total10k.toLocaleString('en-US')} listed; ${slos10kS.toFixed(1)} s to add).`,
      '',
      `The web process alone (\`runwell serve --workers 0\`, next start, production build), over HTTP with an API token, the browser's tRPC batches (httpBatchLink): the Overview's batch is slo.overview (or slo.list, the way it was), incidents, firing alerts, on-call, overdue post-mortems, readiness, clusters, domain strip, system status, and capacity and maintenance per cluster: ${9 + 2 * facts.clusters} procedures in one request. Open loop: requests start on schedule whether or not earlier ones answered; latency counts from the scheduled start.`,
      '',
      '| request | sent | p50 | p95 | p99 | max | failed | target |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      line(`**Overview batch, 1,000 SLOs, ${RATE}/s**`, now, 'p95 <= 150 ms'),
      line(`Overview batch the way it was (slo.list of all 1,000 SLOs), ${RATE}/s`, before, ''),
      line(`**SLO list page (slo.page, 50 a page, random page), 1,000 SLOs, ${RATE / 5}/s at the same time as the Overview**`, list1k, 'p95 <= 100 ms'),
      line('slo.list of all 1,000 SLOs (the API), 10/s', fullList1k, ''),
      line(`**SLO list page, 10,000 SLOs (random page of 200), ${RATE}/s**`, list10k, 'p95 <= 150 ms'),
      line(`Overview batch, 10,000 SLOs, ${RATE}/s`, overview10k, ''),
      '',
      `One request at a time (median of 20): the Overview batch takes ${ms(aloneNow)}; the way it was, ${ms(aloneBefore)}. Each procedure alone (its own HTTP request): ${perProcedure.map(([n, t]) => `${n} ${t.toFixed(1)} ms`).join(', ')}.`,
      '',
      `Web process (next-server) RSS: ${rssStart?.toFixed(0) ?? '?'} MiB after the warm-up, peak ${rss.length ? Math.max(...rss).toFixed(0) : '?'} MiB, ${rssEnd?.toFixed(0) ?? '?'} MiB at the end of the 1,000-SLO runs (${(SECONDS / 60).toFixed(1)} min of the Overview at ${RATE}/s with the SLO list page at ${RATE / 5}/s${process.env.RUNWELL_WEB_HEAP_MB ? `, web heap limit RUNWELL_WEB_HEAP_MB=${process.env.RUNWELL_WEB_HEAP_MB}` : ''}; target <= 400 MiB after an hour). Of its ${memory.rss.toFixed(0)} MiB by its own account: V8 heap ${memory.heapUsed.toFixed(0)} MiB used of ${memory.heapTotal.toFixed(0)} MiB reserved, ${memory.external.toFixed(0)} MiB external (buffers, WebAssembly); the rest is code, the runtime and freed pages not yet returned. Along the run (MiB): ${trend}. Allocator and limits: ${webMemoryLine || 'not reported'}. The supervisor beside it (\`runwell serve\`, the same container): ${supervisorEnd?.toFixed(0) ?? '?'} MiB.`,
    );
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/overview.md', `${rows.join('\n')}\n`);
    process.stdout.write(`${rows.join('\n')}\n`);
  } finally {
    if (web) await stop(web);
    const { disconnectDatabase } = await import('@/server/database/lifecycle');
    await disconnectDatabase().catch(() => undefined);
    if (KEEP) writeFileSync(`/tmp/${DB}.json`, JSON.stringify({ DATABASE_URL: url, NEXTAUTH_SECRET: env.NEXTAUTH_SECRET, RUNWELL_SECRET_KEY: env.RUNWELL_SECRET_KEY, token: kept.token }));
    else drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
