// Change-gate benchmark: `npm run bench:changes` (tsx bench/changes.bench.ts).
//
// Issue #13's targets, in a scratch, migrated PostgreSQL database with 1,000
// services (one 30-day SLO each, 100 of them with a full window of 5-minute
// buckets, the rest without data yet) and 100,000 ledger entries:
// - the gate decision (GET /api/v1/changes/gate through its REST handler, API
//   token checked) p95 <= 50 ms with 50 concurrent CI callers;
// - the ledger page query (newest first, filtered, paged) p95 <= 150 ms.
// Server time (the handler or service call, no socket). Median and p95 with
// the machine's load.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { quantile, scratchDatabase, sh } from './lib/scratch';

const SERVICES = Number(process.env.BENCH_CHG_SERVICES ?? 1000);
const WITH_DATA = Number(process.env.BENCH_CHG_SLOS_WITH_DATA ?? 100);
const CHANGES = Number(process.env.BENCH_CHG_CHANGES ?? 100_000);
const CALLERS = Number(process.env.BENCH_CHG_CALLERS ?? 50);
const CALLS = Number(process.env.BENCH_CHG_CALLS ?? 20);
const RUNS = Number(process.env.BENCH_CHG_RUNS ?? 30);
const DB = `runwell_chg_bench_${process.pid}`;
const FIVE_MIN = 300_000;
const BUCKETS = 30 * 288;
// A Wednesday noon: no weekend freeze, so the gate reads the budget every time.
const NOW = Date.UTC(2026, 10, 18, 12, 0);

async function main() {
  await scratchDatabase(DB, 10);
  const lines: string[] = [];
  try {
    const { getPrisma } = await import('@/server/db');
    const { createUser } = await import('@/server/users/users.service');
    const { createToken } = await import('@/server/tokens/tokens.service');
    const { GET: gateRoute } = await import('@/app/api/v1/changes/gate/route');
    const { callRoute } = await import('@/tests/api/rest');
    const { listChanges } = await import('@/server/changes/changes.service');
    const prisma = getPrisma();
    const system = { actor: { kind: 'system' as const, id: 'system' as const, name: 'bench' }, requestId: null };
    const admin = await createUser(system, { email: 'admin@bench.test', name: 'Admin', role: 'admin', password: 'correct horse battery staple' });
    const ctx = { actor: { kind: 'user' as const, id: admin.id, email: admin.email, name: admin.name, role: admin.role }, requestId: 'bench' };

    // --- data -----------------------------------------------------------------
    let t = performance.now();
    const teams = await prisma.team.createManyAndReturn({ data: Array.from({ length: 20 }, (_, k) => ({ slug: `team-${k}`, name: `Team ${k}`, timeZone: 'Europe/Berlin' })), select: { id: true } });
    const services = await prisma.service.createManyAndReturn({
      data: Array.from({ length: SERVICES }, (_, k) => ({ slug: `svc-${k}`, name: `Service ${k}`, teamId: teams[k % 20]!.id })),
      select: { id: true, slug: true },
    });
    const sli = { type: 'events', errorQuery: 'sum(rate(e[{{.window}}]))', totalQuery: 'sum(rate(t[{{.window}}]))' };
    await prisma.slo.createMany({
      data: services.map((s, k) => {
        const definition = { service: s.slug, name: `slo-${k}`, sli, objective: 99.9, window: { type: 'rolling', days: 30 }, budgeting: { method: 'occurrences' }, labels: {}, alerting: { name: `Slo${k}`, labels: {}, annotations: {}, page: { disabled: false, labels: {}, annotations: {} }, ticket: { disabled: false, labels: {}, annotations: {} } } };
        return { serviceId: s.id, name: `slo-${k}`, definition, objective: 99.9, window: definition.window, budgeting: definition.budgeting, alerting: definition.alerting, source: 'ui' };
      }),
    });
    await prisma.$executeRawUnsafe(`INSERT INTO "SloSamplerState" ("sloId", status, "updatedAt") SELECT id, 'ok', now() FROM "Slo"`);
    // The partitions the daily slo.partitions job keeps at NOW (the migration
    // made those around the real date; without these the rows would land in the
    // DEFAULT partition).
    const { maintainSloPartitions } = await import('@/server/slo/slo-partitions.service');
    await maintainSloPartitions(NOW);
    const from = NOW - BUCKETS * FIVE_MIN;
    await prisma.$executeRawUnsafe(`
      INSERT INTO "SloSliBucket" ("start", bad, total, "sloSeq", missing)
      SELECT to_timestamp((${from}::float8 + i::float8 * ${FIVE_MIN}) / 1000), ((s.k + i) % 5) * 0.05, 600 + ((s.k * 31 + i * 17) % 400), s."seq", false
      FROM (SELECT "seq", substr(name, 5)::int AS k FROM "Slo" WHERE substr(name, 5)::int < ${WITH_DATA}) s, generate_series(0, ${BUCKETS - 1}) AS i`);
    await prisma.$executeRawUnsafe(`
      INSERT INTO "SloSliDay" ("sloSeq", day, bad, total, buckets, "missingBuckets")
      SELECT "sloSeq", date_bin('1 day', "start", TIMESTAMPTZ '1970-01-01 00:00:00+00'), sum(bad), sum(total), count(*), 0 FROM "SloSliBucket" GROUP BY 1, 2`);
    // 100,000 ledger entries over a year, each on one service.
    const statuses = ['succeeded', 'succeeded', 'succeeded', 'failed', 'rolled_back', 'pending_approval', 'held', 'blocked'];
    await prisma.$executeRawUnsafe(`
      INSERT INTO "Change" (id, title, tier, source, "authorLabel", "requestedAt", "startedAt", "finishedAt", status, decision, "decidedAt", "updatedAt")
      SELECT 'chg' || i, 'Change ' || i, (ARRAY['T1','T1','T2','T3'])[1 + i % 4]::"ChangeTier", (ARRAY['api','ui','gitops'])[1 + i % 3]::"ChangeSource", 'bench',
             to_timestamp((${NOW}::float8 - (i::float8 * 315)::float8 * 1000) / 1000),
             to_timestamp((${NOW}::float8 - (i::float8 * 315 - 60)::float8 * 1000) / 1000),
             to_timestamp((${NOW}::float8 - (i::float8 * 315 - 600)::float8 * 1000) / 1000),
             (ARRAY[${statuses.map((s) => `'${s}'`).join(',')}])[1 + i % ${statuses.length}]::"ChangeStatus", 'allow', now(), now()
      FROM generate_series(0, ${CHANGES - 1}) AS i`);
    await prisma.$executeRawUnsafe(`INSERT INTO "ChangeService" ("changeId", "serviceId") SELECT 'chg' || i, (SELECT id FROM "Service" WHERE slug = 'svc-' || (i % ${SERVICES})) FROM generate_series(0, ${CHANGES - 1}) AS i`);
    await prisma.$executeRawUnsafe('VACUUM ANALYZE');
    // The precomputed budget state every SLO has once the sampler ran (docs/slo.md, "Precomputed state").
    const { refreshStates, remainingBudgetsByService } = await import('@/server/slo/slo-state.service');
    const sloRepo = await import('@/server/slo/slo.repo');
    const { db } = await import('@/server/database/tx');
    const ts = performance.now();
    await refreshStates(await sloRepo.listSlos(db()), NOW);
    const stateS = (performance.now() - ts) / 1000;
    lines.push(`Data: ${SERVICES} services of 20 teams, one 30-day SLO each (${WITH_DATA} with a full window of 5-minute buckets, ${(WITH_DATA * BUCKETS).toLocaleString('en')} rows), ${CHANGES.toLocaleString('en')} ledger entries (set-up ${((performance.now() - t) / 1000).toFixed(1)} s, of which ${stateS.toFixed(1)} s building the ${SERVICES} SLO states); the gate reads the remaining budgets from the precomputed SLO state (SloState).`);

    // --- the gate: 50 concurrent CI callers ---------------------------------------
    const token = (await createToken(ctx, { name: 'ci', scopes: ['changes'] })).secret;
    const ask = async (k: number) => {
      const slug = `svc-${(k * 7919) % SERVICES}`;
      const tier = ['T1', 'T2', 'T3'][k % 3]!;
      const res = await callRoute(gateRoute, new Request(`http://runwell.local/api/v1/changes/gate?service=${slug}&tier=${tier}`, { headers: { host: 'runwell.local', authorization: `Bearer ${token}` } }), { now: NOW });
      if (res.status !== 200) throw new Error(`gate answered ${res.status}: ${await res.text()}`);
      await res.json();
    };
    for (let k = 0; k < 20; k++) await ask(k); // warm-up
    const gate: number[] = [];
    t = performance.now();
    await Promise.all(
      Array.from({ length: CALLERS }, async (_, c) => {
        for (let n = 0; n < CALLS; n++) {
          const s = performance.now();
          await ask(c * CALLS + n);
          gate.push(performance.now() - s);
        }
      }),
    );
    const wall = (performance.now() - t) / 1000;
    // One caller at a time: the gate alone, and its budget read alone.
    const gateOne: number[] = [];
    const budgetOne: number[] = [];
    const recomputeOne: number[] = [];
    const { evaluate } = await import('@/server/slo/slo-recompute.service');
    for (let k = 0; k < 200; k++) {
      let s = performance.now();
      await ask(k);
      gateOne.push(performance.now() - s);
      s = performance.now();
      await remainingBudgetsByService([services[(k * 7919) % SERVICES]!.id], NOW);
      budgetOne.push(performance.now() - s);
      // The previous path for the same service: its SLOs, recomputed from buckets and day roll-ups.
      s = performance.now();
      await evaluate(db(), await sloRepo.listSlos(db(), { serviceIds: [services[(k * 7919) % SERVICES]!.id] }), NOW);
      recomputeOne.push(performance.now() - s);
    }

    // --- the ledger page ---------------------------------------------------------
    const filters = [{}, { service: 'svc-42' }, { team: teams[3]!.id }, { status: 'failed' as const }, { tier: 'T3' as const, page: 20 }, { q: 'Change 9999' }];
    const ledger: number[] = [];
    for (let i = -1; i < RUNS * filters.length; i++) {
      const s = performance.now();
      const page = await listChanges(ctx, { ...filters[Math.max(0, i) % filters.length], pageSize: 25 });
      if (i >= 0) ledger.push(performance.now() - s);
      if (i === -1 && page.total !== CHANGES) throw new Error(`ledger total ${page.total}`);
    }
    const row = (name: string, xs: number[], target: string, met: boolean) => `| ${name} | ${xs.length} | ${quantile(xs, 0.5).toFixed(1)} | ${quantile(xs, 0.95).toFixed(1)} | ${target} | ${met ? 'met' : 'NOT met'} |`;
    lines.push(
      '',
      `Gate: ${CALLERS} concurrent callers x ${CALLS} calls in ${wall.toFixed(1)} s (${Math.round(gate.length / wall)} decisions/s).`,
      '',
      '| measurement | runs | median ms | p95 ms | target | |',
      '| --- | ---: | ---: | ---: | --- | --- |',
      row(`gate decision, ${CALLERS} concurrent callers`, gate, '<= 50 ms p95', quantile(gate, 0.95) <= 50),
      row('ledger page (filtered, paged, 100,000 entries)', ledger, '<= 150 ms p95', quantile(ledger, 0.95) <= 150),
      row('gate decision, one caller at a time', gateOne, '', true).replace(/ met \|$/, ' |'),
      row('its budget read alone (remainingBudgetsByService, one service, from SloState)', budgetOne, '', true).replace(/ met \|$/, ' |'),
      row('the same budgets recomputed from buckets (the path before SloState)', recomputeOne, '', true).replace(/ met \|$/, ' |'),
    );
  } finally {
    const { getPrisma } = await import('@/server/db');
    await getPrisma().$disconnect().catch(() => undefined);
    // BENCH_CHG_KEEP=1 keeps the scratch database for profiling (its name is printed).
    if (process.env.BENCH_CHG_KEEP === '1') process.stderr.write(`kept database ${DB}\n`);
    else sh('dropdb', ['-h', '127.0.0.1', '-U', 'postgres', '--if-exists', DB]);
  }
  const head = [
    '# Change gate benchmark',
    '',
    `Run ${new Date().toISOString()} on ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')} (1 / 5 / 15 min) at the end.`,
    'Server time of the REST handler (gate) and the service call (ledger), no socket; one process, pool of 10 connections. `npm run bench:changes`.',
    '',
  ];
  const text = [...head, ...lines, ''].join('\n');
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/changes.md', text);
  process.stdout.write(text);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
