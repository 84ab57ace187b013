import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import type { DomainAlert } from '../alerts/domain-alerts.compute';
import type { DomainTile } from '../domains/strip.schema';
import { domainTrend } from '../domains/snapshot.service';
import { bandAlerts, countBands, type OpsRow } from '../domains/ops-signals.compute';
import { alertRunbooks, runbookLinks, runbookUrls } from '../domains/ops-signals.service';
import { renderSelector } from '../domains/promql-templates.schema';
import { queryConfigVersion, runNamedQueries, templatesFor } from '../domains/promql-templates.service';
import { freshMemo } from '../lib/fresh-memo';
import { goldenQueriesOfEveryService } from '../slo/golden-signals.service';
import { PERFORMANCE_ALERT_SPECS, PERFORMANCE_ALERTS, evaluatePerformance, performanceHeadline, performanceTile, performanceTrendValues, type ServiceMeasure } from './performance.compute';
import { performanceFilterSchema, type PerformanceFilter, type PerformancePageDto } from './performance.schema';

// Performance tuning (docs/domains.md "Performance"): for every service, its
// golden-signal latency (at p99) and saturation queries and the GC template
// with its selector, run against its data source on request; the evaluate job
// stores the day's figures and raises the alerts.

type Measured = ReturnType<typeof evaluatePerformance>;
// Three instant queries per service on request: the figures of now are kept a
// minute (refreshed in the background for one more) and dropped when a data
// source or template changes; a service's golden-signal queries edited
// elsewhere show within two minutes (server/lib/fresh-memo.ts).
const memo = freshMemo<Measured>({ freshMs: 60_000, staleMs: 120_000, max: 50 });

function measure(now: number, onlySlug?: string): Promise<Measured> {
  return memo.asOf(onlySlug ?? '*', now, queryConfigVersion, (at) => measureNow(at, onlySlug));
}

async function measureNow(now: number, onlySlug?: string): Promise<Measured> {
  const services = (await goldenQueriesOfEveryService()).filter((s) => !onlySlug || s.slug === onlySlug);
  const templates = new Map<string, Promise<Awaited<ReturnType<typeof templatesFor>>>>();
  const templatesOf = (id: string | null) => {
    const key = id ?? '';
    if (!templates.has(key)) templates.set(key, templatesFor(id));
    return templates.get(key)!;
  };
  const measures: ServiceMeasure[] = await Promise.all(
    services.map(async (s) => {
      const gc = renderSelector((await templatesOf(s.dataSourceId))['performance.gcPause'], s.selector);
      const r = await runNamedQueries(s.dataSourceId, { latency: s.latency, saturation: s.saturation, gc }, now);
      return { serviceId: s.serviceId, slug: s.slug, name: s.name, team: s.team, dataSource: r.dataSource, latency: r.results.latency, saturation: r.results.saturation, gc: r.results.gc, errors: r.errors };
    }),
  );
  return evaluatePerformance(measures);
}

const hrefOf = (r: Pick<OpsRow, 'id'>) => `/performance?focus=${encodeURIComponent(r.id)}`;

export async function performancePage(ctx: RequestContext, input: PerformanceFilter, now = Date.now()): Promise<PerformancePageDto> {
  authorize(ctx, 'app.read', 'You may not view performance');
  const f = performanceFilterSchema.parse(input);
  const [m, runbooks, trend] = await Promise.all([measure(now), alertRunbooks(Object.values(PERFORMANCE_ALERTS)), domainTrend('performance', 'org', f.days, now)]);
  const services = f.serviceId ? m.services.filter((s) => s.serviceId === f.serviceId) : m.services;
  const rows = f.serviceId ? m.rows.filter((r) => r.id.startsWith(`${f.serviceId}/`)) : m.rows;
  const shown = f.signal === 'all' ? rows : f.signal === 'attention' ? rows.filter((r) => r.status !== 'ok') : rows.filter((r) => r.signal === f.signal);
  return {
    now: new Date(now).toISOString(),
    headline: performanceHeadline(rows),
    counts: countBands(rows),
    rows: shown.slice(0, f.limit),
    matching: shown.length,
    services,
    runbooks: runbookLinks(runbooks),
    trend,
  };
}

/** The performance tile: the slowest service, or the service's own p99 on its page. */
export async function performanceStripTile(ctx: RequestContext, scope: { serviceSlug?: string }, now = Date.now()): Promise<DomainTile> {
  authorize(ctx, 'app.read', 'You may not view performance');
  const m = await measure(now, scope.serviceSlug);
  return performanceTile(m.rows, '/performance', Boolean(scope.serviceSlug));
}

export async function performanceSignals(now = Date.now()): Promise<{ alerts: DomainAlert[]; snapshots: { scopeKey: string; values: Record<string, number> }[] }> {
  const m = await measure(now);
  const failed = m.services.flatMap((s) => Object.values(s.errors));
  // Every query failing is a Prometheus outage, not "all clear": keep the open alerts.
  if (m.rows.length === 0 && failed.length > 0) throw new Error(`Prometheus queries failed: ${failed[0]}`);
  const urls = runbookUrls(await alertRunbooks(Object.values(PERFORMANCE_ALERTS)));
  return { alerts: bandAlerts(m.rows, PERFORMANCE_ALERT_SPECS, urls, hrefOf), snapshots: [{ scopeKey: 'org', values: performanceTrendValues(m.rows) }] };
}
