import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import { db, inTransaction } from '../database/tx';
import { freshMemo } from '../lib/fresh-memo';
import { inventoryVersion } from '../inventory/inventory.service';
import { recordAudit } from '../audit/audit.service';
import { DomainError } from '../errors';
import { runbooksForService } from '../runbooks/runbooks.service';
import { setRecoveryTargets } from '../catalog/catalog.service';
import { domainTrend } from '../domains/snapshot.service';
import type { DomainAlert } from '../alerts/domain-alerts.compute';
import type { DomainTile } from '../domains/strip.schema';
import { cronMaxGapMs } from './cron.compute';
import { compareNamespaces, countDr, drAlerts, drillRow, drTile, drTrendValues, DR_ALERTS, isSystemNamespace, namespaceBackup, serviceDr } from './dr.compute';
import { drFilterSchema, recordDrillSchema, type DrFilter, type DrillRow, type DrPageDto, type NamespaceBackupRow, type RecordDrillInput, type ServiceDrRow, type TargetsInput } from './dr.schema';
import * as repo from './dr.repo';

// Disaster recovery (docs/domains.md "Disaster recovery"): backups against
// their schedules from the inventory, drills and targets per service.

const SYSTEM: RequestContext = { actor: { kind: 'system', id: 'system', name: 'domains' }, requestId: null };
const DR_HREF = '/dr';

// A schedule's interval is a walk over two years of its cron; schedules repeat.
const intervals = new Map<string, number | null>();
function intervalOf(cron: string): number | null {
  if (!intervals.has(cron)) {
    if (intervals.size > 10_000) intervals.clear();
    intervals.set(cron, cronMaxGapMs(cron));
  }
  return intervals.get(cron)!;
}

export type DrState = { namespaces: NamespaceBackupRow[]; services: ServiceDrRow[]; drills: DrillRow[] };

// The inventory kinds the DR figures are derived from, and the drills (their
// version is part of the figures'); recovery targets are catalog data, set
// through this service (which clears the memo) or seen within a minute.
const DR_KINDS = ['Namespace', 'Schedule', 'Backup'];
const memo = freshMemo<DrState>({ freshMs: 60_000, staleMs: 120_000, max: 20 });

/**
 * Every namespace's backup state and every service's DR state, worst first.
 * Figures of now are kept per process until the inventory of their kinds
 * changes, for a minute (refreshed in the background for one more).
 */
export async function drState(now: number, clusterId?: string): Promise<DrState> {
  const version = async () => (await Promise.all([inventoryVersion(DR_KINDS), repo.drillsVersion(db())])).join('|');
  return memo.asOf(clusterId ?? '*', now, version, (at) => computeDrState(at, clusterId));
}

async function computeDrState(now: number, clusterId?: string): Promise<DrState> {
  const clusters = await repo.clusters(db(), clusterId);
  const scope = { clusterIds: clusters.map((c) => c.id) };
  const names = new Map(clusters.map((c) => [c.id, c.name]));
  const [namespaces, schedules, backups, services, drillObjects] = await Promise.all([
    repo.loadNamespaces(db(), scope, names),
    repo.loadSchedules(db(), scope),
    repo.loadBackups(db(), scope),
    repo.loadServices(db()),
    repo.loadDrills(db()),
  ]);
  const mapped = await repo.serviceNamespaces(db(), scope, services.map((s) => s.slug));

  // Index schedules and backups by cluster and covered namespace, so each
  // namespace looks only at its own (50,000 backups x namespaces otherwise).
  const schedulesByCluster = new Map<string, typeof schedules>();
  for (const s of schedules) {
    const list = schedulesByCluster.get(s.clusterId);
    if (list) list.push(s);
    else schedulesByCluster.set(s.clusterId, [s]);
  }
  const backupsByNs = new Map<string, typeof backups>();
  const wideBackups = new Map<string, typeof backups>();
  for (const b of backups) {
    if (b.included.length === 0 || b.included.includes('*')) {
      const list = wideBackups.get(b.clusterId) ?? [];
      list.push(b);
      wideBackups.set(b.clusterId, list);
    } else {
      for (const ns of b.included) {
        const key = `${b.clusterId}/${ns}`;
        const list = backupsByNs.get(key);
        if (list) list.push(b);
        else backupsByNs.set(key, [b]);
      }
    }
  }

  // Which services live in a namespace: workloads labelled with the service,
  // else a namespace named like the service, else the namespaces its team owns.
  const servicesOf = new Map<string, { slug: string; name: string }[]>();
  const add = (key: string, s: { slug: string; name: string }) => {
    const list = servicesOf.get(key) ?? [];
    if (!list.some((x) => x.slug === s.slug)) list.push(s);
    servicesOf.set(key, list);
  };
  const bySlug = new Map(services.map((s) => [s.slug, s]));
  const placed = new Set<string>();
  for (const m of mapped) {
    const s = bySlug.get(m.slug);
    if (s) {
      add(`${m.clusterId}/${m.namespace}`, s);
      placed.add(s.slug);
    }
  }
  for (const n of namespaces) {
    const named = bySlug.get(n.name);
    if (named && !placed.has(named.slug)) add(`${n.clusterId}/${n.name}`, named);
  }
  for (const n of namespaces) if (bySlug.has(n.name)) placed.add(n.name);
  for (const s of services) {
    if (placed.has(s.slug)) continue;
    for (const n of namespaces) if (n.team === s.teamSlug) add(`${n.clusterId}/${n.name}`, s);
  }

  const nsRows: NamespaceBackupRow[] = namespaces
    .filter((n) => !isSystemNamespace(n.name))
    .map((n) => {
      const own = [...(backupsByNs.get(`${n.clusterId}/${n.name}`) ?? []), ...(wideBackups.get(n.clusterId) ?? [])];
      return { ...namespaceBackup(n, schedulesByCluster.get(n.clusterId) ?? [], own, now, intervalOf), services: servicesOf.get(`${n.clusterId}/${n.name}`) ?? [] };
    })
    .sort(compareNamespaces);

  const byId = new Map(services.map((s) => [s.id, s]));
  const drills = drillObjects.filter((d) => byId.has(d.serviceId)).map((d) => drillRow(d, byId.get(d.serviceId)!));
  const nsOfService = new Map<string, NamespaceBackupRow[]>();
  for (const n of nsRows) for (const x of n.services) nsOfService.set(x.slug, [...(nsOfService.get(x.slug) ?? []), n]);
  const serviceRows = services
    .map((s) => serviceDr(s, nsOfService.get(s.slug) ?? [], drills, now))
    .sort((a, b) => rankService(a) - rankService(b) || a.service.slug.localeCompare(b.service.slug));
  return { namespaces: nsRows, services: serviceRows, drills };
}

function rankService(s: ServiceDrRow): number {
  if (s.rpoAtRisk) return 0;
  if (s.backupState === 'failed' || s.backupState === 'never') return 1;
  if (s.drillState === 'overdue' || (s.drillState === 'never' && (s.service.tier === 'tier1' || s.rtoMinutes !== null))) return 2;
  if (s.backupState === 'stale') return 3;
  if (s.drillState === 'due-soon') return 4;
  return 5;
}

async function runbookIndex(ctx: RequestContext) {
  const names = Object.values(DR_ALERTS);
  const found = await runbooksForService(ctx, { alertNames: names });
  return Object.fromEntries(names.map((n) => {
    const r = found.find((x) => x.alertName === n);
    return [n, r ? { id: r.id, title: r.title, url: r.url } : null];
  }));
}

export async function drPage(ctx: RequestContext, input: DrFilter, now = Date.now()): Promise<DrPageDto> {
  authorize(ctx, 'app.read', 'You may not view disaster recovery');
  const f = drFilterSchema.parse(input);
  const [state, runbooks, trend, clusters] = await Promise.all([drState(now, f.clusterId), runbookIndex(ctx), domainTrend('dr', f.clusterId ? `cluster:${f.clusterId}` : 'org', f.days, now), repo.clusters(db(), f.clusterId)]);
  let { namespaces, services, drills } = state;
  if (f.serviceId) {
    const slug = services.find((s) => s.service.id === f.serviceId)?.service.slug;
    namespaces = namespaces.filter((n) => n.services.some((s) => s.slug === slug));
    services = services.filter((s) => s.service.id === f.serviceId);
    drills = drills.filter((d) => d.service.id === f.serviceId);
  }
  const restores = await repo.loadRestores(db(), { clusterIds: clusters.map((c) => c.id) }, new Map(clusters.map((c) => [c.id, c.name])));
  return {
    now: new Date(now).toISOString(),
    counts: countDr(namespaces, services),
    namespaces,
    services,
    drills: drills.slice(0, 100),
    restores: restores.map(({ clusterId: _c, ...r }) => r),
    runbooks: Object.fromEntries(Object.entries(runbooks).map(([k, v]) => [k, v ? { id: v.id, title: v.title } : null])),
    trend,
  };
}

export async function recordDrill(ctx: RequestContext, input: RecordDrillInput): Promise<DrillRow> {
  authorize(ctx, 'dr.drill', 'You may not record DR drills');
  const v = recordDrillSchema.parse(input);
  const created = await inTransaction(async (tx) => {
    if (!(await repo.serviceExists(tx, v.serviceId))) throw new DomainError('NOT_FOUND', 'serviceId: no such service');
    if (v.clusterId && !(await repo.clusterExists(tx, v.clusterId))) throw new DomainError('NOT_FOUND', 'clusterId: no such cluster');
    const row = await repo.insertDrill(tx, {
      serviceId: v.serviceId,
      restoreName: v.restoreName,
      clusterId: v.clusterId ?? null,
      startedAt: v.startedAt,
      finishedAt: v.finishedAt,
      success: v.success,
      dataLossMinutes: v.dataLossMinutes,
      notes: v.notes,
      recordedById: ctx.actor.kind === 'user' ? ctx.actor.id : null,
      recordedByName: ctx.actor.name,
    });
    await recordAudit(tx, ctx, { action: 'dr.drill.record', targetType: 'dr_drill', targetId: row.id, after: { ...v, startedAt: v.startedAt.toISOString(), finishedAt: v.finishedAt.toISOString() } });
    return row;
  });
  const services = await repo.loadServices(db());
  const drill = (await repo.loadDrills(db(), v.serviceId)).find((d) => d.id === created.id)!;
  return drillRow(drill, services.find((s) => s.id === v.serviceId)!);
}

/** RTO/RPO live in the catalog (Service); the DR page edits them through it. */
export async function setTargets(ctx: RequestContext, input: TargetsInput) {
  const result = await setRecoveryTargets(ctx, input);
  memo.clear();
  return result;
}

export async function drStripTile(ctx: RequestContext, scope: { serviceId?: string }, now = Date.now()): Promise<DomainTile> {
  authorize(ctx, 'app.read', 'You may not view disaster recovery');
  const s = await drState(now);
  if (!scope.serviceId) return drTile(s.namespaces, s.services, DR_HREF);
  const svc = s.services.find((x) => x.service.id === scope.serviceId);
  const ns = svc ? s.namespaces.filter((n) => n.services.some((x) => x.slug === svc.service.slug)) : [];
  const tile = drTile(ns, svc ? [svc] : [], DR_HREF);
  if (ns.length === 0) return { ...tile, detail: 'No namespace of this service found in the inventory' };
  return tile;
}

export async function drSignals(now = Date.now()): Promise<{ alerts: DomainAlert[]; snapshots: { scopeKey: string; values: Record<string, number> }[]; backups: number }> {
  const s = await drState(now);
  const runbooks = await runbookIndex(SYSTEM);
  const urls = Object.fromEntries(Object.entries(runbooks).filter(([, v]) => v?.url).map(([k, v]) => [k, v!.url!]));
  const byCluster = new Map<string, NamespaceBackupRow[]>();
  for (const n of s.namespaces) {
    const list = byCluster.get(n.clusterId);
    if (list) list.push(n);
    else byCluster.set(n.clusterId, [n]);
  }
  return {
    alerts: drAlerts(s.namespaces, s.services, urls, DR_HREF),
    snapshots: [{ scopeKey: 'org', values: drTrendValues(s.namespaces, s.services) }, ...[...byCluster].map(([id, rows]) => ({ scopeKey: `cluster:${id}`, values: drTrendValues(rows, []) }))],
    backups: s.namespaces.length,
  };
}

export async function countDrills(ctx: RequestContext, serviceId: string): Promise<number> {
  authorize(ctx, 'app.read', 'You may not view disaster recovery');
  return (await repo.loadDrills(db(), serviceId)).length;
}
