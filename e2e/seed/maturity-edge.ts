// A team at the edge of maturity level 3: every marker of levels 1 and 2 met,
// and every level-3 marker but "Canary deployments" (which a lead may attest
// for a tool Runwell does not watch). Made through Runwell's own services and
// the collectors' write path, as the product would see such a team; the team
// runs in a cluster of its own, so that other specs' data cannot move its level.
//
//   DATABASE_URL=... tsx e2e/seed/maturity-edge.ts <run> <lead e-mail> [--assess]
//
// Prints {"team": name} (and, with --assess, the team's markers that are not met).
import { getPrisma } from '../../server/db';
import { upsertObjects } from '../../server/inventory/collector.repo';
import { KIND_BY_NAME } from '../../server/inventory/kinds.compute';
import { toRow } from '../../server/inventory/transform.compute';
import type { RequestContext } from '../../server/lib/request-context';
import { createService } from '../../server/catalog/catalog.service';
import { recordDrill } from '../../server/dr/dr.service';
import { importKubeBench } from '../../server/hardening/hardening.service';
import { saveSchedule } from '../../server/oncall/oncall.service';
import { runEvaluation } from '../../server/readiness/evaluation.service';
import { saveRunbook } from '../../server/runbooks/runbooks.service';
import { importSlos } from '../../server/slo/slo.service';
import { addMember, createTeam } from '../../server/teams/teams.service';

const DAY = 86_400_000;
const system: RequestContext = { actor: { kind: 'system', id: 'system', name: 'e2e maturity seed' }, requestId: null };

async function main() {
  const [run, leadEmail] = process.argv.slice(2);
  if (!run || !leadEmail) throw new Error('usage: maturity-edge.ts <run> <lead e-mail> [--assess]');
  const prisma = getPrisma();
  const now = Date.now();
  const slug = `edge-${run}`;
  const lead = await prisma.user.findUniqueOrThrow({ where: { email: leadEmail } });
  const team = await createTeam(system, { slug, name: `Edge team ${run}` });
  await addMember(system, { teamId: team.id, userId: lead.id, isLead: true });
  const service = await createService(system, { slug, name: `Edge service ${run}`, teamId: team.id });
  // No API server behind it: disabled, so that no collector claims it (its inventory is written below).
  const cluster = await prisma.cluster.create({ data: { name: `edge-${run}`, lastSyncedAt: new Date(now), disabled: true } });
  const iso = (ms: number) => new Date(ms).toISOString();

  // The cluster: the service's namespace and Deployment (2 replicas, a PDB), a
  // cert-manager certificate, Velero backing the namespace up hourly, and the
  // service's alert rules with runbooks.
  const labels = { 'app.kubernetes.io/name': slug, 'runwell.io/service': slug };
  const objects = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: slug, labels: { 'runwell.io/team': slug } } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: slug, namespace: slug, labels, annotations: { 'runwell.io/team': slug } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { 'app.kubernetes.io/name': slug } },
        template: {
          metadata: { labels },
          spec: { containers: [{ name: 'app', image: 'registry.example/edge:1.0.0', resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } } }] },
        },
      },
    },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: slug, namespace: slug }, spec: { minAvailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': slug } } } },
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: slug, namespace: slug },
      spec: { secretName: `${slug}-tls`, dnsNames: [`${slug}.example.com`], issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' } },
      status: { conditions: [{ type: 'Ready', status: 'True' }], notAfter: iso(now + 60 * DAY), renewalTime: iso(now + 30 * DAY) },
    },
    { apiVersion: 'velero.io/v1', kind: 'Schedule', metadata: { name: 'hourly', namespace: 'velero' }, spec: { schedule: '0 * * * *', template: { includedNamespaces: [slug] } } },
    {
      apiVersion: 'velero.io/v1',
      kind: 'Backup',
      metadata: { name: 'hourly-1', namespace: 'velero', labels: { 'velero.io/schedule-name': 'hourly' } },
      spec: { includedNamespaces: [slug] },
      status: { phase: 'Completed', startTimestamp: iso(now - 20 * 60_000), completionTimestamp: iso(now - 15 * 60_000) },
    },
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: slug, namespace: slug },
      spec: { groups: [{ name: slug, rules: [{ alert: 'EdgeDown', expr: 'up == 0', annotations: { runbook_url: 'https://wiki.example.com/edge-down' } }] }] },
    },
  ];
  await upsertObjects(prisma, cluster.id, objects.map((o) => toRow(KIND_BY_NAME.get(o.kind)!, o as never)), 1);
  await runEvaluation(cluster.id, new Date(now));

  // kube-bench: every check of the cluster's node passes.
  await importKubeBench(
    system,
    { cluster: cluster.name, node: 'node-1' },
    { Controls: [{ id: '4', version: 'cis-1.8', node_type: 'node', tests: [{ section: '4.1', results: [{ test_number: '4.1.1', test_desc: 'kubelet service file permissions', status: 'PASS', scored: true }] }] }] },
    'api',
    now,
  );

  // Practices: a runbook, a gap-free on-call rotation, ten GitOps deploys in 30
  // days, a DR drill this quarter, and an SLO with sampled data.
  await saveRunbook(system, { slug: `${slug}-down`, title: 'Edge down', alertName: 'EdgeDown', markdown: '# Edge down\n\n## Triage\n\nCheck the pods.\n', teamId: team.id });
  await saveSchedule(system, { teamId: team.id, name: 'Primary', layers: [{ name: 'Week', turn: { type: 'weekly' }, handoffTime: '09:00', timeZone: 'UTC', startDate: '2026-01-05', participants: [lead.id] }] });
  for (let i = 0; i < 10; i++) {
    const at = new Date(now - (i + 1) * DAY);
    await prisma.change.create({
      data: {
        title: `Deploy edge ${i}`,
        tier: 'T3',
        source: 'gitops',
        authorLabel: 'argocd',
        requestedAt: at,
        finishedAt: at,
        status: 'succeeded',
        decision: 'allow',
        decidedAt: at,
        services: { create: [{ serviceId: service.id }] },
      },
    });
  }
  await recordDrill(system, { serviceId: service.id, restoreName: `${slug}-drill`, startedAt: new Date(now - 10 * DAY), finishedAt: new Date(now - 10 * DAY + 3_600_000), success: true, dataLossMinutes: 0 });
  await importSlos(system, {
    text: `version: prometheus/v1\nservice: ${slug}\nslos:\n  - name: availability\n    objective: 99.9\n    sli:\n      events:\n        error_query: sum(rate(http_requests_total{job="${slug}",code=~"5.."}[{{.window}}]))\n        total_query: sum(rate(http_requests_total{job="${slug}"}[{{.window}}]))\n    alerting:\n      name: EdgeHighErrorRate\n      annotations:\n        runbook_url: https://wiki.example.com/edge-errors\n`,
  });
  const slo = await prisma.slo.findFirstOrThrow({ where: { serviceId: service.id } });
  await prisma.$executeRawUnsafe(
    `INSERT INTO "SloSliBucket" ("sloSeq", "start", bad, total, missing)
     SELECT $1::int, to_timestamp(floor(extract(epoch FROM now()) / 300) * 300 - (288 - i) * 300), 0, 1000, false FROM generate_series(0, 287) i
     ON CONFLICT DO NOTHING`,
    slo.seq,
  );

  const out: Record<string, unknown> = { team: team.name };
  if (process.argv.includes('--assess')) {
    const { assessAll } = await import('../../server/maturity/maturity.service');
    const assessed = (await assessAll(system, now)).teams.find((t) => t.teamId === team.id)!;
    out.level = assessed.level;
    out.unmet = assessed.markers.filter((m) => m.status !== 'met' && m.level <= 3).map((m) => `${m.id}: ${m.status} (${m.detail})`);
  }
  console.log(JSON.stringify(out));
  // The SLO import queued its backfill through the job queue's connection: do not wait for it to idle.
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
