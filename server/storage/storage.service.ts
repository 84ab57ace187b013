import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import { db } from '../database/tx';
import { freshMemo } from '../lib/fresh-memo';
import { inventoryVersion } from '../inventory/inventory.service';
import type { DomainAlert } from '../alerts/domain-alerts.compute';
import type { DomainTile } from '../domains/strip.schema';
import { domainTrend } from '../domains/snapshot.service';
import { bandAlerts, countBands, type OpsRow } from '../domains/ops-signals.compute';
import { alertRunbooks, catalogBySlug, runbookLinks, runbookUrls } from '../domains/ops-signals.service';
import { queryConfigVersion, queryEverySource } from '../domains/promql-templates.service';
import { STORAGE_ALERT_SPECS, STORAGE_ALERTS, evaluateStorage, storageTile, storageTrendValues, type StorageResult } from './storage.compute';
import { storageFilterSchema, type StorageFilter, type StoragePageDto } from './storage.schema';
import * as repo from './storage.repo';

// Storage operations (docs/domains.md "Storage"): claims, volumes and
// StorageClasses from the inventory, volume stats and disk saturation from
// every Prometheus data source, computed on request; the evaluate job stores
// the day's figures and raises the alerts.

type Measured = StorageResult & { sources: Awaited<ReturnType<typeof queryEverySource>> };
// PVCs, PVs and StorageClasses from the inventory and the data sources and
// templates (the version), volume stats from Prometheus (at most a minute old,
// refreshed in the background for one more).
const STORAGE_KINDS = ['PersistentVolumeClaim', 'PersistentVolume', 'StorageClass'];
const memo = freshMemo<Measured>({ freshMs: 60_000, staleMs: 120_000, max: 2 });

function measure(now: number): Promise<Measured> {
  const version = async () => (await Promise.all([inventoryVersion(STORAGE_KINDS), queryConfigVersion()])).join('|');
  return memo.asOf('*', now, version, measureNow);
}

async function measureNow(now: number): Promise<Measured> {
  const clusters = await repo.clusters(db());
  const scope = { clusterIds: clusters.map((c) => c.id) };
  const [pvcs, pvs, classes, sources, services] = await Promise.all([
    repo.loadPvcs(db(), scope),
    repo.loadPvs(db(), scope),
    repo.loadStorageClasses(db(), scope),
    queryEverySource(['storage.volumeUsed', 'storage.volumeCapacity', 'storage.iopsSaturation'], now),
    catalogBySlug(),
  ]);
  const stats = sources.map((s) => ({ dataSourceId: s.dataSourceId, dataSource: s.dataSource, clusterId: s.clusterId, used: s.results['storage.volumeUsed'], capacity: s.results['storage.volumeCapacity'], iops: s.results['storage.iopsSaturation'] }));
  return { ...evaluateStorage({ pvcs, pvs, classes, clusterNames: new Map(clusters.map((c) => [c.id, c.name])), stats, services, now }), sources };
}

const hrefOf = (r: Pick<OpsRow, 'id'>) => `/storage?focus=${encodeURIComponent(r.id)}`;

export async function storagePage(ctx: RequestContext, input: StorageFilter, now = Date.now()): Promise<StoragePageDto> {
  authorize(ctx, 'app.read', 'You may not view storage operations');
  const f = storageFilterSchema.parse(input);
  const [m, runbooks, trend, services] = await Promise.all([measure(now), alertRunbooks(Object.values(STORAGE_ALERTS)), domainTrend('storage', 'org', f.days, now), catalogBySlug()]);
  const slug = f.serviceId ? ([...services.values()].find((s) => s.id === f.serviceId)?.slug ?? '\u0000') : null;
  const rows = slug === null ? m.rows : m.rows.filter((r) => r.service?.slug === slug);
  const claims = slug === null ? m.pvcs : m.pvcs.filter((p) => p.service?.slug === slug);
  const shown = f.signal === 'all' ? rows : f.signal === 'attention' ? rows.filter((r) => r.status !== 'ok') : rows.filter((r) => r.signal === f.signal);
  const worst = (signal: string) => rows.filter((r) => r.signal === signal).sort((a, b) => b.value - a.value)[0] ?? null;
  return {
    now: new Date(now).toISOString(),
    headline: { pending: claims.filter((p) => p.phase === 'Pending').length, oldestPending: worst('pending'), fullest: worst('fill'), iops: worst('iops'), bind: m.bind },
    counts: countBands(rows),
    rows: shown.slice(0, f.limit),
    matching: shown.length,
    claims: claims.slice(0, f.limit),
    classes: m.classes,
    sources: m.sources.map((s) => ({ dataSourceId: s.dataSourceId, dataSource: s.dataSource, errors: s.errors as Record<string, string> })),
    runbooks: runbookLinks(runbooks),
    trend,
  };
}

/** The storage tile: the organisation's claims, or the service's on its page (disks are shared: organisation-wide). */
export async function storageStripTile(ctx: RequestContext, scope: { serviceSlug?: string }, now = Date.now()): Promise<DomainTile> {
  authorize(ctx, 'app.read', 'You may not view storage operations');
  const m = await measure(now);
  if (!scope.serviceSlug) return storageTile(m, '/storage');
  return storageTile({ pvcs: m.pvcs.filter((p) => p.service?.slug === scope.serviceSlug), rows: m.rows.filter((r) => r.signal === 'iops' || r.service?.slug === scope.serviceSlug) }, '/storage');
}

export async function storageSignals(now = Date.now()): Promise<{ alerts: DomainAlert[]; snapshots: { scopeKey: string; values: Record<string, number> }[] }> {
  const m = await measure(now);
  // Prometheus down everywhere is not "volumes fine": fail the run so the open alerts stay open.
  const answered = m.sources.some((s) => Object.keys(s.results).length > 0);
  if (m.sources.length > 0 && !answered) throw new Error(`Prometheus queries failed: ${Object.values(m.sources[0]!.errors)[0] ?? 'no answer'}`);
  const urls = runbookUrls(await alertRunbooks(Object.values(STORAGE_ALERTS)));
  const clusterIds = [...new Set(m.pvcs.map((p) => p.clusterId))];
  return {
    alerts: bandAlerts(m.rows, STORAGE_ALERT_SPECS, urls, hrefOf),
    snapshots: [
      { scopeKey: 'org', values: storageTrendValues(m) },
      ...clusterIds.map((id) => ({
        scopeKey: `cluster:${id}`,
        values: storageTrendValues({ ...m, pvcs: m.pvcs.filter((p) => p.clusterId === id), rows: m.rows.filter((r) => r.clusterId === id) }),
      })),
    ],
  };
}
