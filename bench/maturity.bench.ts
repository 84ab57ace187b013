// Maturity benchmark: `npm run bench:maturity` (tsx bench/maturity.bench.ts).
//
// Issue #15's target: the assessment of 100 teams and 2,000 services from
// PostgreSQL in <= 5 s. A scratch, migrated database holds 100 teams (5
// members each, one lead), 2,000 services with one SLO each (half sampled),
// 6,000 ledger changes over 60 days, 1,000 DR drills, toil entries, 300
// attestations, and one cluster whose inventory has a namespace, a Deployment
// and a cert-manager Certificate per service, 200 hand-made Ingress TLS
// secrets and a daily Velero schedule with 60 backups. Timed: `assessAll`
// (every domain's service, the organisation and every team) and the page
// query `getMaturity` (plus the trend), server time, median and max of runs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { scratchDatabase, sh } from './lib/scratch';

const TEAMS = Number(process.env.BENCH_MAT_TEAMS ?? 100);
const SERVICES = Number(process.env.BENCH_MAT_SERVICES ?? 2000);
const RUNS = Number(process.env.BENCH_MAT_RUNS ?? 5);
const DB = `runwell_mat_bench_${process.pid}`;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 2, 12, 0);

const SLO_DEFINITION = {
  service: 'svc-__K__',
  name: 'slo-__K__',
  sli: { type: 'events', errorQuery: 'sum(rate(e[{{.window}}]))', totalQuery: 'sum(rate(t[{{.window}}]))' },
  objective: 99.9,
  window: { type: 'rolling', days: 30 },
  budgeting: { method: 'occurrences' },
  labels: {},
  alerting: { name: 'Slo__K__', labels: {}, annotations: {}, page: { disabled: false, labels: {}, annotations: {} }, ticket: { disabled: false, labels: {}, annotations: {} } },
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  await scratchDatabase(DB, 10);
  const lines: string[] = [];
  try {
    const { getPrisma } = await import('@/server/db');
    const { assessAll, getMaturity, snapshotNow } = await import('@/server/maturity/maturity.service');
    const prisma = getPrisma();
    const sql = (q: string) => prisma.$executeRawUnsafe(q);

    // --- data -----------------------------------------------------------------
    let t = performance.now();
    const iso = (ms: number) => `'${new Date(ms).toISOString()}'::timestamptz`;
    await sql(`INSERT INTO "Team" (id, slug, name, "updatedAt") SELECT 'team-' || k, 'team-' || k, 'Team ' || k, now() FROM generate_series(0, ${TEAMS - 1}) k`);
    await sql(`INSERT INTO "User" (id, email, name, role, "passwordHash", "updatedAt") SELECT 'user-' || k, 'u' || k || '@bench.test', 'User ' || k, 'engineer', 'x', now() FROM generate_series(0, ${TEAMS * 5 - 1}) k`);
    await sql(`INSERT INTO "TeamMember" ("teamId", "userId", "isLead") SELECT 'team-' || (k / 5), 'user-' || k, k % 5 = 0 FROM generate_series(0, ${TEAMS * 5 - 1}) k`);
    await sql(`INSERT INTO "Service" (id, slug, name, "teamId", tier, "updatedAt") SELECT 'svc-' || k, 'svc-' || k, 'Service ' || k, 'team-' || (k % ${TEAMS}), CASE WHEN k % 10 = 0 THEN 'tier1'::"ServiceTier" ELSE 'tier2'::"ServiceTier" END, now() FROM generate_series(0, ${SERVICES - 1}) k`);
    await sql(`INSERT INTO "Slo" (id, "serviceId", name, definition, objective, "window", budgeting, alerting, source, "updatedAt")
      SELECT 'slo-' || k, 'svc-' || k, 'slo-' || k, replace('${JSON.stringify(SLO_DEFINITION)}', '__K__', k::text)::jsonb, 99.9, '{"type":"rolling","days":30}'::jsonb, '{"method":"occurrences"}'::jsonb, '${JSON.stringify(SLO_DEFINITION.alerting)}'::jsonb, 'ui', now() FROM generate_series(0, ${SERVICES - 1}) k`);
    await sql(`INSERT INTO "SloSamplerState" ("sloId", status, "updatedAt") SELECT id, 'ok', now() FROM "Slo" WHERE substr(id, 5)::int % 2 = 0`);
    await sql(`INSERT INTO "Change" (id, title, tier, source, "authorLabel", "requestedAt", status, decision, "decidedAt", "updatedAt")
      SELECT 'chg-' || k, CASE WHEN k % 500 = 0 THEN 'Upgrade cluster' ELSE 'Deploy ' || k END, 'T1', CASE WHEN k % 3 = 0 THEN 'ui'::"ChangeSource" ELSE 'gitops'::"ChangeSource" END, 'bench',
        ${iso(NOW)} - (k % 60) * interval '1 day', 'succeeded', 'allow', now(), now() FROM generate_series(0, 5999) k`);
    await sql(`INSERT INTO "ChangeService" ("changeId", "serviceId") SELECT 'chg-' || k, 'svc-' || (k % ${SERVICES}) FROM generate_series(0, 5999) k WHERE k % 500 <> 0`);
    await sql(`INSERT INTO "DrDrill" (id, "serviceId", "restoreName", "startedAt", "finishedAt", success, "dataLossMinutes") SELECT 'drill-' || k, 'svc-' || (k * 2), 'restore-' || k, ${iso(NOW)} - (k % 120) * interval '1 day', ${iso(NOW)} - (k % 120) * interval '1 day' + interval '40 minutes', k % 7 <> 0, 5 FROM generate_series(0, ${SERVICES / 2 - 1}) k`);
    await sql(`INSERT INTO "ToilEntry" (id, "teamId", day, hours, what, source, "authorLabel") SELECT 'toil-' || k, 'team-' || (k % ${TEAMS}), (${iso(NOW)} - (k % 40) * interval '1 day')::date, 2.5, 'manual restarts', 'ui', 'bench' FROM generate_series(0, ${TEAMS * 20 - 1}) k`);
    await sql(`INSERT INTO "MaturityAttestation" (id, "teamId", "markerId", "evidenceUrl", "attestedByName", "attestedAt", "expiresAt") SELECT 'att-' || k, 'team-' || (k % ${TEAMS}), (ARRAY['defined.canary','measured.chaos','measured.auto-remediation'])[k / ${TEAMS} + 1], 'https://wiki.example.com/' || k, 'Lead', ${iso(NOW - 10 * DAY)}, ${iso(NOW + 80 * DAY)} FROM generate_series(0, ${TEAMS * 3 - 1}) k`);
    await sql(`INSERT INTO "Cluster" (id, name, "updatedAt") VALUES ('cl-prod', 'prod', now())`);
    const obj = (kind: string, ns: string, name: string, labels: string, data: string) =>
      `INSERT INTO "InventoryObject" ("clusterId", kind, namespace, name, uid, "resourceVersion", labels, data, "creationTimestamp") SELECT 'cl-prod', '${kind}', ${ns}, ${name}, md5(random()::text), '1', ${labels}, ${data}, ${iso(NOW - 200 * DAY)}`;
    await sql(`${obj('Namespace', "''", "'svc-' || k", `jsonb_build_object('runwell.io/team', 'team-' || (k % ${TEAMS}))`, "'{}'::jsonb")} FROM generate_series(0, ${SERVICES - 1}) k`);
    await sql(`${obj('Deployment', "'svc-' || k", "'svc-' || k", `jsonb_build_object('app', 'svc-' || k)`, `'{"spec":{"replicas":2}}'::jsonb`)} FROM generate_series(0, ${SERVICES - 1}) k`);
    await sql(`${obj('Certificate', "'svc-' || k", "'tls-' || k", `jsonb_build_object('app', 'svc-' || k)`, `jsonb_build_object('spec', jsonb_build_object('secretName', 'tls-' || k, 'dnsNames', jsonb_build_array('svc-' || k || '.example.com'), 'issuerRef', jsonb_build_object('kind', 'ClusterIssuer', 'name', 'letsencrypt')), 'status', jsonb_build_object('notAfter', '2027-02-01T00:00:00Z', 'ready', true))`)} FROM generate_series(0, ${SERVICES - 1}) k`);
    await sql(`${obj('Ingress', "'svc-' || k", "'web-' || k", `jsonb_build_object('app', 'svc-' || k)`, `jsonb_build_object('spec', jsonb_build_object('tls', jsonb_build_array(jsonb_build_object('secretName', 'manual-' || k, 'hosts', jsonb_build_array('m' || k || '.example.com'))), 'rules', '[]'::jsonb))`)} FROM generate_series(0, 199) k`);
    await sql(`${obj('Schedule', "'velero'", "'daily'", "'{}'::jsonb", `'{"spec":{"schedule":"0 1 * * *","template":{"includedNamespaces":["*"]}}}'::jsonb`)} FROM generate_series(0, 0) k`);
    await sql(`${obj('Backup', "'velero'", "'daily-' || k", `'{"velero.io/schedule-name":"daily"}'::jsonb`, `jsonb_build_object('spec', jsonb_build_object('includedNamespaces', jsonb_build_array('*')), 'status', jsonb_build_object('phase', 'Completed', 'startTimestamp', to_char(${iso(NOW)} - k * interval '1 day' - interval '11 hours', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'completionTimestamp', to_char(${iso(NOW)} - k * interval '1 day' - interval '10 hours', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')))`)} FROM generate_series(0, 59) k`);
    const setup = (performance.now() - t) / 1000;

    // Seven days of snapshots for the trend and previousLevel.
    for (let d = 7; d >= 1; d--) await snapshotNow(NOW - d * DAY);

    const viewer = { actor: { kind: 'user' as const, id: 'user-1', email: 'u1@bench.test', name: 'User 1', role: 'viewer' as const }, requestId: 'bench' };
    const measure = async (fn: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        t = performance.now();
        await fn();
        times.push(performance.now() - t);
      }
      return times;
    };
    await assessAll(viewer, NOW); // warm-up (module loading, connection pool)
    const assessTimes = await measure(() => assessAll(viewer, NOW));
    const pageTimes = await measure(() => getMaturity(viewer, { days: 90 }, NOW));
    // Where the time goes: each source once, on its own (sequential, so each has the machine).
    const parts: [string, () => Promise<unknown>][] = [
      ['teams.listTeams', () => import('@/server/teams/teams.service').then((m) => m.listTeams(viewer))],
      ['catalog.listServices', () => import('@/server/catalog/catalog.service').then((m) => m.listServices(viewer))],
      ['readiness.checkPassRate (replicas, PDBs)', () => import('@/server/readiness/readiness.service').then((m) => m.checkPassRate(viewer, ['deploymentMissingReplicas', 'missingPodDisruptionBudget']))],
      ['slo.listSlos', () => import('@/server/slo/slo.service').then((m) => m.listSlos(viewer, {}, NOW))],
      ['quality.qualityReport', () => import('@/server/alerts/quality.service').then((m) => m.qualityReport(viewer, { weeks: 4 }, NOW))],
      ['actionItems.completionReport', () => import('@/server/postmortems/action-items.service').then((m) => m.completionReport(viewer, { days: 90 }, NOW))],
      ['oncall.oncallOverview', () => import('@/server/oncall/oncall.service').then((m) => m.oncallOverview(viewer, { days: 14 }, NOW))],
      ['runbooks (list + lint)', () => import('@/server/runbooks/runbooks.service').then((m) => Promise.all([m.listRunbooks(viewer), m.lintRules(viewer)]))],
      ['change ledger (all pages)', () => import('@/server/maturity/maturity.service').then((m) => m.changeLedgerEvidence(viewer))],
      ['certificates.allCertificates', () => import('@/server/certificates/certificates.service').then((m) => m.allCertificates(NOW))],
      ['dr.drState', () => import('@/server/dr/dr.service').then((m) => m.drState(NOW))],
      ['hardening.kubeBenchClusterScores', () => import('@/server/hardening/hardening.service').then((m) => m.kubeBenchClusterScores(viewer))],
      ['toil.getToilOverview', () => import('@/server/toil/toil.service').then((m) => m.getToilOverview(viewer, { sprints: 2 }, NOW))],
    ];
    const breakdown: string[] = [];
    for (const [name, fn] of parts) {
      t = performance.now();
      await fn();
      breakdown.push(`| ${name} | ${((performance.now() - t) / 1000).toFixed(2)} |`);
    }
    const last = await assessAll(viewer, NOW);
    const levels = last.teams.reduce<Record<number, number>>((m, x) => ({ ...m, [x.level]: (m[x.level] ?? 0) + 1 }), {});
    const attested = last.teams.reduce((n, x) => n + x.markers.filter((m) => m.source === 'attested').length, 0);

    const load = loadavg().map((x) => x.toFixed(2)).join(' / ');
    const row = (name: string, xs: number[]) => {
      const med = median(xs) / 1000;
      const max = Math.max(...xs) / 1000;
      const verdict = med > 5 ? 'NOT met' : max <= 5 ? 'met' : 'met by the median, not by the slowest run';
      return `| ${name} | ${xs.length} | ${med.toFixed(2)} | ${max.toFixed(2)} | <= 5 s | ${verdict} |`;
    };
    lines.push(
      '# Maturity assessment benchmark',
      '',
      `Run ${new Date().toISOString()} on ${cpus().length} x ${cpus()[0]?.model.split(' ').slice(0, 2).join(' ') ?? 'CPU'}, load average ${load} (1 / 5 / 15 min) at the end.`,
      'Server time of the service call (no socket); one process, pool of 10 connections. `npm run bench:maturity`.',
      '',
      `Data: ${TEAMS} teams (5 members, 1 lead each), ${SERVICES} services with one SLO each (half sampled), 6,000 ledger changes over 60 days, ${SERVICES / 2} DR drills, ${TEAMS * 20} toil entries, ${TEAMS * 3} attestations; one cluster with ${SERVICES} namespaces, Deployments and cert-manager Certificates, 200 hand-made Ingress TLS secrets, a Velero schedule with 60 backups; 7 daily snapshots (set-up ${setup.toFixed(1)} s).`,
      '',
      '| measurement | runs | median s | max s | target | |',
      '| --- | ---: | ---: | ---: | --- | --- |',
      row(`assessAll: organisation + ${TEAMS} teams from live evidence`, assessTimes),
      row('getMaturity: the page (assessment + 90-day trend + who may attest)', pageTimes),
      '',
      'One call of each source alone (seconds), after the runs:',
      '',
      '| source | s |',
      '| --- | ---: |',
      ...breakdown,
      '',
      `Result: organisation level ${last.org.level} (previous ${last.org.previousLevel}); teams per level ${JSON.stringify(levels)}; ${attested} criteria met by attestation.`,
    );
    const out = lines.join('\n') + '\n';
    process.stdout.write(out);
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/maturity.md', out);
    await prisma.$disconnect();
  } finally {
    sh('dropdb', ['-h', '127.0.0.1', '-U', 'postgres', '--if-exists', '--force', DB]);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
