// Sampler tick at scale: `npx tsx bench/slo-tick.bench.ts` (also run by `npm run bench:slo`).
//
// BENCH_TICK_SLOS SLOs (default 10,000) with 1-day rolling windows and 3 days
// of 5-minute buckets (the 3 d burn window's reach), in a scratch Postgres
// database. Measured: building every precomputed state from scratch once, then
// the tick: one new bucket for every SLO stored in bulk, the sampler states,
// and refreshStates moving all states by one bucket (the database part of
// slo.sample; its Prometheus queries are 8 batched queries at 10,000 SLOs,
// bench/results/slo.md).
// The incremental step reads per SLO the entering bucket and the buckets
// leaving each range, so its cost does not depend on the window length (the
// 30-day figures for 1,000 SLOs are in bench/results/slo.md).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

const SLOS = Number(process.env.BENCH_TICK_SLOS ?? 10_000);
const FIVE_MIN = 300_000;
const BUCKETS = 3 * 288;
const NOW = Math.floor(Date.UTC(2026, 10, 20, 13, 35) / FIVE_MIN) * FIVE_MIN;
const FROM = NOW - BUCKETS * FIVE_MIN;
const DB = `runwell_slo_tick_bench_${process.pid}`;
const dbUrl = () => `postgresql://postgres@127.0.0.1:5432/${DB}`;
const totalSql = `(600 + ((k * 31 + i * 17) % 400))::float8`;
const badSql = `(CASE WHEN ((k * 13 + i) % 211) = 0 THEN ${totalSql} * 0.2 ELSE ((k + i) % 5) * 0.05 END)::float8`;

function sh(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
}

async function main() {
  process.env.DATABASE_URL = dbUrl();
  process.env.RUNWELL_DB_POOL = '4';
  const loadStart = loadavg().map((x) => x.toFixed(2)).join(' / ');
  sh('createdb', ['-h', '127.0.0.1', '-U', 'postgres', DB]);
  try {
    const { migrateDatabase } = await import('@/server/database/migrate.service');
    await migrateDatabase(dbUrl());
    const { getPrisma } = await import('@/server/db');
    const repo = await import('@/server/slo/slo.repo');
    const { db } = await import('@/server/database/tx');
    const { refreshStates, figuresFor, writeBucketsMany } = await import('@/server/slo/slo-state.service');
    const { markSampled } = await import('@/server/slo/slo-buckets.repo');
    const { computeBudget } = await import('@/server/slo/slo-budget.compute');
    const prisma = getPrisma();

    let t = performance.now();
    const team = await prisma.team.create({ data: { slug: 'bench', name: 'Bench' } });
    const services = await prisma.service.createManyAndReturn({ data: Array.from({ length: 100 }, (_, k) => ({ slug: `svc-${k}`, name: `Service ${k}`, teamId: team.id })), select: { id: true } });
    const sli = { type: 'events', errorQuery: 'sum(rate(e[{{.window}}]))', totalQuery: 'sum(rate(t[{{.window}}]))' };
    await prisma.slo.createMany({
      data: Array.from({ length: SLOS }, (_, k) => {
        const definition = { service: `svc-${k % 100}`, name: `slo-${k}`, sli, objective: 99.9, window: { type: 'rolling', days: 1 }, budgeting: { method: 'occurrences' }, labels: {}, alerting: { name: `Slo${k}`, labels: {}, annotations: {}, page: { disabled: false, labels: {}, annotations: {} }, ticket: { disabled: false, labels: {}, annotations: {} } } };
        return { serviceId: services[k % 100]!.id, name: `slo-${k}`, definition, objective: 99.9, window: definition.window, budgeting: definition.budgeting, alerting: definition.alerting, source: 'ui' };
      }),
    });
    // The partitions the daily slo.partitions job keeps at NOW (the migration
    // made those around the real date; without these the rows would land in the
    // DEFAULT partition).
    const { maintainSloPartitions } = await import('@/server/slo/slo-partitions.service');
    await maintainSloPartitions(NOW);
    for (let k0 = 0; k0 < SLOS; k0 += 1000) {
      await prisma.$executeRawUnsafe(`
        INSERT INTO "SloSliBucket" ("start", bad, total, "sloSeq", missing)
        SELECT to_timestamp((${FROM}::float8 + i::float8 * ${FIVE_MIN}) / 1000), ${badSql}, ${totalSql}, s."seq", false
        FROM (SELECT "seq", substr(name, 5)::int AS k FROM "Slo" WHERE substr(name, 5)::int >= ${k0} AND substr(name, 5)::int < ${k0 + 1000}) s, generate_series(0, ${BUCKETS - 1}) AS i`);
    }
    await prisma.$executeRawUnsafe('VACUUM ANALYZE "SloSliBucket"');
    const loadS = (performance.now() - t) / 1000;
    const rows = await repo.listSlos(db());

    t = performance.now();
    const built = (await refreshStates(rows, NOW)).size;
    const buildS = (performance.now() - t) / 1000;
    if (built !== SLOS) throw new Error(`built ${built} states`);

    await prisma.$executeRawUnsafe(`INSERT INTO "SloSamplerState" ("sloId", status, "lastBucket", "updatedAt") SELECT id, 'ok', to_timestamp(${NOW - FIVE_MIN}::float8 / 1000), now() FROM "Slo"`);
    // The same values as the SQL above, for bucket i of SLO k.
    const totalOf = (k: number, i: number) => 600 + ((k * 31 + i * 17) % 400);
    const badOf = (k: number, i: number) => (((k * 13 + i) % 211) === 0 ? totalOf(k, i) * 0.2 : ((k + i) % 5) * 0.05);
    const ticks: number[] = [];
    const phases: Array<{ write: number; mark: number; states: number }> = [];
    for (let tick = 1; tick <= 3; tick++) {
      const i = BUCKETS + tick - 1;
      const start = FROM + i * FIVE_MIN;
      const sampled = rows.map((row) => {
        const k = Number(row.name.slice(4));
        return { row, buckets: [{ start, bad: badOf(k, i), total: totalOf(k, i), missing: false }] };
      });
      // The database part of a sampler tick (slo-sampler.service sampleDue): buckets and day roll-ups, sampler states, precomputed states.
      t = performance.now();
      await writeBucketsMany(sampled);
      const written = performance.now();
      await markSampled(db(), rows.map((r) => r.id), start, NOW + tick * FIVE_MIN);
      const marked = performance.now();
      const n = (await refreshStates(rows, NOW + tick * FIVE_MIN)).size;
      const done = performance.now();
      ticks.push(done - t);
      phases.push({ write: written - t, mark: marked - written, states: done - marked });
      if (n !== SLOS) throw new Error(`tick updated ${n} states`);
    }
    const tickNow = NOW + 3 * FIVE_MIN;
    t = performance.now();
    const figures = await figuresFor(rows, tickNow);
    const readMs = performance.now() - t;
    let maxRel = 0;
    for (const row of [rows[0]!, rows[1]!, rows[SLOS - 1]!]) {
      const buckets = (await repo.loadBuckets(db(), row.seq, tickNow - 3 * 86_400_000, tickNow)).map((b) => ({ start: b.start, bad: b.bad, total: b.total }));
      const full = computeBudget({ slo: row.definition, buckets, bucketMs: FIVE_MIN, now: tickNow });
      const mine = figures.get(row.id)!.summary;
      maxRel = Math.max(maxRel, Math.abs(mine.budget.remainingPercent - full.budget.remainingPercent) / Math.abs(full.budget.remainingPercent));
    }
    const median = [...ticks].sort((a, b) => a - b)[1]!;
    const mid = phases[ticks.indexOf(median)]!;
    const out = [
      '# SLO state tick benchmark',
      '',
      `Run ${new Date().toISOString()} on ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, load average ${loadStart} at the start, ${loadavg().map((x) => x.toFixed(2)).join(' / ')} at the end (1 / 5 / 15 min). \`npx tsx bench/slo-tick.bench.ts\` (part of \`npm run bench:slo\`).`,
      '',
      `Data: ${SLOS.toLocaleString('en')} SLOs (1-day rolling windows) x 3 days of 5-minute buckets = ${(SLOS * BUCKETS).toLocaleString('en')} rows, loaded in ${loadS.toFixed(1)} s.`,
      '',
      '| measurement | result | target |',
      '| --- | --- | --- |',
      `| **tick**: one new bucket for every SLO stored (buckets, day roll-ups), sampler states, all ${SLOS.toLocaleString('en')} precomputed states moved (median of 3) | **${(median / 1000).toFixed(2)} s** (runs: ${ticks.map((x) => (x / 1000).toFixed(2)).join(', ')}) | database part of the <= 10 s tick |`,
      `| of which: buckets and day roll-ups (writeBucketsMany) / sampler states (markSampled) / precomputed states (refreshStates) | ${(mid.write / 1000).toFixed(2)} s / ${(mid.mark / 1000).toFixed(2)} s / ${(mid.states / 1000).toFixed(2)} s | |`,
      `| first build of all states from scratch (once; the sampler does 100 per tick) | ${buildS.toFixed(1)} s | |`,
      `| read the figures of all ${SLOS.toLocaleString('en')} SLOs from the state (figuresFor) | ${readMs.toFixed(0)} ms | |`,
      `| state vs computeBudget after the ticks (max relative difference of the remaining budget, 3 SLOs) | ${maxRel.toExponential(1)} | <= 1e-9 |`,
      '',
    ].join('\n');
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/slo-tick.md', out);
    process.stdout.write(out);
    if (maxRel > 1e-9) process.exitCode = 1;
  } finally {
    const { disconnectDatabase } = await import('@/server/database/lifecycle');
    await disconnectDatabase().catch(() => undefined);
    spawnSync('dropdb', ['-h', '127.0.0.1', '-U', 'postgres', '--if-exists', DB]);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
