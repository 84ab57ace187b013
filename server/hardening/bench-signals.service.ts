import type { RequestContext } from '../lib/request-context';
import type { DomainAlert } from '../alerts/domain-alerts.compute';
import { db } from '../database/tx';
import { runbooksForService } from '../runbooks/runbooks.service';
import * as repo from './hardening.repo';
import { benchAlerts, KUBE_BENCH_ALERT } from './bench-alerts.compute';
import { dailyClusterScores } from './kube-bench.compute';

// The security domain's signals for the domains.evaluate job (server/domains/
// evaluate.service.ts): KubeBenchScoreDropped per cluster and the day's scores
// for the trend. A cluster's alert goes to the team of its kube-system
// namespace (clusters have no owner of their own), else to the team whose slug
// is `platform` when there is one (the usual owner of clusters), else to nobody
// (stored and listed, no page).

const SYSTEM: RequestContext = { actor: { kind: 'system', id: 'system', name: 'domains' }, requestId: null };
const DAY_MS = 86_400_000;
const PLATFORM_TEAM = 'platform';
const WINDOW_DAYS = 90;

export async function securitySignals(now = Date.now()): Promise<{ alerts: DomainAlert[]; snapshots: { scopeKey: string; values: Record<string, number> }[] }> {
  const [clusters, runs, owners, platform, runbooks] = await Promise.all([
    repo.listClusters(db()),
    repo.runsSince(db(), new Date(now - WINDOW_DAYS * DAY_MS)),
    repo.clusterOwnerTeams(db()),
    repo.teamWithSlug(db(), PLATFORM_TEAM),
    runbooksForService(SYSTEM, { alertNames: [KUBE_BENCH_ALERT] }),
  ]);
  const team = new Map(owners.map((o) => [o.clusterId, o.team]));
  const trends = clusters.map((c) => ({
    clusterId: c.id,
    clusterName: c.name,
    team: team.get(c.id) ?? platform?.slug ?? null,
    days: dailyClusterScores(runs.filter((r) => r.clusterId === c.id && r.runAt.getTime() <= now).map((r) => ({ node: r.node, runAt: r.runAt.getTime(), pass: r.pass, fail: r.fail }))),
  }));
  const scored = trends.filter((t) => t.days.length > 0).map((t) => ({ id: t.clusterId, score: t.days[t.days.length - 1]!.score }));
  return {
    alerts: benchAlerts(trends, runbooks.find((r) => r.alertName === KUBE_BENCH_ALERT)?.url ?? undefined),
    snapshots: [
      ...(scored.length ? [{ scopeKey: 'org', values: { lowestScore: Math.min(...scored.map((s) => s.score)), clustersScored: scored.length } }] : []),
      ...scored.map((s) => ({ scopeKey: `cluster:${s.id}`, values: { score: s.score } })),
    ],
  };
}
