import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import type { DomainAlert } from '../alerts/domain-alerts.compute';
import type { DomainTile } from '../domains/strip.schema';
import { domainTrend } from '../domains/snapshot.service';
import { bandAlerts, countBands, type OpsRow } from '../domains/ops-signals.compute';
import { alertRunbooks, catalogBySlug, runbookLinks, runbookUrls } from '../domains/ops-signals.service';
import { queryConfigVersion, queryEverySource, type SourceResult } from '../domains/promql-templates.service';
import { freshMemo } from '../lib/fresh-memo';
import { NETWORK_ALERT_SPECS, NETWORK_ALERTS, evaluateNetwork, networkHeadline, networkTile, networkTrendValues } from './network.compute';
import { networkFilterSchema, type NetworkFilter, type NetworkPageDto, type SourceStatus } from './network.schema';

// Network operations (docs/domains.md "Network"): the network templates run
// against every Prometheus data source on request; the evaluate job stores
// the day's figures and raises the alerts.

type Measured = { rows: OpsRow[]; sources: SourceResult[] };
// Every Prometheus data source is asked on request: the figures of now are
// kept a minute (refreshed in the background for one more) and dropped when a
// data source or template changes (server/lib/fresh-memo.ts).
const memo = freshMemo<Measured>({ freshMs: 60_000, staleMs: 120_000, max: 2 });

function measure(now: number): Promise<Measured> {
  return memo.asOf('*', now, queryConfigVersion, measureNow);
}

async function measureNow(now: number): Promise<Measured> {
  const [sources, services] = await Promise.all([queryEverySource(['network.dnsP99', 'network.ingressRequests', 'network.ingress5xx', 'network.drops'], now), catalogBySlug()]);
  const rows = evaluateNetwork(
    sources.map((s) => ({
      dataSourceId: s.dataSourceId,
      dataSource: s.dataSource,
      clusterId: s.clusterId,
      dns: s.results['network.dnsP99'],
      requests: s.results['network.ingressRequests'],
      errors5xx: s.results['network.ingress5xx'],
      drops: s.results['network.drops'],
    })),
    services,
  );
  return { rows, sources };
}

const sourceStatus = (s: SourceResult): SourceStatus => ({ dataSourceId: s.dataSourceId, dataSource: s.dataSource, errors: s.errors as Record<string, string> });

const hrefOf = (r: Pick<OpsRow, 'id'>) => `/network?focus=${encodeURIComponent(r.id)}`;

export async function networkPage(ctx: RequestContext, input: NetworkFilter, now = Date.now()): Promise<NetworkPageDto> {
  authorize(ctx, 'app.read', 'You may not view network operations');
  const f = networkFilterSchema.parse(input);
  const [{ rows, sources }, runbooks, trend, services] = await Promise.all([measure(now), alertRunbooks(Object.values(NETWORK_ALERTS)), domainTrend('network', 'org', f.days, now), catalogBySlug()]);
  const slug = f.serviceId ? ([...services.values()].find((s) => s.id === f.serviceId)?.slug ?? '\u0000') : null;
  const scoped = slug === null ? rows : rows.filter((r) => r.service?.slug === slug);
  const shown = f.signal === 'all' ? scoped : f.signal === 'attention' ? scoped.filter((r) => r.status !== 'ok') : scoped.filter((r) => r.signal === f.signal);
  return {
    now: new Date(now).toISOString(),
    headline: networkHeadline(scoped),
    counts: countBands(scoped),
    rows: shown.slice(0, f.limit),
    matching: shown.length,
    sources: sources.map(sourceStatus),
    runbooks: runbookLinks(runbooks),
    trend,
  };
}

/** The network tile: organisation-wide (DNS and CNI are shared), a service's Ingresses on its page. */
export async function networkStripTile(ctx: RequestContext, scope: { serviceSlug?: string }, now = Date.now()): Promise<DomainTile> {
  authorize(ctx, 'app.read', 'You may not view network operations');
  const { rows, sources } = await measure(now);
  const mine = scope.serviceSlug ? rows.filter((r) => r.signal !== 'ingress' || r.service?.slug === scope.serviceSlug) : rows;
  return networkTile(mine, '/network', sources.length === 0 ? 'No Prometheus data source: add one in Settings > Data sources' : null);
}

export async function networkSignals(now = Date.now()): Promise<{ alerts: DomainAlert[]; snapshots: { scopeKey: string; values: Record<string, number> }[] }> {
  const { rows, sources } = await measure(now);
  const failed = sources.flatMap((s) => Object.values(s.errors));
  // Every query failing is not "all clear": resolving every open alert on an outage of Prometheus would be wrong.
  if (sources.length > 0 && rows.length === 0 && failed.length > 0) throw new Error(`Prometheus queries failed: ${failed[0]}`);
  const urls = runbookUrls(await alertRunbooks(Object.values(NETWORK_ALERTS)));
  const byCluster = new Map<string, OpsRow[]>();
  for (const r of rows) if (r.clusterId) byCluster.set(r.clusterId, [...(byCluster.get(r.clusterId) ?? []), r]);
  return {
    alerts: bandAlerts(rows, NETWORK_ALERT_SPECS, urls, hrefOf),
    snapshots: [{ scopeKey: 'org', values: networkTrendValues(rows) }, ...[...byCluster].map(([id, list]) => ({ scopeKey: `cluster:${id}`, values: networkTrendValues(list) }))],
  };
}
