import type { DomainTile } from '../domains/strip.schema';
import { bandOf, countBands, formatMs, formatPercent, worstFirst, type AlertSpec, type OpsRow, type Threshold } from '../domains/ops-signals.compute';

// Performance tuning (docs/domains.md "Performance"): each service's request
// p99 and saturation from its golden-signal queries (the ones its charts run)
// and its longest GC pause where the runtime exports it. Pure.

export const PERFORMANCE_THRESHOLDS = {
  /** Request p99 in seconds. */
  latency: { warning: 0.5, critical: 1 } satisfies Threshold,
  /** Saturation as the golden signal defines it (default: share of CPU periods throttled). */
  saturation: { warning: 0.25, critical: 0.5 } satisfies Threshold,
  /** Longest GC pause in seconds (stop-the-world: every request in flight waits). */
  gc: { warning: 0.05, critical: 0.1 } satisfies Threshold,
};

export const PERFORMANCE_ALERTS = { latency: 'ServiceLatencyHigh', saturation: 'ServiceSaturated', gc: 'GcPauseHigh' } as const;

type Sample = { metric: Record<string, string>; value: number };
export type ServiceMeasure = {
  serviceId: string;
  slug: string;
  name: string;
  team: string;
  dataSource: string | null;
  latency?: Sample[];
  saturation?: Sample[];
  gc?: Sample[];
  errors: Record<string, string>;
};

export type ServicePerformance = { serviceId: string; slug: string; name: string; team: string; dataSource: string | null; p99: number | null; saturation: number | null; gcPause: number | null; worst: OpsRow['status'] | null; errors: Record<string, string> };

/** The largest finite value of a query's answer (a service may have several series). */
function worstValue(samples: readonly Sample[] | undefined): number | null {
  const values = (samples ?? []).map((s) => s.value).filter(Number.isFinite);
  return values.length ? Math.max(...values) : null;
}

const RANK = { critical: 0, warning: 1, ok: 2 } as const;

export function evaluatePerformance(measures: readonly ServiceMeasure[]): { rows: OpsRow[]; services: ServicePerformance[] } {
  const rows: OpsRow[] = [];
  const services: ServicePerformance[] = [];
  for (const m of measures) {
    const figures = { latency: worstValue(m.latency), saturation: worstValue(m.saturation), gc: worstValue(m.gc) };
    let worst: OpsRow['status'] | null = null;
    for (const signal of ['latency', 'saturation', 'gc'] as const) {
      const value = figures[signal];
      if (value === null) continue;
      const t = PERFORMANCE_THRESHOLDS[signal];
      const status = bandOf(value, t);
      if (worst === null || RANK[status] < RANK[worst]) worst = status;
      rows.push({
        id: `${m.serviceId}/${signal}`,
        signal,
        subject: m.name,
        detail: m.slug,
        namespace: null,
        dataSource: m.dataSource ?? 'no data source',
        clusterId: null,
        value,
        display: signal === 'saturation' ? formatPercent(value) : formatMs(value),
        status,
        severity: value / t.critical,
        service: { slug: m.slug, name: m.name },
        team: m.team,
      });
    }
    services.push({ serviceId: m.serviceId, slug: m.slug, name: m.name, team: m.team, dataSource: m.dataSource, p99: figures.latency, saturation: figures.saturation, gcPause: figures.gc, worst, errors: m.errors });
  }
  const rank = (s: ServicePerformance) => (s.worst === null ? 3 : RANK[s.worst]);
  return { rows: worstFirst(rows), services: services.sort((a, b) => rank(a) - rank(b) || (b.p99 ?? -1) - (a.p99 ?? -1) || a.slug.localeCompare(b.slug)) };
}

export const PERFORMANCE_ALERT_SPECS: Record<string, AlertSpec> = {
  latency: { alertname: PERFORMANCE_ALERTS.latency, pagesFrom: null, summary: (r) => `${r.subject} answers slowly: p99 ${r.display}`, description: () => 'The latency SLO pages when its budget burns; this is the tuning signal: profile the slow endpoints, check saturation and GC beside it.' },
  saturation: { alertname: PERFORMANCE_ALERTS.saturation, pagesFrom: null, summary: (r) => `${r.subject} is saturated: ${r.display}`, description: () => 'CPU throttling: raise the CPU limit (or remove it), or scale out before latency follows.' },
  gc: { alertname: PERFORMANCE_ALERTS.gc, pagesFrom: null, summary: (r) => `${r.subject} pauses ${r.display} in GC`, description: () => 'Long stop-the-world pauses: check heap size against the memory limit (GOMEMLIMIT, GOGC) and allocation hot spots.' },
};

function worstOf(rows: readonly OpsRow[], signal: string): OpsRow | null {
  return rows.filter((r) => r.signal === signal).sort((a, b) => b.value - a.value)[0] ?? null;
}

export function performanceHeadline(rows: readonly OpsRow[]): { latency: OpsRow | null; saturation: OpsRow | null; gc: OpsRow | null } {
  return { latency: worstOf(rows, 'latency'), saturation: worstOf(rows, 'saturation'), gc: worstOf(rows, 'gc') };
}

export function performanceTile(rows: readonly OpsRow[], href: string, scoped: boolean): DomainTile {
  const base = { domain: 'performance' as const, label: 'Performance', signal: scoped ? 'request p99' : 'slowest service p99', href };
  if (rows.length === 0) return { ...base, value: '—', status: 'no-data', detail: 'No golden-signal series answered for the services' };
  const h = performanceHeadline(rows);
  const c = countBands(rows);
  const bad = rows.filter((r) => r.status !== 'ok');
  const detail = bad.length ? bad.slice(0, 2).map((r) => `${r.subject} ${r.signal === 'gc' ? 'GC ' : r.signal === 'saturation' ? 'saturation ' : 'p99 '}${r.display}`).join('; ') + (bad.length > 2 ? ` and ${bad.length - 2} more` : '') : 'Latency, saturation and GC within thresholds';
  return { ...base, value: h.latency ? `${h.latency.display}${scoped ? '' : ` (${h.latency.subject})`}` : '—', status: c.critical ? 'critical' : c.warning ? 'warning' : 'ok', detail };
}

export function performanceTrendValues(rows: readonly OpsRow[]): Record<string, number> {
  const h = performanceHeadline(rows);
  const c = countBands(rows);
  return {
    ...(h.latency ? { worstP99Ms: Math.round(h.latency.value * 1000) } : {}),
    ...(h.saturation ? { worstSaturationPct: Math.round(h.saturation.value * 1000) / 10 } : {}),
    ...(h.gc ? { worstGcMs: Math.round(h.gc.value * 10_000) / 10 } : {}),
    critical: c.critical,
    warning: c.warning,
  };
}
