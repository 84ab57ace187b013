import { can } from '../lib/roles';
import { recordAudit } from '../audit/audit.service';
import type { RequestContext } from '../lib/request-context';
import { db, inTransaction } from '../database/tx';
import { resolveTarget } from '../datasources/datasources.service';
import { DomainError } from '../errors';
import { queryRange } from '../integrations/prometheus/client';
import * as repo from './golden-signals.repo';
import * as sloRepo from './slo.repo';
import {
  DEFAULT_GOLDEN_QUERIES,
  GOLDEN_SIGNAL_KEYS,
  GOLDEN_SIGNAL_LABELS,
  defaultSelector,
  goldenSignalsQuerySchema,
  renderGoldenQuery,
  saveGoldenSignalsSchema,
  type GoldenSignalsConfig,
  type GoldenSignalsDto,
  type SaveGoldenSignalsInput,
} from './golden-signals.schema';

async function configFor(serviceId: string): Promise<GoldenSignalsConfig> {
  const service = await sloRepo.findServiceById(db(), serviceId);
  if (!service) throw new DomainError('NOT_FOUND', 'Service not found');
  const row = await repo.findGoldenSignals(db(), serviceId);
  const queries = Object.fromEntries(
    GOLDEN_SIGNAL_KEYS.map((k) => {
      const custom = row?.queries[k]?.trim();
      return [k, { query: custom || DEFAULT_GOLDEN_QUERIES[k], custom: Boolean(custom) }];
    }),
  ) as GoldenSignalsConfig['queries'];
  return { serviceId, serviceSlug: service.slug, dataSourceId: row?.dataSourceId ?? null, selector: row?.selector || defaultSelector(service.slug), queries };
}

/** Query Prometheus for the last `hours` of each signal; a failing signal carries its error, the others still show. */
export async function goldenSignals(ctx: RequestContext, input: { serviceId: string; hours?: number }, now = Date.now()): Promise<GoldenSignalsDto> {
  if (!can(ctx.actor, 'app.read')) throw new DomainError('FORBIDDEN', 'You may not view golden signals');
  const v = goldenSignalsQuerySchema.parse(input);
  const config = await configFor(v.serviceId);
  const resolved = await resolveTarget(db(), config.dataSourceId, 15_000);
  const step = Math.max(15_000, Math.round((v.hours * 3_600_000) / 240 / 15_000) * 15_000);
  const to = Math.floor(now / step) * step;
  const from = to - v.hours * 3_600_000;
  const signals = await Promise.all(
    GOLDEN_SIGNAL_KEYS.map(async (key) => {
      const base = { key, label: GOLDEN_SIGNAL_LABELS[key] };
      if (!resolved) return { ...base, series: [], error: 'No Prometheus data source: add one in Settings > Data sources' };
      try {
        const q = config.queries[key].query;
        if (key === 'latency') {
          const quantiles = [0.5, 0.95, 0.99];
          const results = await Promise.all(quantiles.map((qq) => queryRange(resolved.target, renderGoldenQuery(q, config.selector, qq), from, to, step)));
          return { ...base, error: null, series: results.map((r, i) => ({ name: `p${Math.round(quantiles[i]! * 100)}`, points: r[0]?.points ?? [] })) };
        }
        const r = await queryRange(resolved.target, renderGoldenQuery(q, config.selector), from, to, step);
        return { ...base, error: null, series: r.map((s, i) => ({ name: Object.values(s.metric).join(',') || (r.length > 1 ? `series ${i + 1}` : key), points: s.points })) };
      } catch (error) {
        return { ...base, series: [], error: (error as Error).message };
      }
    }),
  );
  return { config, dataSourceName: resolved?.name ?? null, from, to, signals };
}

export async function saveGoldenSignals(ctx: RequestContext, input: SaveGoldenSignalsInput): Promise<GoldenSignalsConfig> {
  if (!can(ctx.actor, 'slo.manage')) throw new DomainError('FORBIDDEN', 'Only engineers, incident commanders and admins can change golden-signal queries');
  const v = saveGoldenSignalsSchema.parse(input);
  const queries = Object.fromEntries(Object.entries(v.queries).filter(([k, q]) => q && q !== DEFAULT_GOLDEN_QUERIES[k as keyof typeof DEFAULT_GOLDEN_QUERIES]));
  await inTransaction(async (tx) => {
    if (!(await sloRepo.findServiceById(tx, v.serviceId))) throw new DomainError('NOT_FOUND', 'Service not found');
    if (v.dataSourceId && !(await sloRepo.dataSourceExists(tx, v.dataSourceId))) throw new DomainError('NOT_FOUND', 'That data source does not exist', 'dataSourceId');
    const before = await repo.findGoldenSignals(tx, v.serviceId);
    const after = { serviceId: v.serviceId, dataSourceId: v.dataSourceId, selector: v.selector, queries };
    await repo.saveGoldenSignals(tx, after);
    await recordAudit(tx, ctx, { action: 'service.golden_signals', targetType: 'service', targetId: v.serviceId, before, after });
  });
  return configFor(v.serviceId);
}

/** For page titles; null when the service does not exist. */
export async function serviceName(serviceId: string): Promise<string | null> {
  return (await sloRepo.findServiceById(db(), serviceId))?.name ?? null;
}

export type ServiceGoldenQueries = { serviceId: string; slug: string; name: string; team: string; dataSourceId: string | null; selector: string; latency: string; saturation: string };

/**
 * Every service's latency and saturation query as the golden-signal charts run
 * them (custom or default, its selector and data source): the performance
 * domain reads the same figures (docs/domains.md "Performance").
 */
export async function goldenQueriesOfEveryService(): Promise<ServiceGoldenQueries[]> {
  return (await repo.listGoldenSignals(db())).map((s) => {
    const selector = s.row?.selector || defaultSelector(s.slug);
    const q = (k: 'latency' | 'saturation') => s.row?.queries[k]?.trim() || DEFAULT_GOLDEN_QUERIES[k];
    return { serviceId: s.id, slug: s.slug, name: s.name, team: s.teamSlug, dataSourceId: s.row?.dataSourceId ?? null, selector, latency: renderGoldenQuery(q('latency'), selector, 0.99), saturation: renderGoldenQuery(q('saturation'), selector) };
  });
}
