import { recordAudit } from '../audit/audit.service';
import { db, inTransaction } from '../database/tx';
import { freshMemo } from '../lib/fresh-memo';
import { inventoryVersion } from '../inventory/inventory.service';
import { DomainError } from '../errors';
import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import * as readiness from '../readiness/readiness.service';
import * as repo from './hardening.repo';
import { kubeBenchTargetSchema, parseKubeBench, type FailingCheckDto, type KubeBenchFinding, type KubeBenchImportDto, type SecurityOverviewDto, type SecuritySource } from './hardening.schema';
import { clusterScore, dailyClusterScores, scoreDropped, summarizeKubeBench } from './kube-bench.compute';
import { rankImages, vulnerableImage } from './vulnerabilities.compute';
import { auditedWorkload, summarizeConfigAudits } from './config-audit.compute';
import { FALCO_LONG_WINDOW_DAYS, FALCO_WINDOW_HOURS, falcoRates, mergeFalcoSources, promGroups } from './falco.compute';
import { queryConfigVersion, queryEverySource } from '../domains/promql-templates.service';

// Security hardening (docs/domains.md): kube-bench runs uploaded per cluster
// and node, Trivy VulnerabilityReports and ConfigAuditReports from the
// collectors, Falco's alert rate from the alerts Falcosidekick sends, and
// workloads without a NetworkPolicy from readiness, on one page.

const DAY_MS = 86_400_000;
const TREND_DAYS = 90;
const REPORT_CAP = 20_000;

const uploader = (ctx: RequestContext) => (ctx.actor.kind === 'user' ? ctx.actor.email : `${ctx.actor.kind}:${ctx.actor.name}`);

/** Stores one kube-bench run (its JSON output as parsed) for a cluster's node; says whether the score dropped against the node's previous run. */
export async function importKubeBench(ctx: RequestContext, target: unknown, results: unknown, source: SecuritySource, now = Date.now()): Promise<KubeBenchImportDto> {
  authorize(ctx, 'security.import', 'Only engineers, incident commanders and admins (or a token with the security scope) can upload kube-bench results');
  const t = kubeBenchTargetSchema.parse(target);
  const summary = summarizeKubeBench(parseKubeBench(results));
  const runAt = t.runAt ? new Date(t.runAt) : new Date(now);
  if (runAt.getTime() > now + 5 * 60_000) throw new DomainError('BAD_INPUT', 'runAt is in the future', 'runAt');
  return inTransaction(async (tx) => {
    const cluster = await repo.findCluster(tx, t.cluster);
    if (!cluster) throw new DomainError('BAD_INPUT', `No cluster "${t.cluster}" (give its name or id)`, 'cluster');
    const previous = await repo.previousRun(tx, cluster.id, t.node, runAt);
    const { id } = await repo.insertRun(tx, {
      clusterId: cluster.id,
      node: t.node,
      benchmark: summary.benchmark,
      nodeTypes: summary.nodeTypes,
      pass: summary.pass,
      fail: summary.fail,
      warn: summary.warn,
      info: summary.info,
      score: summary.score,
      findings: summary.findings,
      source,
      uploadedById: ctx.actor.kind === 'system' ? null : ctx.actor.id,
      uploadedBy: uploader(ctx),
      runAt,
    });
    const previousScore = previous?.score ?? null;
    await recordAudit(tx, ctx, { action: 'security.kube_bench.import', targetType: 'cluster', targetId: cluster.id, after: { runId: id, node: t.node, score: summary.score, pass: summary.pass, fail: summary.fail, previousScore, source } });
    return {
      id,
      cluster: cluster.name,
      node: t.node,
      runAt: runAt.toISOString(),
      score: summary.score,
      previousScore,
      dropped: scoreDropped(previousScore, summary.score),
      pass: summary.pass,
      fail: summary.fail,
      warn: summary.warn,
      info: summary.info,
      failing: summary.findings.filter((f) => f.status === 'FAIL').map((f) => ({ id: f.id, text: f.text })),
    };
  });
}

async function kubeBench(now: number): Promise<SecurityOverviewDto['kubeBench']> {
  const [latest, history, clusters] = await Promise.all([repo.latestRuns(db()), repo.runsSince(db(), new Date(now - TREND_DAYS * DAY_MS)), repo.listClusters(db())]);
  const previousOf = (clusterId: string, node: string, runAt: Date) =>
    [...history].reverse().find((h) => h.clusterId === clusterId && h.node === node && h.runAt < runAt)?.score ?? null;
  const nodes = latest
    .map((r) => ({ clusterId: r.clusterId, clusterName: r.cluster.name, node: r.node, benchmark: r.benchmark, nodeTypes: r.nodeTypes, score: r.score, previousScore: previousOf(r.clusterId, r.node, r.runAt), pass: r.pass, fail: r.fail, warn: r.warn, runAt: r.runAt.toISOString(), source: r.source }))
    .sort((a, b) => (a.score ?? 101) - (b.score ?? 101) || a.clusterName.localeCompare(b.clusterName) || a.node.localeCompare(b.node));
  const failing = new Map<string, FailingCheckDto>();
  for (const r of latest) {
    for (const f of r.findings as KubeBenchFinding[]) {
      if (f.status !== 'FAIL') continue;
      const key = `${f.nodeType}\u0000${f.id}`;
      const entry = failing.get(key) ?? { id: f.id, text: f.text, section: f.section, nodeType: f.nodeType, remediation: f.remediation, scored: f.scored, nodes: [] };
      entry.nodes.push({ clusterName: r.cluster.name, node: r.node });
      failing.set(key, entry);
    }
  }
  const byCluster = clusters
    .map((c) => {
      const mine = latest.filter((r) => r.clusterId === c.id);
      const runs = history.filter((h) => h.clusterId === c.id).map((h) => ({ node: h.node, runAt: h.runAt.getTime(), pass: h.pass, fail: h.fail }));
      return {
        clusterId: c.id,
        clusterName: c.name,
        score: clusterScore(mine),
        nodes: mine.length,
        fail: mine.reduce((s, r) => s + r.fail, 0),
        lastRunAt: mine.length ? new Date(Math.max(...mine.map((r) => r.runAt.getTime()))).toISOString() : null,
        trend: dailyClusterScores(runs),
      };
    })
    .sort((a, b) => (a.score ?? 101) - (b.score ?? 101));
  return {
    clusters: byCluster,
    nodes,
    failing: [...failing.values()].sort((a, b) => b.nodes.length - a.nodes.length || a.id.localeCompare(b.id, 'en', { numeric: true })),
  };
}

// Trivy reports change when the operator rescans (hours); 100,000 of them are
// not read and ranked again for every view of the page or the strip.
const TRIVY_KINDS = ['VulnerabilityReport', 'ConfigAuditReport'];
const vulnerabilityMemo = freshMemo<SecurityOverviewDto['vulnerabilities']>({ freshMs: 60_000, staleMs: 120_000, max: 2 });
const configAuditMemo = freshMemo<SecurityOverviewDto['configAudit']>({ freshMs: 60_000, staleMs: 120_000, max: 2 });

function vulnerabilities(now: number): Promise<SecurityOverviewDto['vulnerabilities']> {
  return vulnerabilityMemo.asOf('*', now, () => inventoryVersion(TRIVY_KINDS), rankVulnerabilities);
}

async function rankVulnerabilities(now: number): Promise<SecurityOverviewDto['vulnerabilities']> {
  const rows = await repo.vulnerabilityReports(db(), REPORT_CAP);
  const images = rows.map((r) => vulnerableImage({ clusterName: r.cluster.name, namespace: r.namespace, name: r.name, labels: (r.labels ?? {}) as Record<string, string>, data: r.data }, now));
  return {
    reports: rows.length,
    critical: images.reduce((s, i) => s + i.critical, 0),
    high: images.reduce((s, i) => s + i.high, 0),
    images: rankImages(images).slice(0, 100),
  };
}

function configAudit(): Promise<SecurityOverviewDto['configAudit']> {
  return configAuditMemo.get('*', () => inventoryVersion(TRIVY_KINDS), summarizeConfigAuditReports);
}

async function summarizeConfigAuditReports(): Promise<SecurityOverviewDto['configAudit']> {
  const rows = await repo.vulnerabilityReports(db(), REPORT_CAP, 'ConfigAuditReport');
  return summarizeConfigAudits(rows.map((r) => auditedWorkload({ clusterName: r.cluster.name, namespace: r.namespace, name: r.name, labels: (r.labels ?? {}) as Record<string, string>, data: r.data })));
}

/** Falco events from the webhook, replaced per cluster by Falcosidekick's Prometheus counter where a data source has it. */
// Falco rates read every Prometheus data source (a slow one holds the page for
// its timeout): kept for a minute and refreshed in the background for one
// more, as rates per hour and per week move slowly.
const falcoMemo = freshMemo<SecurityOverviewDto['falco']>({ freshMs: 60_000, staleMs: 120_000, max: 2 });

function falco(now: number): Promise<SecurityOverviewDto['falco']> {
  return falcoMemo.asOf('*', now, queryConfigVersion, falcoRatesAt);
}

async function falcoRatesAt(now: number): Promise<SecurityOverviewDto['falco']> {
  const [rows, sources, clusters] = await Promise.all([
    repo.falcoEvents(db(), new Date(now - FALCO_LONG_WINDOW_DAYS * DAY_MS), new Date(now - FALCO_WINDOW_HOURS * 3_600_000)),
    queryEverySource(['security.falcoEvents24h', 'security.falcoEvents7d'], now).catch(() => []),
    repo.listClusters(db()),
  ]);
  const clusterName = new Map(clusters.map((c) => [c.id, c.name]));
  const webhook = rows.map((r) => ({ cluster: r.cluster, rule: r.rule, priority: r.priority, events24h: r.recent, events7d: r.events, last: r.last.getTime(), source: 'alertmanager' as const }));
  const prometheus = sources.flatMap((s) => promGroups((s.clusterId && clusterName.get(s.clusterId)) || s.dataSource, s.results['security.falcoEvents24h'] ?? [], s.results['security.falcoEvents7d'] ?? []));
  return falcoRates(mergeFalcoSources(webhook, prometheus), now);
}

// Workloads without a NetworkPolicy: two readiness overviews over every stored
// result, kept until a cluster is evaluated again (the same for every reader).
const networkPolicyMemo = freshMemo<SecurityOverviewDto['networkPolicy']>({ freshMs: 60_000, staleMs: 120_000, max: 2 });

function networkPolicy(ctx: RequestContext, now: number): Promise<SecurityOverviewDto['networkPolicy']> {
  return networkPolicyMemo.asOf('*', now, readiness.readinessVersion, (at) => workloadsWithoutNetworkPolicy(ctx, at));
}

async function workloadsWithoutNetworkPolicy(ctx: RequestContext, now: number): Promise<SecurityOverviewDto['networkPolicy']> {
  const [all, without] = await Promise.all([readiness.getOverview(ctx, { days: 1 }, new Date(now)), readiness.getOverview(ctx, { checkId: 'missingNetworkPolicy', days: 1 }, new Date(now))]);
  return {
    workloads: all.total.workloads,
    without: without.total.workloads,
    byCluster: without.byCluster.map((c) => ({ label: c.label, without: c.workloads })).sort((a, b) => b.without - a.without),
    offenders: without.offenders.map((o) => ({ clusterName: o.clusterName, namespace: o.namespace, kind: o.kind, name: o.name, teamLabel: o.teamLabel })),
  };
}

/**
 * The domain strip's security tile: kube-bench scores per cluster and the
 * vulnerability counts, without the page's NetworkPolicy section (two
 * readiness overviews that the tile does not show).
 */
export async function getSecurityTileFacts(ctx: RequestContext, now = Date.now()): Promise<Pick<SecurityOverviewDto, 'vulnerabilities'> & { clusters: Awaited<ReturnType<typeof kubeBenchClusterScores>> }> {
  const [clusters, vulns] = await Promise.all([kubeBenchClusterScores(ctx), vulnerabilities(now)]);
  return { clusters, vulnerabilities: vulns };
}

/** The security page: kube-bench per cluster and node, the failing checks with their remediation, vulnerable images, workloads without a NetworkPolicy. */
export async function getSecurityOverview(ctx: RequestContext, now = Date.now()): Promise<SecurityOverviewDto> {
  authorize(ctx, 'app.read', 'You may not view security hardening');
  const [kb, vulns, audits, falcoEvents, np] = await Promise.all([kubeBench(now), vulnerabilities(now), configAudit(), falco(now), networkPolicy(ctx, now)]);
  return { at: new Date(now).toISOString(), kubeBench: kb, vulnerabilities: vulns, configAudit: audits, falco: falcoEvents, networkPolicy: np };
}

/** kube-bench score per cluster (pooled latest run of each node; null without a run), for the maturity assessment. */
export async function kubeBenchClusterScores(ctx: RequestContext): Promise<{ clusterId: string; clusterName: string; score: number | null; nodes: number }[]> {
  authorize(ctx, 'app.read', 'You may not view security hardening');
  const [latest, clusters] = await Promise.all([repo.latestRuns(db()), repo.listClusters(db())]);
  return clusters.map((c) => {
    const mine = latest.filter((r) => r.clusterId === c.id);
    return { clusterId: c.id, clusterName: c.name, score: clusterScore(mine), nodes: mine.length };
  });
}
