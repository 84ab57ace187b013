// Post-mortem benchmark: `npm run bench:postmortems` (tsx bench/postmortems.bench.ts).
//
// Issue #12's targets, in a scratch, migrated PostgreSQL database:
// - opening a pre-filled draft (openPostmortem: incident, timeline, alert groups,
//   runbooks, budget, the post-mortem, its action items, revisions and people)
//   for a resolved P1 with 5,000 timeline entries and 2,000 alerts: <= 300 ms;
// - the org-wide action item list (overdue first) over 50,000 items, filtered by
//   team / status / overdue and paged: <= 150 ms p95.
// Both are measured as server time (the service call, no HTTP), RUNS times after
// one warm-up; the median and p95 are reported with the machine's load.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { quantile, scratchDatabase, sh } from './lib/scratch';

const TIMELINE = Number(process.env.BENCH_PM_TIMELINE ?? 5000);
const ALERTS = Number(process.env.BENCH_PM_ALERTS ?? 2000);
const ITEMS = Number(process.env.BENCH_PM_ITEMS ?? 50_000);
const RUNS = Number(process.env.BENCH_PM_RUNS ?? 30);
const DB = `runwell_pm_bench_${process.pid}`;
const HOUR = 3_600_000;

async function timed(runs: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  await fn(-1); // warm-up: plans cached, the draft created
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

async function main() {
  await scratchDatabase(DB, 4);
  const lines: string[] = [];
  try {
    const { getPrisma } = await import('@/server/db');
    const { createUser } = await import('@/server/users/users.service');
    const { openPostmortem } = await import('@/server/postmortems/postmortems.service');
    const { listActionItems } = await import('@/server/postmortems/action-items.service');
    const prisma = getPrisma();
    const system = { actor: { kind: 'system' as const, id: 'system' as const, name: 'bench' }, requestId: null };
    const user = await createUser(system, { email: 'ic@bench.test', name: 'Commander', role: 'incident_commander', password: 'correct horse battery staple' });
    const ctx = { actor: { kind: 'user' as const, id: user.id, email: user.email, name: user.name, role: user.role }, requestId: 'bench' };

    // --- data -----------------------------------------------------------------
    let t = performance.now();
    const teams = await Promise.all(Array.from({ length: 20 }, (_, k) => prisma.team.create({ data: { slug: `team-${k}`, name: `Team ${k}` } })));
    const service = await prisma.service.create({ data: { slug: 'checkout', name: 'Checkout', teamId: teams[0]!.id } });
    const start = Date.UTC(2026, 10, 20, 10, 0);
    const incident = await prisma.incident.create({
      data: {
        title: 'Checkout 5xx',
        severity: 'P1',
        state: 'resolved',
        roles: { commander: user.id },
        teamId: teams[0]!.id,
        startedAt: new Date(start),
        detectedAt: new Date(start + 120_000),
        acknowledgedAt: new Date(start + 300_000),
        mitigatedAt: new Date(start + 2 * HOUR),
        resolvedAt: new Date(start + 3 * HOUR),
        services: { create: [{ serviceId: service.id }] },
      },
    });
    const kinds = ['alert', 'alert', 'note', 'status', 'page'];
    await prisma.incidentTimelineEntry.createMany({
      data: Array.from({ length: TIMELINE }, (_, i) => ({ incidentId: incident.id, at: new Date(start + i * 2000), kind: kinds[i % kinds.length]!, text: `entry ${i}: ${'x'.repeat(60)}`, pinned: i % 500 === 0, authorLabel: 'Commander' })),
    });
    await prisma.alert.createMany({
      data: Array.from({ length: ALERTS }, (_, i) => ({
        fingerprint: `fp-${i}`,
        startsAt: new Date(start + i * 1000),
        alertname: `Alert${i % 12}`,
        status: 'resolved' as const,
        labels: { alertname: `Alert${i % 12}`, service: 'checkout' },
        annotations: {},
        serviceId: service.id,
        receivedAt: new Date(start + i * 1000),
        lastSeenAt: new Date(start + i * 1000),
        incidentId: incident.id,
      })),
    });
    // 50,000 action items on 2,500 published post-mortems of 2,500 other incidents.
    const pmCount = Math.ceil(ITEMS / 20);
    const incidents = await prisma.incident.createManyAndReturn({
      data: Array.from({ length: pmCount }, (_, i) => ({ title: `Past ${i}`, severity: 'P2' as const, state: 'closed' as const, teamId: teams[i % 20]!.id, startedAt: new Date(start - (i + 1) * HOUR), resolvedAt: new Date(start - i * HOUR) })),
      select: { id: true, teamId: true },
    });
    const pms = await prisma.postMortem.createManyAndReturn({
      data: incidents.map((inc, i) => ({ incidentId: inc.id, title: `Past ${i}`, state: 'published' as const, ownerId: user.id })),
      select: { id: true, incidentId: true },
    });
    const teamOf = new Map(incidents.map((i) => [i.id, i.teamId]));
    const statuses = ['open', 'in_progress', 'done', 'wont_do'] as const;
    for (let from = 0; from < ITEMS; from += 10_000) {
      await prisma.actionItem.createMany({
        data: Array.from({ length: Math.min(10_000, ITEMS - from) }, (_, k) => {
          const i = from + k;
          const pm = pms[i % pms.length]!;
          return { postMortemId: pm.id, title: `Action ${i}`, type: ['mitigate', 'prevent', 'detect', 'process'][i % 4]!, ownerId: i % 3 ? user.id : null, teamId: teamOf.get(pm.incidentId) ?? null, dueAt: new Date(start + ((i % 200) - 100) * 24 * HOUR), status: statuses[i % 4]!, wontDoReason: i % 4 === 3 ? 'not worth it' : null };
        }),
      });
    }
    await prisma.$executeRawUnsafe('ANALYZE');
    lines.push(`Data: 1 incident with ${TIMELINE} timeline entries and ${ALERTS} alerts; ${ITEMS} action items on ${pmCount} post-mortems of 20 teams (set-up ${((performance.now() - t) / 1000).toFixed(1)} s).`);

    // --- measurements ---------------------------------------------------------
    const now = start + 4 * HOUR;
    t = performance.now();
    const first = await openPostmortem(ctx, incident.id, now);
    const firstMs = performance.now() - t;
    if (!first.postmortem.sections.timeline.includes('entry 0')) throw new Error('pre-fill lost the timeline');
    const open = await timed(RUNS, () => openPostmortem(ctx, incident.id, now));
    const filters = [{}, { teamId: teams[3]!.id }, { status: 'unfinished' as const }, { overdue: true }, { teamId: teams[7]!.id, status: 'open' as const, page: 3 }, { page: 400 }];
    const list = await timed(RUNS * filters.length, (i) => listActionItems(ctx, filters[Math.max(0, i) % filters.length], now));
    const row = (name: string, xs: number[], target: string, met: boolean) => `| ${name} | ${xs.length} | ${quantile(xs, 0.5).toFixed(1)} | ${quantile(xs, 0.95).toFixed(1)} | ${target} | ${met ? 'met' : 'NOT met'} |`;
    lines.push(
      '',
      `First open (creates the draft, pre-fills it): ${firstMs.toFixed(0)} ms.`,
      '',
      '| measurement | runs | median ms | p95 ms | target | |',
      '| --- | ---: | ---: | ---: | --- | --- |',
      row('open a pre-filled draft (5,000 entries, 2,000 alerts)', open, '<= 300 ms', quantile(open, 0.5) <= 300),
      row('action items, filtered + paged (50,000)', list, '<= 150 ms p95', quantile(list, 0.95) <= 150),
    );
  } finally {
    const { getPrisma } = await import('@/server/db');
    await getPrisma().$disconnect().catch(() => undefined);
    sh('dropdb', ['-h', '127.0.0.1', '-U', 'postgres', '--if-exists', DB]);
  }
  const head = [
    '# Post-mortem benchmark',
    '',
    `Run ${new Date().toISOString()} on ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')} (1 / 5 / 15 min) at the end.`,
    'Server time of the service calls (no HTTP), after one warm-up. `npm run bench:postmortems`.',
    '',
  ];
  const text = [...head, ...lines, ''].join('\n');
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/postmortems.md', text);
  process.stdout.write(text);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
