// Two web and two worker processes on one PostgreSQL under the Overview's load:
// `npm run bench:scale-out` (tsx bench/scale-out.bench.ts), issue #16's
// scale-out target, measured.
//
// The installation of bench/overview.bench.ts (the demo organisation collected
// from the simulated demo cluster by a real worker, 1,000 SLOs with their
// stored state) plus the 20 small simulated clusters of e2e/scale-out.spec.ts,
// registered by its seed (e2e/seed/scale-out.ts); the demo cluster answers
// again too, as under `runwell serve --demo`. Then two web processes
// (`runwell serve --workers 0`) and two `runwell worker` processes on that one
// database, at the product's defaults (pools, concurrency, a 30 s cluster
// lease), and for BENCH_SCALE_SECONDS (default 120), open loop:
// - the Overview's tRPC batch at 50/s and the SLO list page at 10/s, each
//   round-robin over the two web processes;
// - Alertmanager webhook deliveries, 2 groups a second: even groups to both web
//   processes at once (two Alertmanager replicas), odd ones to one and then
//   Alertmanager's repeat to the other; each group resolves 10 s later, sent
//   to both at once;
// - queued jobs (system.heartbeat through pg-boss, 0.5/s);
// - at half time, SIGKILL of one worker; the time until the other holds every
//   cluster's lease, and then runs their collectors.
// Then what the database holds: every alert once, no job run twice (pg-boss
// job id and attempt), every queued job run. Writes bench/results/scale-out.md
// (scale-out-at-<rate>.md with BENCH_SCALE_RATE);
// exits 1 when an alert, a job or the takeover bound was missed.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PgBoss } from 'pg-boss';
import { fairShare, leaseTimings } from '@/server/inventory/lease.compute';
import { HEARTBEAT_JOB } from '@/server/system/system.schema';
import { alertGroupPayload } from '../e2e/alerts';
import { freePorts, killTrees, RunwellProcess } from '../e2e/processes';
import { startSimulator, type Simulator } from '../simulator';
import { constantRate, coresBetween, cpuMs, Latencies, rssMiB, sampleCpu } from './lib/load';
import { batchRequest, overviewBatch, replay, sloPage } from './lib/overview-batch';
import { loadAverage, loadCells, machine, ms, row, writeResult } from './lib/report';
import { collectDemoOrg, echo, installationEnv, nextServerPid, waitFor, webEnv, webMemory } from './lib/runwell';
import { quantile, scratchDatabase } from './lib/scratch';

const SECONDS = Number(process.env.BENCH_SCALE_SECONDS ?? 120);
const RATE = Number(process.env.BENCH_SCALE_RATE ?? 50);
const LIST_RATE = RATE / 5;
const ALERT_RATE = 2;
const JOB_RATE = 0.5;
// The product's default RUNWELL_CLUSTER_LEASE_SECONDS, set alike on both workers.
const LEASE_SECONDS = Number(process.env.BENCH_SCALE_LEASE_SECONDS ?? 30);
const CLUSTERS = 20;
const PER_GROUP = 2;
// Every group resolves this long after it fired, so about 2 x 2 x 10 = 40 of them fire at a time.
const ALERT_LIFETIME_MS = 10_000;
const WEBS = 2;
// Keep the database (and write how to reach it) for a look by hand.
const KEEP = process.env.BENCH_SCALE_KEEP === '1';
// BENCH_SCALE_NO_BUILD=1 uses the existing .next build (trial runs after a `next build` of the same sources).
const BUILD = process.env.BENCH_SCALE_NO_BUILD !== '1';
const DB = `runwell_scale_bench_${process.pid}`;
// Another rate (BENCH_SCALE_RATE) writes results of its own beside the default's.
const RESULTS = RATE === 50 ? 'scale-out' : `scale-out-at-${RATE}`;
const system = { actor: { kind: 'system' as const, id: 'system' as const, name: 'bench' }, requestId: null };
const webName = (w: number) => `web-${w + 1}`;
const s1 = (x: number) => `${(x / 1000).toFixed(1)} s`;
const began = performance.now();
const say = (what: string) => process.stderr.write(`[scale-out ${((performance.now() - began) / 1000).toFixed(0)} s] ${what}\n`);

async function main() {
  const loadStart = loadAverage();
  const { url, drop } = await scratchDatabase(DB, 4);
  const env = installationEnv(DB, url, { RUNWELL_CLUSTER_LEASE_SECONDS: String(LEASE_SECONDS) });
  const procs: RunwellProcess[] = [];
  const start = (name: string, args: string[], e: NodeJS.ProcessEnv, script = false) => {
    const p = new RunwellProcess(name, args, e, { script, echo: echo(name) });
    procs.push(p);
    return p;
  };
  const sims: Simulator[] = [];
  let boss: PgBoss | null = null;
  let failed = false;
  try {
    const { getPrisma } = await import('@/server/db');
    const prisma = getPrisma();
    const sql = <R>(query: string, ...params: unknown[]) => prisma.$queryRawUnsafe<R[]>(query, ...params);
    const num = async (query: string, ...params: unknown[]) => Number((await sql<{ n: bigint | number }>(query, ...params))[0]!.n);

    // --- 1. the overview benchmark's data: the demo organisation and 1,000 SLOs ---
    say('collecting the demo organisation');
    const demo = await collectDemoOrg(env, { build: BUILD });
    say('adding 1,000 SLOs');
    const { addSlos } = await import('./lib/many-slos');
    let t = performance.now();
    await addSlos(0, 1000);
    const slosS = (performance.now() - t) / 1000;

    // --- 2. the demo cluster again, and 20 small clusters registered by the scale-out spec's seed ---
    say('starting and registering the clusters');
    const demoSim = start('demo-cluster', ['sim', '--scenario', 'shop', '--churn', '1', '--port', String(demo.clusterPort)], env);
    await demoSim.waitForLine(/simulator listening on/, 60_000);
    sims.push(...(await Promise.all(Array.from({ length: CLUSTERS }, (_, i) => startSimulator({ nodes: 2, pods: 6, seed: `scale-${i}` })))));
    const run = randomBytes(3).toString('hex');
    const seed = start('seed', ['--import', 'tsx', 'e2e/seed/scale-out.ts', run, ...sims.map((s) => s.url)], env, true);
    if ((await seed.finished()) !== 0) throw new Error(`the scale-out seed failed:\n${seed.tail(30)}`);
    const seeded = JSON.parse(seed.lines.find((l) => l.startsWith('{"token"'))!) as { token: string; service: string; clusters: string[] };
    const { createToken } = await import('@/server/tokens/tokens.service');
    const { secret } = await createToken(system, { name: 'bench', scopes: ['read', 'incidents'] });
    const clusters = await prisma.cluster.findMany({ select: { id: true, name: true } });

    // --- 3. two web processes and two workers ---
    const ports = await freePorts(WEBS);
    say('starting two web and two worker processes');
    const phaseStarted = new Date();
    t = performance.now();
    const webs = ports.map((port, w) => start(webName(w), ['serve', '--workers', '0', '--no-build', '--host', '127.0.0.1', '--port', String(port)], webEnv(env, port)));
    const workers = [1, 2].map((i) => start(`worker-${i}`, ['worker'], env));
    const holders = await Promise.all(workers.map(async (w) => (await w.waitForLine(/^Worker (\S+) started on/, 120_000))[1]!));
    const bases = await Promise.all(webs.map(async (w) => (await w.waitForLine(/Runwell is up at (\S+)/, 180_000))[1]!));
    const upS = (performance.now() - t) / 1000;
    const leases = () => sql<{ name: string; holder: string }>(`SELECT c.name, l.holder FROM "ClusterLease" l JOIN "Cluster" c ON c.id = l."clusterId"`);
    const heldBy = async () => {
      const rows = await leases();
      return holders.map((h) => rows.filter((r) => r.holder === h).map((r) => r.name).sort());
    };
    const share = fairShare(clusters.length, workers.length);
    // Every cluster leased, none beyond a worker's fair share, each worker collecting exactly its leases (its log lines).
    await waitFor(
      'the leases split over both workers',
      async () => {
        const held = await heldBy();
        return held.flat().length === clusters.length && held.every((names, i) => names.length <= share && JSON.stringify(names) === JSON.stringify(workers[i]!.collecting(holders[i]!)));
      },
      240_000,
      { intervalMs: 500 },
    );
    const splitS = (performance.now() - t) / 1000;
    say(`leases split after ${splitS.toFixed(0)} s`);
    await waitFor('every cluster synced', async () => (await num(`SELECT count(*) AS n FROM "Cluster" WHERE "syncState" = 'synced'`)) === clusters.length, 120_000, { intervalMs: 500 });
    const syncedS = (performance.now() - t) / 1000;
    say('warming up');

    // --- 4. warm-up of both web processes (routes, pools, memos) ---
    // The batches' HTTP requests as the browser sends them, replayed without parsing the answers (batchRequest).
    const overviewRequests = await Promise.all(bases.map((b) => batchRequest(b, secret, (c) => overviewBatch(c))));
    const pageRequests = await Promise.all(bases.map((b) => Promise.all(Array.from({ length: 20 }, (_, p) => batchRequest(b, secret, (c) => sloPage(c, p + 1))))));
    const overviewPage = (w: number) => replay(overviewRequests[w]!);
    const listPage = (w: number) => replay(pageRequests[w]![Math.floor(Math.random() * 20)]!);
    const post = async (w: number, body: unknown) => {
      const res = await fetch(`${bases[w]}/api/webhooks/alertmanager`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${seeded.token}` },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
    };
    await constantRate({ rate: 10, seconds: 10, fire: (i) => overviewPage(i % WEBS) });
    await constantRate({ rate: 4, seconds: 5, fire: (i) => listPage(i % WEBS) });
    const bytes = { overview: await overviewPage(0), list: await listPage(0) };
    const warm = alertGroupPayload(`ScaleBench${run}Warm`, [{ labels: { service: seeded.service }, fingerprint: `${run}warm` }], new Date().toISOString());
    for (let w = 0; w < WEBS; w++) await post(w, warm);

    const pids = webs.map(nextServerPid);
    // One Overview at a time on each web process: its latency and the web process's CPU per batch.
    const alone: Array<{ p50: number; cpuPerBatch: number }> = [];
    for (let w = 0; w < WEBS; w++) {
      const times: number[] = [];
      const cpu0 = cpuMs(pids[w] ?? 0);
      for (let i = 0; i < 20; i++) {
        const started = performance.now();
        await overviewPage(w);
        times.push(performance.now() - started);
      }
      const cpu1 = cpuMs(pids[w] ?? 0);
      alone.push({ p50: quantile(times, 0.5), cpuPerBatch: cpu0 !== null && cpu1 !== null ? (cpu1 - cpu0) / 20 : NaN });
    }
    const rssAt = () => pids.map((pid) => (pid ? rssMiB(pid) : null));
    const rssWarm = rssAt();
    const rss: number[][] = webs.map(() => []);
    let peakConnections = 0;
    const sample = async () => {
      rssAt().forEach((v, w) => v !== null && rss[w]!.push(v));
      peakConnections = Math.max(peakConnections, await num(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1`, DB));
    };
    const sampler = setInterval(() => void sample().catch(() => undefined), 5_000);

    // --- 5. the run ---
    const lat = new Latencies();
    const timed = (kind: string, w: number, due: number, request: Promise<unknown>) => lat.time([`${kind} ${webName(w)}`, kind], due, request);
    // Every delivery is sent whatever the others' outcome (Alertmanager's replicas do not wait on each other); per group,
    // whether a firing and a resolving delivery were answered 200: those alerts must be stored.
    const deliver = (w: number, body: unknown, due = performance.now()) =>
      timed('webhook', w, due, post(w, body)).then(
        () => true,
        () => false,
      );
    const answered = new Map<number, { firing: boolean; resolved: boolean }>();
    const group = async (g: number, due: number) => {
      const alerts = Array.from({ length: PER_GROUP }, (_, i) => ({ labels: { service: seeded.service, instance: `i${i}` }, fingerprint: `${run}g${g}a${i}` }));
      const name = `ScaleBench${run}G${g}`;
      const startsAt = new Date(Date.now() - 60_000).toISOString();
      const firing = alertGroupPayload(name, alerts, startsAt);
      const first = g % 4 === 1 ? 0 : 1;
      const fired = g % 2 === 0 ? await Promise.all([deliver(0, firing, due), deliver(1, firing, due)]) : [await deliver(first, firing, due), await deliver(1 - first, firing)];
      await sleep(ALERT_LIFETIME_MS);
      const body = alertGroupPayload(name, alerts, startsAt, new Date().toISOString());
      const at = performance.now();
      const resolved = await Promise.all([deliver(0, body, at), deliver(1, body, at)]);
      answered.set(g, { firing: fired.some(Boolean), resolved: resolved.some(Boolean) });
    };
    const { startQueue } = await import('@/server/jobs/queue');
    boss = await startQueue({ url, name: 'runwell-scale-bench', max: 2 });
    const jobIds: string[] = [];
    const { leaseTtlMs, tickMs } = leaseTimings(LEASE_SECONDS);
    const [victim, survivor] = [workers[0]!, workers[1]!];
    const [victimHolder, survivorHolder] = [holders[0]!, holders[1]!];
    const takeover = async () => {
      await sleep(SECONDS * 500);
      const before = await heldBy();
      const victimRss = rssMiB(victim.pid);
      const cpuAtKill = sampleCpu(cpuOf);
      const loadAtKill = loadAverage();
      const killedAt = performance.now();
      say(`SIGKILL to worker-1 (${victimHolder})`);
      await killTrees([victim]);
      const held = async () => (await leases()).filter((l) => l.holder === survivorHolder).length === clusters.length;
      await waitFor('the survivor to hold every lease', held, leaseTtlMs + tickMs + 60_000, { intervalMs: 100 });
      const heldMs = performance.now() - killedAt;
      say(`the survivor holds every lease after ${s1(heldMs)}`);
      await waitFor('the survivor to collect every cluster', async () => survivor.collecting(survivorHolder).length === clusters.length, 60_000, { intervalMs: 100 });
      return { before, victimRss, cpuAtKill, loadAtKill, heldMs, collectingMs: performance.now() - killedAt, signal: victim.child.signalCode };
    };
    const loadBefore = loadAverage();
    // Where the machine's CPU goes during the load: each process of ours, PostgreSQL, and the rest.
    const cpuOf = { ...Object.fromEntries(pids.map((pid, w) => [webName(w), pid])), 'worker-1': victim.pid, 'worker-2': survivor.pid, PostgreSQL: 'postgres', 'the load generator with the 20 simulated clusters': process.pid, 'the demo cluster': demoSim.pid };
    const cpuStart = sampleCpu(cpuOf);
    const [, , , jobRun, killed] = await Promise.all([
      constantRate({ rate: RATE, seconds: SECONDS, fire: (i, due) => timed('overview', i % WEBS, due, overviewPage(i % WEBS)) }),
      constantRate({ rate: LIST_RATE, seconds: SECONDS, fire: (i, due) => timed('slo.page', i % WEBS, due, listPage(i % WEBS)) }),
      constantRate({ rate: ALERT_RATE, seconds: SECONDS, fire: group }),
      constantRate({ rate: JOB_RATE, seconds: SECONDS, fire: async () => jobIds.push((await boss!.send(HEARTBEAT_JOB, {})) ?? 'not queued') }),
      takeover(),
    ]);
    clearInterval(sampler);
    say(`load done, load average ${loadAverage()}; checking what was stored`);
    await sample();
    const loadEnd = loadAverage();
    const rssEnd = rssAt();
    const memory = await Promise.all(bases.map(webMemory));
    const survivorRss = rssMiB(survivor.pid);
    const used = coresBetween(cpuStart, sampleCpu(cpuOf));
    used['worker-1'] = coresBetween(cpuStart, killed.cpuAtKill)['worker-1']!;
    const cpuLine = `${Object.keys(cpuOf).map((k) => `${k} ${used[k]!.toFixed(2)}${k === 'worker-1' ? ' (until killed)' : ''}`).join(', ')}; the machine ${used.machineBusy.toFixed(2)} of ${used.machineCores.toFixed(2)}`;
    const loadS = (performance.now() - cpuStart.at) / 1000;

    // --- 6. what the database holds ---
    // Jobs: each ran once, or was held by the killed worker (pg-boss keeps it active until it expires, then fails or retries it).
    const jobs = async () => {
      const ran = await sql<{ jobId: string; workerId: string; n: bigint }>(
        `SELECT "jobId", "workerId", count(*) AS n FROM "JobRun" WHERE "jobId" = ANY($1::text[]) AND status = 'ok' GROUP BY 1, 2`,
        jobIds,
      );
      const states = await sql<{ id: string; state: string }>(`SELECT id::text AS id, state::text AS state FROM pgboss.job WHERE id = ANY($1::uuid[])`, jobIds.filter((id) => id !== 'not queued'));
      const done = new Set(ran.map((r) => r.jobId));
      const held = states.filter((s) => !done.has(s.id) && ['active', 'failed'].includes(s.state)).length;
      return { ran, done: done.size, held, waiting: states.filter((s) => ['created', 'retry'].includes(s.state)).length };
    };
    t = performance.now();
    await waitFor('the queued jobs to run', async () => ((j) => j.done + j.held === jobIds.length)(await jobs()), 90_000, { intervalMs: 1000 }).catch(() => undefined);
    const jobsDrainS = (performance.now() - t) / 1000;
    const j = await jobs();
    const duplicateRuns = await num(`SELECT count(*) AS n FROM (SELECT 1 FROM "JobRun" WHERE "jobId" IS NOT NULL GROUP BY "jobId", attempt HAVING count(*) > 1) d`);
    const runsWithoutJob = await num(`SELECT count(*) AS n FROM "JobRun" WHERE "jobId" IS NULL`);
    const minutes = Math.ceil((Date.now() - phaseStarted.getTime()) / 60_000);
    const scheduled = await sql<{ name: string; n: bigint }>(
      `SELECT name, count(*) AS n FROM "JobRun" WHERE "startedAt" >= $1 AND name IN ($2, 'inventory.supervise') AND NOT ("jobId" = ANY($3::text[])) GROUP BY name ORDER BY name`,
      phaseStarted,
      HEARTBEAT_JOB,
      jobIds,
    );
    // Alerts: stored once each, whichever web process and however often they arrived.
    const groups = Math.round(ALERT_RATE * SECONDS);
    const outcomes = [...answered.values()];
    const expected = {
      deliveries: 4 * groups,
      // At least these (alerts of a delivery answered 200), at most all that were sent.
      alerts: outcomes.filter((o) => o.firing || o.resolved).length * PER_GROUP,
      resolved: outcomes.filter((o) => o.resolved).length * PER_GROUP,
      paged: outcomes.filter((o) => o.firing).length * PER_GROUP,
    };
    const like = [`${run}g%`, `%ScaleBench${run}G%`];
    const stored = {
      alerts: await num(`SELECT count(*) AS n FROM "Alert" WHERE fingerprint LIKE $1`, like[0]),
      keys: await num(`SELECT count(DISTINCT (fingerprint, "startsAt")) AS n FROM "Alert" WHERE fingerprint LIKE $1`, like[0]),
      resolved: await num(`SELECT count(*) AS n FROM "Alert" WHERE fingerprint LIKE $1 AND status = 'resolved'`, like[0]),
      deliveries: await num(`SELECT count(*) AS n FROM "AlertWebhookDelivery" WHERE "groupKey" LIKE $1`, like[1]),
      pages: await num(`SELECT count(*) AS n FROM "Page" p JOIN "Alert" a ON a.id = p."alertId" WHERE a.fingerprint LIKE $1`, like[0]),
      paged: await num(`SELECT count(DISTINCT p."alertId") AS n FROM "Page" p JOIN "Alert" a ON a.id = p."alertId" WHERE a.fingerprint LIKE $1`, like[0]),
    };
    const webhook = lat.result('webhook', SECONDS);
    const bound = leaseTtlMs + tickMs;
    const checks = {
      alerts: stored.keys === stored.alerts && stored.alerts >= expected.alerts && stored.alerts <= groups * PER_GROUP && stored.resolved >= expected.resolved && stored.pages === stored.paged && stored.paged >= expected.paged,
      jobs: duplicateRuns === 0 && j.done + j.held === jobIds.length && !jobIds.includes('not queued') && jobRun.failed === 0,
      takeover: killed.heldMs <= bound,
    };
    failed = !Object.values(checks).every(Boolean);

    // --- 7. the results ---
    const kinds: Array<[string, string, string]> = [
      ['overview', `Overview batch (11 procedures), ${RATE}/s in all`, 'p95 <= 150 ms'],
      ['slo.page', `SLO list page (slo.page, 50 a page, random page of 20), ${LIST_RATE}/s in all`, 'p95 <= 100 ms'],
      ['webhook', `Alertmanager webhook delivery (${PER_GROUP} alerts), ${ALERT_RATE} groups/s`, ''],
    ];
    const table = kinds.flatMap(([kind, what, target]) => [
      ...bases.map((_, w) => row([`${what}`, webName(w), ...loadCells(lat.result(`${kind} ${webName(w)}`, SECONDS)), ''])),
      row([`**${what}**`, '**both**', ...loadCells(lat.result(kind, SECONDS)), target]),
    ]);
    const mib = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? '?' : `${x.toFixed(0)} MiB`);
    const perWorker = holders.map((h) => j.ran.filter((r) => r.workerId === h).reduce((n, r) => n + Number(r.n), 0));
    const lines = [
      '# Two web and two worker processes under load',
      '',
      `Run ${new Date().toISOString()} on ${machine()}; load average (1 / 5 / 15 min) ${loadStart} at the start, ${loadBefore} when the load began, ${killed.loadAtKill} at the kill, ${loadEnd} at the end of the load. Everything shares the machine: PostgreSQL, the two web and two worker processes, 21 simulated clusters and the load generator (this process). \`npm run bench:scale-out\`, BENCH_SCALE_SECONDS=${SECONDS}.`,
      '',
      `Data: the demo organisation collected by a real worker from the simulated demo cluster (${demo.seconds.toFixed(0)} s), 1,000 SLOs with their stored state (${slosS.toFixed(1)} s), and ${CLUSTERS} simulated clusters of 2 nodes and 6 pods registered by e2e/seed/scale-out.ts with a tier-1 service and an alerts token: ${clusters.length} clusters with the demo one.`,
      '',
      `Processes: two \`runwell serve --workers 0 --no-build\` (next start, production build) and two \`runwell worker\` on one PostgreSQL, default pools and concurrency, RUNWELL_CLUSTER_LEASE_SECONDS=${LEASE_SECONDS}. All up in ${upS.toFixed(0)} s; the leases split over both workers ${splitS.toFixed(0)} s after start, every cluster synced at ${syncedS.toFixed(0)} s. Peak connections to the database: ${peakConnections}.`,
      '',
      `For ${SECONDS} s, open loop (requests start on schedule whether or not earlier ones answered; latency counts from the scheduled start to the last byte of the answer), round-robin over the two web processes with API tokens: the Overview's tRPC batch (slo.overview, incidents, alerts, on-call, post-mortems, readiness, clusters, domains, system status, the fleet's capacity and version skew; ${(bytes.overview / 1024).toFixed(0)} KiB answered) and the SLO list page (${(bytes.list / 1024).toFixed(0)} KiB), each the HTTP request httpBatchLink sends, replayed without parsing the answer (HTTP 200: every procedure answered; tRPC answers 207 when one failed), and Alertmanager deliveries: even groups to both web processes at once, odd groups to one and then the repeat to the other, each group resolved 10 s later to both at once. Jobs queued meanwhile: system.heartbeat at ${JOB_RATE}/s. At ${SECONDS / 2} s one worker is killed with SIGKILL.`,
      '',
      `One Overview at a time (20 in a row on each web process, before the load): ${alone.map((a, w) => `${webName(w)} p50 ${ms(a.p50)} using ${ms(a.cpuPerBatch)} of its CPU per batch`).join(', ')}; ${RATE}/s of them take about ${((RATE * alone.reduce((n, a) => n + a.cpuPerBatch, 0)) / alone.length / 1000).toFixed(2)} CPU cores of web processes.`,
      '',
      `CPU used during the load, in cores (over ${loadS.toFixed(0)} s, until the last answer): ${cpuLine}.`,
      '',
      '| request | web | sent | p50 | p95 | p99 | max | failed | target |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...table,
      '',
      `Web processes (next-server) RSS: ${bases.map((_, w) => `${webName(w)} ${mib(rssWarm[w])} after the warm-up, peak ${mib(Math.max(...rss[w]!))}, ${mib(rssEnd[w])} at the end (V8 heap ${mib(memory[w]!.heapUsed)} used of ${mib(memory[w]!.heapTotal)}, ${mib(memory[w]!.external)} external)`).join('; ')}. Workers: the killed one held ${mib(killed.victimRss)} before the kill, the survivor ${mib(survivorRss)} at the end collecting all ${clusters.length} clusters.`,
      '',
      '## Leases and takeover',
      '',
      `Before the kill: ${killed.before.map((names, i) => `worker-${i + 1} held ${names.length}`).join(', ')} of ${clusters.length} clusters (fair share ${share}), each running collectors for exactly the clusters its leases name.`,
      `worker-1 (${victimHolder}) killed (${killed.signal}) at ${SECONDS / 2} s: the survivor held all ${clusters.length} leases after **${s1(killed.heldMs)}** and ran all their collectors after ${s1(killed.collectingMs)}; bound: lease ${LEASE_SECONDS} s + one supervisor tick ${tickMs / 1000} s = ${bound / 1000} s${checks.takeover ? '' : ' **(missed)**'}.`,
      '',
      '## Alerts',
      '',
      `${groups} groups of ${PER_GROUP} alerts (${groups * PER_GROUP} alerts), each resolved ${ALERT_LIFETIME_MS / 1000} s after it fired: ${webhook.sent} deliveries sent (planned ${expected.deliveries}), ${webhook.sent - webhook.failed} answered 200, ${webhook.failed} failed (not retried here; Alertmanager would retry them), ${stored.deliveries} deliveries stored. **${stored.alerts} alerts stored**, ${stored.keys} distinct (fingerprint, start), for ${expected.alerts} in deliveries answered 200; ${stored.resolved} resolved for ${expected.resolved} in resolutions answered 200; ${stored.pages} pages for ${stored.paged} alerts, ${expected.paged} alerts fired in deliveries answered 200.${checks.alerts ? ' Every alert of an answered delivery stored, none twice, one page each.' : ' **An alert was lost or stored twice.**'}`,
      '',
      '## Jobs',
      '',
      `${jobIds.length} system.heartbeat jobs queued during the run (${jobRun.failed} sends failed): **${j.done} ran** (${perWorker.map((n, i) => `worker-${i + 1} ${n}`).join(', ')}), ${j.held} held by the killed worker (pg-boss keeps such a job active until it expires: a heartbeat is not retried), ${j.waiting} still waiting ${jobsDrainS.toFixed(0)} s after the load. **${duplicateRuns} (job id, attempt) pairs ran twice** in the whole run; ${runsWithoutJob} runs without a job id. Scheduled every minute and kept by both workers, over ${minutes} minutes: ${scheduled.map((s) => `${s.name} ran ${s.n} times`).join(', ')}.`,
    ];
    writeResult(RESULTS, lines);
    if (KEEP) writeFileSync(`/tmp/${DB}.json`, JSON.stringify({ DATABASE_URL: url, NEXTAUTH_SECRET: env.NEXTAUTH_SECRET, RUNWELL_SECRET_KEY: env.RUNWELL_SECRET_KEY, token: secret, urls: bases }));
    if (failed) process.stderr.write(`scale-out: a check failed: ${JSON.stringify(checks)}\n`);
  } finally {
    await Promise.all(procs.map((p) => p.stop(20_000)));
    await boss?.stop({ graceful: false }).catch(() => undefined);
    await Promise.allSettled(sims.map((s) => s.close()));
    const { disconnectDatabase } = await import('@/server/database/lifecycle');
    await disconnectDatabase().catch(() => undefined);
    if (!KEEP) drop();
  }
  return failed;
}

main().then(
  (failed) => process.exit(failed ? 1 : 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
