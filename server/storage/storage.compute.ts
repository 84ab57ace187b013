import type { DomainTile } from '../domains/strip.schema';
import { bandOf, countBands, formatBytes, formatPercent, serviceFor, worstFirst, type AlertSpec, type CatalogService, type OpsRow, type Threshold } from '../domains/ops-signals.compute';

// Storage operations (docs/domains.md "Storage"): Pending PVCs and bind times
// from the inventory, volume fill (kubelet volume stats) and disk IOPS
// saturation from Prometheus, StorageClasses with their modes. Pure.

export const STORAGE_THRESHOLDS = {
  /** A PVC Pending this long (seconds): provisioning takes seconds to a minute. */
  pending: { warning: 5 * 60, critical: 60 * 60 } satisfies Threshold,
  /** Used / capacity of a volume. */
  fill: { warning: 0.8, critical: 0.9 } satisfies Threshold,
  /** Share of time the device was busy (1 = saturated). */
  iops: { warning: 0.8, critical: 0.95 } satisfies Threshold,
};

export const STORAGE_ALERTS = { pending: 'PvcPending', fill: 'VolumeFillingUp', iops: 'DiskIoSaturated' } as const;

export type PvcObject = {
  clusterId: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  team: string | null;
  phase: string | null;
  createdAt: number | null;
  storageClass: string | null;
  volumeName: string | null;
  requested: string | null;
  capacity: string | null;
};
export type PvObject = { clusterId: string; name: string; createdAt: number | null; reclaimPolicy: string | null };
export type StorageClassObject = { clusterId: string; name: string; provisioner: string | null; reclaimPolicy: string | null; volumeBindingMode: string | null; allowVolumeExpansion: boolean; isDefault: boolean };

type Sample = { metric: Record<string, string>; value: number };
export type VolumeStats = { dataSourceId: string; dataSource: string; clusterId: string | null; used?: Sample[]; capacity?: Sample[]; iops?: Sample[] };

export type PvcRow = {
  id: string;
  clusterId: string;
  cluster: string;
  namespace: string;
  name: string;
  phase: string;
  storageClass: string | null;
  bindingMode: string | null;
  requestedBytes: number | null;
  capacityBytes: number | null;
  usedBytes: number | null;
  /** Seconds from the claim to its volume (dynamic provisioning: the PV's creation); null when not measurable. */
  bindSeconds: number | null;
  pendingSeconds: number | null;
  service: { slug: string; name: string } | null;
  team: string | null;
};

export type StorageClassRow = StorageClassObject & { cluster: string; claims: number; pending: number };

const UNITS: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5 };

/** A Kubernetes quantity ("100Gi", "500M", "1e9") in bytes; null when not one. */
export function parseQuantity(q: string | null | undefined): number | null {
  const m = /^([0-9.]+(?:e[0-9]+)?)\s*(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/.exec((q ?? '').trim());
  if (!m) return null;
  const n = Number(m[1]) * UNITS[m[2] ?? '']!;
  return Number.isFinite(n) ? n : null;
}

export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}

/** The workload a claim belongs to: StatefulSet claims are `<template>-<sts>-<ordinal>`, others often `<workload>-data`. */
export function claimWorkload(name: string): string | null {
  const sts = /^[a-z0-9]+(?:-[a-z0-9]+)*?-(.+)-\d+$/.exec(name);
  if (sts) return sts[1]!;
  const suffixed = /^(.+)-(?:data|storage|pvc|volume)$/.exec(name);
  return suffixed ? suffixed[1]! : null;
}

export type StorageInputs = {
  pvcs: readonly PvcObject[];
  pvs: readonly PvObject[];
  classes: readonly StorageClassObject[];
  clusterNames: ReadonlyMap<string, string>;
  stats: readonly VolumeStats[];
  services: ReadonlyMap<string, CatalogService>;
  now: number;
};

export type StorageResult = { pvcs: PvcRow[]; rows: OpsRow[]; classes: StorageClassRow[]; bind: { measured: number; medianSeconds: number | null; maxSeconds: number | null } };

export function evaluateStorage(input: StorageInputs): StorageResult {
  const pvByKey = new Map(input.pvs.map((p) => [`${p.clusterId}/${p.name}`, p]));
  const classByKey = new Map(input.classes.map((c) => [`${c.clusterId}/${c.name}`, c]));
  const defaultClass = new Map(input.classes.filter((c) => c.isDefault).map((c) => [c.clusterId, c.name]));
  const used = new Map<string, number>();
  const capacity = new Map<string, number>();
  const rows: OpsRow[] = [];
  for (const s of input.stats) {
    const put = (m: Map<string, number>, x: Sample) => {
      const key = `${x.metric.namespace}/${x.metric.persistentvolumeclaim}`;
      if (Number.isFinite(x.value)) for (const k of [`${s.clusterId ?? '*'}/${key}`, `*/${key}`]) m.set(k, x.value);
    };
    for (const x of s.used ?? []) put(used, x);
    for (const x of s.capacity ?? []) put(capacity, x);
    for (const x of (s.iops ?? []).filter((v) => Number.isFinite(v.value))) {
      const node = x.metric.node ?? x.metric.instance ?? 'unknown node';
      const t = STORAGE_THRESHOLDS.iops;
      rows.push({ id: `${s.dataSourceId}/iops/${node}/${x.metric.device ?? ''}`, signal: 'iops', subject: node, detail: x.metric.device ?? null, namespace: null, dataSource: s.dataSource, clusterId: s.clusterId, value: x.value, display: formatPercent(x.value), status: bandOf(x.value, t), severity: x.value / t.critical, service: null, team: null });
    }
  }
  const pvcs: PvcRow[] = [];
  for (const c of input.pvcs) {
    const cluster = input.clusterNames.get(c.clusterId) ?? c.clusterId;
    const key = `${c.namespace}/${c.name}`;
    const statKey = used.has(`${c.clusterId}/${key}`) ? `${c.clusterId}/${key}` : `*/${key}`;
    const pv = c.volumeName ? pvByKey.get(`${c.clusterId}/${c.volumeName}`) : undefined;
    const bindSeconds = c.phase === 'Bound' && pv?.createdAt != null && c.createdAt != null && pv.createdAt >= c.createdAt ? (pv.createdAt - c.createdAt) / 1000 : null;
    const pendingSeconds = c.phase === 'Pending' && c.createdAt != null ? Math.max(0, (input.now - c.createdAt) / 1000) : null;
    const className = c.storageClass ?? defaultClass.get(c.clusterId) ?? null;
    const svc = serviceFor([c.labels['runwell.io/service'], c.labels['app.kubernetes.io/part-of'], c.labels['app.kubernetes.io/name'], c.labels.app, claimWorkload(c.name), c.namespace], input.services);
    const row: PvcRow = {
      id: `${c.clusterId}/${key}`,
      clusterId: c.clusterId,
      cluster,
      namespace: c.namespace,
      name: c.name,
      phase: c.phase ?? 'Unknown',
      storageClass: className,
      bindingMode: className ? (classByKey.get(`${c.clusterId}/${className}`)?.volumeBindingMode ?? null) : null,
      requestedBytes: parseQuantity(c.requested),
      capacityBytes: capacity.get(statKey) ?? parseQuantity(c.capacity),
      usedBytes: used.get(statKey) ?? null,
      bindSeconds,
      pendingSeconds,
      service: svc && { slug: svc.slug, name: svc.name },
      team: c.team ?? svc?.team ?? null,
    };
    pvcs.push(row);
    const base = { namespace: c.namespace, dataSource: cluster, clusterId: c.clusterId, service: row.service, team: row.team };
    if (pendingSeconds !== null) {
      const t = STORAGE_THRESHOLDS.pending;
      rows.push({ ...base, id: `${row.id}/pending`, signal: 'pending', subject: key, detail: [className ?? 'no StorageClass', row.bindingMode].filter(Boolean).join(' · '), value: pendingSeconds, display: `Pending ${formatDuration(pendingSeconds)}`, status: bandOf(pendingSeconds, t), severity: pendingSeconds / t.critical });
    }
    if (row.usedBytes !== null && row.capacityBytes) {
      const ratio = row.usedBytes / row.capacityBytes;
      const t = STORAGE_THRESHOLDS.fill;
      const requested = row.requestedBytes ? `, requested ${formatBytes(row.requestedBytes)}` : '';
      rows.push({ ...base, id: `${row.id}/fill`, signal: 'fill', subject: key, detail: `${formatBytes(row.usedBytes)} of ${formatBytes(row.capacityBytes)}${requested}`, value: ratio, display: formatPercent(ratio), status: bandOf(ratio, t), severity: ratio / t.critical });
    }
  }
  const binds = pvcs.map((p) => p.bindSeconds).filter((b): b is number => b !== null).sort((a, b) => a - b);
  const classes = input.classes
    .map((c) => {
      const mine = pvcs.filter((p) => p.clusterId === c.clusterId && p.storageClass === c.name);
      return { ...c, cluster: input.clusterNames.get(c.clusterId) ?? c.clusterId, claims: mine.length, pending: mine.filter((p) => p.phase === 'Pending').length };
    })
    .sort((a, b) => b.pending - a.pending || b.claims - a.claims || a.name.localeCompare(b.name));
  const order = (p: PvcRow) => (p.phase === 'Pending' ? 0 : p.phase === 'Lost' ? 1 : 2);
  const fillOf = (p: PvcRow) => (p.usedBytes !== null && p.capacityBytes ? p.usedBytes / p.capacityBytes : -1);
  return {
    pvcs: pvcs.sort((a, b) => order(a) - order(b) || (b.pendingSeconds ?? 0) - (a.pendingSeconds ?? 0) || fillOf(b) - fillOf(a) || a.id.localeCompare(b.id)),
    rows: worstFirst(rows),
    classes,
    bind: { measured: binds.length, medianSeconds: binds.length ? binds[Math.floor((binds.length - 1) / 2)]! : null, maxSeconds: binds.length ? binds[binds.length - 1]! : null },
  };
}

export const STORAGE_ALERT_SPECS: Record<string, AlertSpec> = {
  pending: { alertname: STORAGE_ALERTS.pending, pagesFrom: null, summary: (r) => `PVC ${r.subject} on ${r.dataSource} is ${r.display}`, description: (r) => `StorageClass ${r.detail}: check the provisioner's events (kubectl describe pvc) and, for WaitForFirstConsumer, the pod that should use it.` },
  fill: { alertname: STORAGE_ALERTS.fill, pagesFrom: null, summary: (r) => `Volume ${r.subject} is ${r.display} full (${r.detail})`, description: () => 'Expand the claim (if its StorageClass allows expansion) or free space before the workload fails writes.' },
  iops: { alertname: STORAGE_ALERTS.iops, pagesFrom: null, summary: (r) => `Disk ${r.detail ?? ''} on ${r.subject} is busy ${r.display} of the time`, description: () => 'Requests queue behind the device: move the noisiest volume, raise its provisioned IOPS or spread the workload.' },
};

export function storageTile(result: Pick<StorageResult, 'rows' | 'pvcs'>, href: string): DomainTile {
  const base = { domain: 'storage' as const, label: 'Storage', signal: 'Pending PVCs · fullest volume', href };
  if (result.pvcs.length === 0 && result.rows.length === 0) return { ...base, value: '—', status: 'no-data', detail: 'No PersistentVolumeClaims in the inventory' };
  const pending = result.pvcs.filter((p) => p.phase === 'Pending').length;
  const fullest = result.rows.filter((r) => r.signal === 'fill').sort((a, b) => b.value - a.value)[0];
  const c = countBands(result.rows);
  const bad = result.rows.filter((r) => r.status !== 'ok');
  const value = [pending ? `${pending} Pending` : null, fullest ? `${fullest.display} full` : null].filter(Boolean).join(' · ') || 'all bound';
  const detail = bad.length ? bad.slice(0, 2).map((r) => `${r.subject} ${r.display}`).join('; ') + (bad.length > 2 ? ` and ${bad.length - 2} more` : '') : `${result.pvcs.length} claims bound, volumes within thresholds`;
  return { ...base, value, status: c.critical ? 'critical' : c.warning ? 'warning' : 'ok', detail };
}

export function storageTrendValues(result: StorageResult): Record<string, number> {
  const c = countBands(result.rows);
  const max = (signal: string) => Math.max(0, ...result.rows.filter((r) => r.signal === signal).map((r) => r.value));
  return {
    pending: result.pvcs.filter((p) => p.phase === 'Pending').length,
    fullestPct: Math.round(max('fill') * 1000) / 10,
    iopsMaxPct: Math.round(max('iops') * 1000) / 10,
    ...(result.bind.medianSeconds !== null ? { bindMedianSeconds: Math.round(result.bind.medianSeconds) } : {}),
    critical: c.critical,
    warning: c.warning,
  };
}
