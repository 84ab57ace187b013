import { authorize } from '../lib/authorize';
import { recordAudit } from '../audit/audit.service';
import type { RequestContext } from '../lib/request-context';
import { db, inTransaction, type Db } from '../database/tx';
import { onUniqueViolation } from '../database/unique';
import { announceFactChange, announcing } from '../lib/fact-changes';
import { DomainError } from '../errors';
import { incidentBudgetImpact } from './incident-budget.compute';
import { renderRules } from './rule-file.compute';
import { ruleGroupsFor, type RuleGroup } from './slo-rules.compute';
import * as repo from './slo.repo';
import {
  createSloSchema,
  exportSlosSchema,
  importSlosSchema,
  sloIdSchema,
  sloRulesSchema,
  updateSloSchema,
  type CreateSloInput,
  type ImportResult,
  type ImportSlosInput,
  type SloListItem,
  type SloSource,
  type UpdateSloInput,
} from './slo-api.schema';
import { bucketRangeFor, type CountBucket } from './slo-buckets.compute';
import { parseSloYaml, serializeSlos, storageWarnings, type ParsedSlo } from './slo-formats.compute';
import { toYaml } from './rule-file.compute';
import type { Slo } from './slo.schema';
import { BUCKET_MS } from './slo-recompute.service';
import { evaluationInstant as instantAt } from './slo-state.compute';
import { listSlos } from './slo-read.service';

// Reads (list, detail, budget policy) live in slo-read.service.ts, the
// precomputed state in slo-state.*, recomputation from buckets in
// slo-recompute.service.ts; re-exported here for the other domains.
export { budgetPolicy, getSlo, listSlos, sloOverview, sloPage } from './slo-read.service';
export { remainingBudgetsByService } from './slo-state.service';
export { BUCKET_MS } from './slo-recompute.service';

const evaluationInstant = (now: number) => instantAt(now, BUCKET_MS);

// Creating an SLO asks a worker to backfill its window. Injected so tests (and
// the CLI) can run without a queue; the sampler's schedule picks up any SLO
// whose backfill never started, so a lost message only delays it.
type BackfillSender = (sloId: string) => Promise<unknown>;
let sendBackfill: BackfillSender = async (sloId) => {
  const { sendJob } = await import('../jobs/send');
  return sendJob('slo.backfill', { sloId }, { singletonKey: sloId });
};
export function setBackfillSender(sender: BackfillSender): void {
  sendBackfill = sender;
}
/** Short-lived processes (CLI) close the queue connection the sender may have opened. */
export async function closeBackfillSender(): Promise<void> {
  const { stopSender } = await import('../jobs/send');
  await stopSender();
}

const authorizeRead = (ctx: RequestContext) => authorize(ctx, 'app.read', 'You may not view SLOs');
const authorizeManage = (ctx: RequestContext) => authorize(ctx, 'slo.manage', 'Only engineers, incident commanders and admins can manage SLOs');

// ---------------------------------------------------------------------------
// Writes

async function resolveService(tx: Db, slug: string, field = 'slo.service'): Promise<string> {
  const service = await repo.findServiceIdBySlug(tx, slug);
  if (!service) throw new DomainError('NOT_FOUND', `No service "${slug}" in the catalog; create it first (Settings > Services)`, field);
  return service.id;
}

async function requireDataSource(tx: Db, id: string | null) {
  if (id && !(await repo.dataSourceExists(tx, id))) throw new DomainError('NOT_FOUND', 'That data source does not exist', 'dataSourceId');
}

const nameTaken = (slo: Slo) => new DomainError('CONFLICT', `Service "${slo.service}" already has an SLO named "${slo.name}"`, 'slo.name');

function auditView(row: repo.SloRow) {
  return { service: row.serviceSlug, name: row.name, slo: row.definition, dataSourceId: row.dataSourceId, source: row.source, sourceRef: row.sourceRef };
}

/** After a committed write: the SLO lists are told, and SLOs with new queries are sampled again. */
async function afterCommit(ids: string[]) {
  announceFactChange('slos');
  for (const id of ids) await sendBackfill(id).catch(() => undefined);
}

export async function createSlo(ctx: RequestContext, input: CreateSloInput, source: { source: SloSource; sourceRef?: string } = { source: 'ui' }): Promise<SloListItem> {
  authorizeManage(ctx);
  const { slo, dataSourceId } = createSloSchema.parse(input);
  const row = await onUniqueViolation(() =>
    inTransaction(async (tx) => {
      const serviceId = await resolveService(tx, slo.service);
      await requireDataSource(tx, dataSourceId);
      if (await repo.findSloByName(tx, serviceId, slo.name)) throw nameTaken(slo);
      const created = await repo.insertSlo(tx, {
        serviceId,
        name: slo.name,
        description: slo.description ?? '',
        definition: slo,
        dataSourceId,
        source: source.source,
        sourceRef: source.sourceRef ?? null,
        createdById: ctx.actor.kind === 'user' ? ctx.actor.id : null,
      });
      await recordAudit(tx, ctx, { action: 'slo.create', targetType: 'slo', targetId: created.id, after: auditView(created) });
      return created;
    }),
    () => nameTaken(slo),
  );
  await afterCommit([row.id]);
  return (await listSlos(ctx, { serviceId: row.serviceId })).find((s) => s.id === row.id)!;
}

export async function updateSlo(ctx: RequestContext, input: UpdateSloInput): Promise<SloListItem> {
  authorizeManage(ctx);
  const { id, slo, dataSourceId } = updateSloSchema.parse(input);
  let refill = false;
  let serviceId = '';
  await onUniqueViolation(() =>
    inTransaction(async (tx) => {
      const before = await repo.findSlo(tx, id);
      if (!before) throw new DomainError('NOT_FOUND', 'SLO not found');
      serviceId = await resolveService(tx, slo.service);
      await requireDataSource(tx, dataSourceId);
      const clash = await repo.findSloByName(tx, serviceId, slo.name);
      if (clash && clash.id !== id) throw nameTaken(slo);
      const after = await repo.updateSlo(tx, id, {
        serviceId,
        name: slo.name,
        description: slo.description ?? '',
        definition: slo,
        dataSourceId,
        source: before.source,
        sourceRef: before.sourceRef,
      });
      // Different queries or source mean the stored counts are someone else's: sample again.
      refill = JSON.stringify(before.definition.sli) !== JSON.stringify(slo.sli) || before.dataSourceId !== dataSourceId;
      if (refill) await repo.updateSamplerState(tx, id, { status: 'idle', backfillDone: 0, backfillTotal: 0 });
      await recordAudit(tx, ctx, { action: 'slo.update', targetType: 'slo', targetId: id, before: auditView(before), after: auditView(after) });
    }),
    () => nameTaken(slo),
  );
  await afterCommit(refill ? [id] : []);
  return (await listSlos(ctx, { serviceId })).find((s) => s.id === id)!;
}

export async function deleteSlo(ctx: RequestContext, input: { id: string }): Promise<{ id: string }> {
  authorizeManage(ctx);
  const { id } = sloIdSchema.parse(input);
  return announcing('slos', inTransaction(async (tx) => {
    const before = await repo.findSlo(tx, id);
    if (!before) throw new DomainError('NOT_FOUND', 'SLO not found');
    await repo.deleteSlo(tx, id, before.seq);
    await recordAudit(tx, ctx, { action: 'slo.delete', targetType: 'slo', targetId: id, before: auditView(before) });
    return { id };
  }));
}

/** Sloth / OpenSLO text -> SLOs, all or nothing. Problems name the path in the user's file. */
export async function importSlos(ctx: RequestContext, input: ImportSlosInput, origin?: { source?: SloSource; sourceRef?: string }): Promise<ImportResult> {
  authorizeManage(ctx);
  const v = importSlosSchema.parse(input);
  const parsed = parseSloYaml(v.text, { defaultWindow: { type: 'rolling', days: v.windowDays } });
  if (!parsed.ok) return { ok: false, issues: parsed.issues, warnings: parsed.warnings };
  return importParsed(ctx, parsed.slos, parsed.warnings, { dataSourceId: v.dataSourceId, replace: v.replace, sourceRef: origin?.sourceRef ?? v.fileName, source: origin?.source });
}

export async function importParsed(
  ctx: RequestContext,
  slos: ParsedSlo[],
  warnings: ImportResult['warnings'],
  opts: { dataSourceId: string | null; replace: boolean; sourceRef?: string; source?: SloSource },
): Promise<ImportResult> {
  warnings = [...warnings, ...storageWarnings(slos)];
  authorizeManage(ctx);
  const issues: Extract<ImportResult, { ok: false }>['issues'] = [];
  const seen = new Set<string>();
  const result = await inTransaction(async (tx) => {
    await requireDataSource(tx, opts.dataSourceId);
    const plan: Array<{ p: ParsedSlo; serviceId: string; existing: repo.SloRow | null }> = [];
    for (const [i, p] of slos.entries()) {
      const where = { document: p.document, path: `slos[${i}] (${p.slo.service}/${p.slo.name})` };
      const key = `${p.slo.service}/${p.slo.name}`;
      if (seen.has(key)) {
        issues.push({ ...where, message: 'appears twice in the file' });
        continue;
      }
      seen.add(key);
      const service = await repo.findServiceIdBySlug(tx, p.slo.service);
      if (!service) {
        issues.push({ ...where, path: `${where.path}.service`, message: `no service "${p.slo.service}" in the catalog; create it first` });
        continue;
      }
      const existing = await repo.findSloByName(tx, service.id, p.slo.name);
      if (existing && !opts.replace) {
        issues.push({ ...where, path: `${where.path}.name`, message: 'already exists; import with "replace" to overwrite it' });
        continue;
      }
      plan.push({ p, serviceId: service.id, existing });
    }
    if (issues.length > 0) return null;
    const created: string[] = [];
    const updated: string[] = [];
    for (const { p, serviceId, existing } of plan) {
      const data = {
        serviceId,
        name: p.slo.name,
        description: p.slo.description ?? '',
        definition: p.slo,
        dataSourceId: opts.dataSourceId,
        source: opts.source ?? p.format,
        sourceRef: opts.sourceRef ?? (p.object?.name ? `${p.object.namespace ?? ''}/${p.object.name}` : null),
      };
      if (existing) {
        const after = await repo.updateSlo(tx, existing.id, data);
        if (JSON.stringify(existing.definition.sli) !== JSON.stringify(p.slo.sli)) {
          await repo.updateSamplerState(tx, existing.id, { status: 'idle', backfillDone: 0, backfillTotal: 0 });
        }
        await recordAudit(tx, ctx, { action: 'slo.update', targetType: 'slo', targetId: existing.id, before: auditView(existing), after: auditView(after) });
        updated.push(existing.id);
      } else {
        const row = await repo.insertSlo(tx, { ...data, createdById: ctx.actor.kind === 'user' ? ctx.actor.id : null });
        await recordAudit(tx, ctx, { action: 'slo.import', targetType: 'slo', targetId: row.id, after: auditView(row) });
        created.push(row.id);
      }
    }
    return { created, updated };
  });
  if (!result) return { ok: false, issues, warnings };
  await afterCommit([...result.created, ...result.updated]);
  return { ok: true, ...result, warnings };
}

async function selected(ids: string[] | undefined): Promise<repo.SloRow[]> {
  const rows = await repo.listSlos(db());
  return ids ? rows.filter((r) => ids.includes(r.id)) : rows;
}

export async function exportSlos(ctx: RequestContext, input: { ids?: string[]; format: 'sloth' | 'sloth-crd' | 'openslo' | 'openslo-v1alpha' }): Promise<{ text: string; count: number }> {
  authorizeRead(ctx);
  const v = exportSlosSchema.parse(input);
  const rows = await selected(v.ids);
  return { text: serializeSlos(rows.map((r) => r.definition), v.format), count: rows.length };
}

export async function sloRules(ctx: RequestContext, input: { ids?: string[]; format?: 'prometheus' | 'prometheusrule'; namespace?: string }): Promise<{ yaml: string; warnings: string[] }> {
  authorizeRead(ctx);
  const v = sloRulesSchema.parse(input);
  const rows = await selected(v.ids);
  return renderRules(
    rows.map((r) => ({ slo: r.definition })),
    { format: v.format, namespace: v.namespace },
  );
}

/**
 * The same rule groups `sloRules` writes as YAML, as objects, per SLO with its
 * team: readers that inspect the rules (the runbook_url lint, per owner) skip
 * the YAML round trip, which for 2,000 SLOs took tens of seconds (15 MB of YAML
 * written and parsed again). One SLO that cannot have any rules (a window
 * shorter than Sloth's 3-day ticket window) must not hide every other SLO's
 * rules from the lint, so each is generated on its own and such an SLO is left
 * out (the rules download names it).
 */
export async function sloRuleGroups(ctx: RequestContext): Promise<Array<{ teamId: string; groups: RuleGroup[] }>> {
  authorizeRead(ctx);
  const rows = await selected(undefined);
  return rows.flatMap((row) => {
    try {
      return [{ teamId: row.teamId, groups: ruleGroupsFor([row.definition]).groups }];
    } catch {
      return [];
    }
  });
}

/** "Sample again": the whole window is backfilled anew (upserts; existing counts are overwritten). */
export async function requestBackfill(ctx: RequestContext, input: { id: string }): Promise<{ id: string; requested: boolean }> {
  authorizeManage(ctx);
  const { id } = sloIdSchema.parse(input);
  await inTransaction(async (tx) => {
    const row = await repo.findSlo(tx, id);
    if (!row) throw new DomainError('NOT_FOUND', 'SLO not found');
    await repo.updateSamplerState(tx, id, { status: 'idle', backfillDone: 0, backfillTotal: 0, lastError: null });
    await recordAudit(tx, ctx, { action: 'slo.resample', targetType: 'slo', targetId: id });
  });
  await afterCommit([id]);
  return { id, requested: true };
}

/**
 * Import the PrometheusServiceLevel objects the inventory collectors found
 * (all clusters, or one). Each object is parsed exactly like an uploaded
 * Sloth CRD; `sourceRef` is cluster/namespace/name.
 */
export async function importFromCluster(
  ctx: RequestContext,
  input: { clusterId?: string; dataSourceId?: string | null; replace?: boolean; windowDays?: number },
): Promise<ImportResult & { objects: number }> {
  authorizeManage(ctx);
  const objects = await repo.listClusterServiceLevels(db(), input.clusterId);
  if (objects.length === 0) return { ok: true, created: [], updated: [], warnings: [], objects: 0 };
  const docs = objects.map((o) =>
    toYaml({ apiVersion: 'sloth.slok.dev/v1', kind: 'PrometheusServiceLevel', metadata: { name: o.name, namespace: o.namespace }, spec: o.spec }),
  );
  const parsed = parseSloYaml(docs.join('---\n'), { defaultWindow: { type: 'rolling', days: input.windowDays ?? 30 } });
  const where = (document?: number) => (document ? objects[document - 1] : objects[0]);
  const label = (document?: number) => {
    const o = where(document);
    return o ? `${o.clusterName}/${o.namespace}/${o.name}` : '';
  };
  if (!parsed.ok) {
    return { ok: false, issues: parsed.issues.map((i) => ({ ...i, path: `${label(i.document)}: ${i.path}` })), warnings: parsed.warnings, objects: objects.length };
  }
  const byRef = new Map<string, ParsedSlo[]>();
  for (const p of parsed.slos) byRef.set(label(p.document), [...(byRef.get(label(p.document)) ?? []), p]);
  const result: ImportResult = { ok: true, created: [], updated: [], warnings: parsed.warnings };
  for (const [ref, slos] of byRef) {
    const r = await importParsed(ctx, slos, [], { dataSourceId: input.dataSourceId ?? null, replace: input.replace ?? true, sourceRef: ref, source: 'inventory' });
    if (!r.ok) return { ...r, objects: objects.length };
    if (result.ok) {
      result.created.push(...r.created);
      result.updated.push(...r.updated);
    }
  }
  return { ...result, objects: objects.length };
}

// ---------------------------------------------------------------------------
// For the incidents domain (docs/incidents.md): triage budget state and the
// error budget an incident consumed. The callers authorize (the webhook token,
// the incident page); these read SLO data only.

/**
 * The remaining budget of every SLO with data, per service, for alert triage
 * (which picks the SLO the alert names, or the worst). Services without an
 * SLO with data are absent (= "unknown").
 */
/** The alert names a service's SLOs fire under (the service page looks up their runbooks). */
export async function sloAlertNames(ctx: RequestContext, serviceId: string): Promise<string[]> {
  authorize(ctx, 'app.read', 'You may not view SLOs');
  return repo.alertNamesOfService(db(), serviceId);
}

export type IncidentBudgetRow = {
  sloId: string;
  slo: string;
  consumedMinutes: number;
  consumedPercent: number;
  totalMinutes: number;
  remainingPercentAfter: number;
  clippedAtWindowStart: boolean;
  dataState: 'ok' | 'no-data';
};

/** incidentBudgetImpact for every SLO of the affected services (and SLOs named by id), from the stored buckets. */
export async function incidentBudgets(input: { serviceIds: readonly string[]; sloRefs: readonly string[]; startedAt: number; endedAt: number | null }, now = Date.now()): Promise<IncidentBudgetRow[]> {
  const services = new Set(input.serviceIds);
  const refs = new Set(input.sloRefs);
  const rows = (await repo.listSlos(db())).filter((r) => services.has(r.serviceId) || refs.has(r.id) || refs.has(`${r.serviceSlug}/${r.name}`));
  const at = evaluationInstant(now);
  const out: IncidentBudgetRow[] = [];
  for (const row of rows) {
    const range = bucketRangeFor(row.definition, Math.min(at, Math.max(input.endedAt ?? at, input.startedAt) + BUCKET_MS));
    const stored = await repo.loadBuckets(db(), row.seq, Math.min(range.from, input.startedAt - BUCKET_MS), range.to);
    const buckets: CountBucket[] = stored.map((b) => (b.missing ? { start: b.start, missing: true } : { start: b.start, bad: b.bad, total: b.total }));
    const impact = incidentBudgetImpact({ slo: row.definition, buckets, bucketMs: BUCKET_MS, startedAt: input.startedAt, endedAt: input.endedAt, now: at });
    out.push({
      sloId: row.id,
      slo: `${row.serviceSlug}/${row.name}`,
      consumedMinutes: impact.consumedMinutes,
      consumedPercent: impact.consumedPercent,
      totalMinutes: impact.totalMinutes,
      remainingPercentAfter: impact.remainingPercentAfter,
      clippedAtWindowStart: impact.clippedAtWindowStart,
      dataState: impact.dataState,
    });
  }
  return out.sort((a, b) => b.consumedPercent - a.consumedPercent);
}
