import { authorize } from '../lib/authorize';
import { recordAudit } from '../audit/audit.service';
import type { RequestContext } from '../lib/request-context';
import { db, inTransaction } from '../database/tx';
import { DomainError } from '../errors';
import { resolveTarget } from '../datasources/datasources.service';
import { queryInstant } from '../integrations/prometheus/client';
import * as repo from './promql-templates.repo';
import {
  PROMQL_TEMPLATE_KEYS,
  PROMQL_TEMPLATES,
  effectiveTemplates,
  listTemplatesSchema,
  saveTemplateSchema,
  type PromqlTemplateKey,
  type SaveTemplateInput,
  type TemplateDto,
} from './promql-templates.schema';

// PromQL templates per data source (docs/domains.md "PromQL templates") and
// the one place the network, storage and performance domains query
// Prometheus: every data source, each template, instant queries; a failing
// query carries its error and the others still answer.

export type InstantSample = { metric: Record<string, string>; value: number };
export type SourceResult = {
  dataSourceId: string;
  dataSource: string;
  clusterId: string | null;
  results: Partial<Record<PromqlTemplateKey, InstantSample[]>>;
  errors: Partial<Record<PromqlTemplateKey, string>>;
};

async function storedBySource(ids: readonly string[]): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  for (const r of await repo.readTemplates(db(), ids)) out.set(r.dataSourceId, { ...out.get(r.dataSourceId), [r.key]: r.query });
  return out;
}

export async function listTemplates(ctx: RequestContext, input: { dataSourceId: string }): Promise<TemplateDto[]> {
  authorize(ctx, 'app.read', 'You may not view data sources');
  const v = listTemplatesSchema.parse(input);
  const stored = (await storedBySource([v.dataSourceId])).get(v.dataSourceId) ?? {};
  const eff = effectiveTemplates(stored);
  return PROMQL_TEMPLATE_KEYS.map((k) => ({ key: k, ...PROMQL_TEMPLATES[k], query: eff[k], defaultQuery: PROMQL_TEMPLATES[k].query, custom: Boolean(stored[k]?.trim()) }));
}

/** Changes when a data source or a template does (see the repo): part of the version of figures read through templates. */
export const queryConfigVersion = () => repo.queryConfigVersion(db());

/** Stores (or, with an empty query, removes) one data source's override; audited. */
export async function saveTemplate(ctx: RequestContext, input: SaveTemplateInput): Promise<TemplateDto[]> {
  authorize(ctx, 'settings.manage', 'Only admins can change the PromQL templates of a data source');
  const v = saveTemplateSchema.parse(input);
  await inTransaction(async (tx) => {
    if (!(await repo.dataSourceExists(tx, v.dataSourceId))) throw new DomainError('NOT_FOUND', 'That data source does not exist', 'dataSourceId');
    const before = (await repo.readTemplates(tx, [v.dataSourceId])).find((r) => r.key === v.key)?.query ?? null;
    const custom = v.query && v.query !== PROMQL_TEMPLATES[v.key].query ? v.query : null;
    if (custom) await repo.upsertTemplate(tx, v.dataSourceId, v.key, custom);
    else await repo.deleteTemplate(tx, v.dataSourceId, v.key);
    await recordAudit(tx, ctx, { action: 'datasource.promql_template', targetType: 'datasource', targetId: v.dataSourceId, before: { key: v.key, query: before }, after: { key: v.key, query: custom } });
  });
  return listTemplates(ctx, { dataSourceId: v.dataSourceId });
}

/** Runs `keys` against every data source (system read: the domain services authorize their callers). */
export async function queryEverySource(keys: readonly PromqlTemplateKey[], now: number): Promise<SourceResult[]> {
  const sources = await repo.dataSources(db());
  const stored = await storedBySource(sources.map((s) => s.id));
  return Promise.all(
    sources.map(async (s) => {
      const eff = effectiveTemplates(stored.get(s.id) ?? {});
      const out: SourceResult = { dataSourceId: s.id, dataSource: s.name, clusterId: s.clusterId, results: {}, errors: {} };
      const resolved = await resolveTarget(db(), s.id, 10_000);
      if (!resolved) return out;
      await Promise.all(
        keys.map(async (k) => {
          try {
            out.results[k] = await queryInstant(resolved.target, eff[k], now);
          } catch (error) {
            out.errors[k] = String((error as Error)?.message ?? error).slice(0, 300);
          }
        }),
      );
      return out;
    }),
  );
}

/** The templates in effect for one data source (null = the default data source). */
export async function templatesFor(dataSourceId: string | null): Promise<Record<PromqlTemplateKey, string>> {
  const id = dataSourceId ?? (await repo.dataSources(db())).find((s) => s.isDefault)?.id ?? '';
  return effectiveTemplates((await storedBySource([id])).get(id) ?? {});
}

export type NamedResults = { dataSource: string | null; results: Record<string, InstantSample[]>; errors: Record<string, string> };

/** Runs named queries against one data source (null = the default); each failure is kept with its name. */
export async function runNamedQueries(dataSourceId: string | null, queries: Readonly<Record<string, string>>, now: number): Promise<NamedResults> {
  const resolved = await resolveTarget(db(), dataSourceId, 10_000);
  const out: NamedResults = { dataSource: resolved?.name ?? null, results: {}, errors: {} };
  if (!resolved) return out;
  await Promise.all(
    Object.entries(queries).map(async ([name, q]) => {
      try {
        out.results[name] = await queryInstant(resolved.target, q, now);
      } catch (error) {
        out.errors[name] = String((error as Error)?.message ?? error).slice(0, 300);
      }
    }),
  );
  return out;
}
