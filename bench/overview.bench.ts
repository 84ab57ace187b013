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
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { freePort, RunwellProcess } from '../e2e/processes';
import { constantRate, rssMiB, type LoadResult } from './lib/load';
import { overviewBatch, overviewQueries, sloPage as sloPageOf, trpcClients } from './lib/overview-batch';
import { loadAverage as load, loadCells, machine, ms, row, writeResult } from './lib/report';
import { collectDemoOrg, echo, installationEnv, nextServerPid, tableCount as count, waitFor, webEnv, webMemory } from './lib/runwell';
import { quantile, scratchDatabase } from './lib/scratch';

const RATE = Number(process.env.BENCH_OVERVIEW_RATE ?? 50);
const SECONDS = Number(process.env.BENCH_OVERVIEW_SECONDS ?? 60);
const SIDE_SECONDS = Math.min(SECONDS, 30);
// Keep the database (and print how to reach it) for profiling the web process by hand.
const KEEP = process.env.BENCH_OVERVIEW_KEEP === '1';
const DB = `runwell_overview_bench_${process.pid}`;
const system = { actor: { kind: 'system' as const, id: 'system' as const, name: 'bench' }, requestId: null };

async function main() {
  const loadStart = load();
  const { url, drop } = await scratchDatabase(DB, 4);
  const env = installationEnv(DB, url);
  let web: RunwellProcess | null = null;
  const rows: string[] = [];
  const kept = { token: '' };
  try {
    const { getPrisma } = await import('@/server/db');
    const prisma = getPrisma();

    // --- 1. the demo organisation, collected by a real worker from the simulated cluster ---
    const demoS = (await collectDemoOrg(env)).seconds;

    // --- 2. 1,000 SLOs on the demo services, with states from an hour of buckets ---
    const { addSlos } = await import('./lib/many-slos');
    let t = performance.now();
    await addSlos(0, 1000);
    const slosS = (performance.now() - t) / 1000;

    const { createToken } = await import('@/server/tokens/tokens.service');
    // What the Overview reads: app.read, and post-mortems (the overdue count).
    const { secret } = await createToken(system, { name: 'bench', scopes: ['read', 'incidents'] });
    kept.token = secret;
    const clusters = await prisma.cluster.count();
    const facts = {
      readiness: await count('ReadinessResult'),
      incidents: await count('Incident'),
      alerts: await count('Alert'),
      clusters,
      services: await count('Service'),
    };

    // --- 3. the web process alone (no worker), as a web replica runs ---
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    web = new RunwellProcess('web', ['serve', '--no-build', '--workers', '0', '--port', String(port)], webEnv(env, port), { echo: echo('web') });
    await waitFor('the web process', async () => (await fetch(`${base}/api/health`)).ok, 120_000, { proc: web });
    const { unbatched } = trpcClients(base, secret);
    // A client of its own for each page load (trpcClients).
    const page = () => trpcClients(base, secret).batched;
    const overviewNow = () => overviewBatch(page());
    const overviewBefore = () => {
      const c = page();
      return Promise.all([c.slo.list.query({}), ...overviewQueries(c).map(([, q]) => q())]);
    };
    const sloPage = (n = 1) => sloPageOf(page(), n);

    // Warm-up: compile routes, fill pools and memos.
    await constantRate({ rate: 5, seconds: 10, fire: overviewNow });
    await constantRate({ rate: 5, seconds: 5, fire: overviewBefore });
    const pid = nextServerPid(web);
    const rssStart = pid ? rssMiB(pid) : null;

    const single = async (fire: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < 20; i++) {
        const s = performance.now();
        await fire();
        times.push(performance.now() - s);
      }
      return quantile(times, 0.5);
    };
    const perProcedure: Array<[string, number]> = [];
    for (const [name, q] of [['slo.overview', () => unbatched.slo.overview.query()] as [string, () => Promise<unknown>], ...overviewQueries(unbatched)]) perProcedure.push([name, await single(q)]);
    const aloneNow = await single(overviewNow);
    const aloneBefore = await single(overviewBefore);
    const loadBefore = load();
    // The RSS along the load run only (every 5 s).
    const rss: number[] = [];
    const sampler = setInterval(() => {
      const v = pid ? rssMiB(pid) : null;
      if (v !== null) rss.push(v);
    }, 5_000);
    // The Overview and the SLO list page together, the load the RSS target is about.
    const [now, list1k] = await Promise.all([
      constantRate({ rate: RATE, seconds: SECONDS, fire: overviewNow }),
      constantRate({ rate: RATE / 5, seconds: SECONDS, fire: () => sloPage(1 + Math.floor(Math.random() * 20)) }),
    ]);
    clearInterval(sampler);
    const rssEnd = pid ? rssMiB(pid) : null;
    const memory = await webMemory(base);
    // The supervisor (`runwell serve` itself) lives beside the web process in the same container.
    const supervisorEnd = rssMiB(web.pid);
    // What `runwell serve` said of the web process's memory settings (its allocator).
    const webMemoryLine = web.lines.map((l) => /Web process memory: (.*)$/.exec(l)?.[1]).find(Boolean) ?? 'not reported';
    // The RSS along the run, every 5 s: its value at a few marks.
    const rssAt = (minute: number) => rss[Math.min(rss.length, Math.round((minute * 60) / 5)) - 1];
    const trend = [1, 5, 10, 15, 20, 30, 45, 60]
      .filter((m) => m * 60 <= SECONDS)
      .map((m) => `${m} min ${rssAt(m)?.toFixed(0) ?? '?'}`)
      .join(', ');
    // Then the way it was, and the whole list through the API (these overload the process: after the RSS reading).
    const fullList1k = await constantRate({ rate: 10, seconds: SIDE_SECONDS, fire: () => unbatched.slo.list.query({}) });
    const before = await constantRate({ rate: RATE, seconds: SIDE_SECONDS, fire: overviewBefore });

    // --- 4. 10,000 SLOs: the list page, paged ---
    t = performance.now();
    await addSlos(1000, 10_000);
    const slos10kS = (performance.now() - t) / 1000;
    // Another process (this one) wrote them: the web process's list follows a database notice.
    // Measured once it lists them all.
    await waitFor('the 10,000 SLOs listed', async () => (await sloPage(1)).total >= 10_000, 120_000, { intervalMs: 500 });
    await constantRate({ rate: 5, seconds: 5, fire: () => sloPage(1) });
    const list10k = await constantRate({ rate: RATE, seconds: SIDE_SECONDS, fire: () => sloPage(1 + Math.floor(Math.random() * 200)) });
    const overview10k = await constantRate({ rate: RATE, seconds: SIDE_SECONDS, fire: overviewNow });
    const total10k = (await sloPage(1)).total;
    const loadEnd = load();

    const line = (what: string, r: LoadResult, target = '') => row([what, ...loadCells(r), target]);
    rows.push(
      '# Overview under load',
      '',
      `Run ${new Date().toISOString()} on ${machine()}; load average (1 / 5 / 15 min) ${loadStart} at the start, ${loadBefore} before the load runs, ${loadEnd} at the end. The load generator (this process) shares the machine with the web process and Postgres.`,
      '',
      `Data: the demo organisation collected by a real worker from the simulated demo cluster in ${demoS.toFixed(0)} s (${facts.readiness.toLocaleString('en-US')} readiness results, ${facts.incidents} incidents, ${facts.alerts} alerts, ${facts.clusters} cluster(s), ${facts.services} services), plus 1,000 SLOs with their stored state (${slosS.toFixed(1)} s), later 10,000 (${total10k.toLocaleString('en-US')} listed; ${slos10kS.toFixed(1)} s to add).`,
      '',
      `The web process alone (\`runwell serve --workers 0\`, next start, production build), over HTTP with an API token, the browser's tRPC batches (httpBatchLink): the Overview's batch is slo.overview (or slo.list, the way it was), incidents, firing alerts, on-call, overdue post-mortems, readiness, clusters, domain strip, system status, and the fleet's capacity and version skew: 11 procedures in one request whatever the number of clusters. Open loop: requests start on schedule whether or not earlier ones answered; latency counts from the scheduled start.`,
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
      `Web process (next-server) RSS: ${rssStart?.toFixed(0) ?? '?'} MiB after the warm-up, peak ${rss.length ? Math.max(...rss).toFixed(0) : '?'} MiB, ${rssEnd?.toFixed(0) ?? '?'} MiB at the end of the 1,000-SLO runs (${(SECONDS / 60).toFixed(1)} min of the Overview at ${RATE}/s with the SLO list page at ${RATE / 5}/s${process.env.RUNWELL_WEB_HEAP_MB ? `, web heap limit RUNWELL_WEB_HEAP_MB=${process.env.RUNWELL_WEB_HEAP_MB}` : ''}; target <= 400 MiB after an hour). Of its ${memory.rss.toFixed(0)} MiB by its own account: V8 heap ${memory.heapUsed.toFixed(0)} MiB used of ${memory.heapTotal.toFixed(0)} MiB reserved, ${memory.external.toFixed(0)} MiB external (buffers, WebAssembly); the rest is code, the runtime and freed pages not yet returned. Along the run (MiB): ${trend}. Allocator and limits: ${webMemoryLine}. The supervisor beside it (\`runwell serve\`, the same container): ${supervisorEnd?.toFixed(0) ?? '?'} MiB.`,
    );
    writeResult('overview', rows);
  } finally {
    await web?.stop();
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
