// A collected Kubernetes object in, the row Runwell keeps out (and back). The
// per-kind trims (kinds.compute.ts, trim-*.compute.ts) keep only the fields some
// Runwell feature reads (docs/inventory.md lists who reads what), so 150k pods
// fit in Postgres and the collector never holds whole objects. `data` keeps the
// Kubernetes shape ({apiVersion, spec, status}) so readiness can evaluate rows
// as KubeObjects again (toKubeObject).

import { asStringMap, ownerOf } from '../lib/kube';
import { TEAM_KEYS } from '../lib/kube-conventions';
import { apiVersionOf, type KindDef } from './kinds.compute';
import { compact, type J, rec, str } from './trim.compute';

export interface InventoryRow {
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  ownerKind: string | null;
  ownerName: string | null;
  ownerUid: string | null;
  team: string | null;
  nodeName: string | null;
  phase: string | null;
  creationTimestamp: Date | null;
  data: J;
}

export function teamOf(labels: Record<string, string>, annotations: Record<string, string>): string | null {
  for (const key of TEAM_KEYS) {
    const v = labels[key] ?? annotations[key];
    if (v) return v;
  }
  return null;
}

// Annotations that are large and never read (the whole last-applied object).
const DROPPED_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration'];

export function toRow(def: KindDef, obj: unknown): InventoryRow {
  const o = rec(obj);
  const meta = rec(o.metadata);
  const labels = asStringMap(meta.labels);
  const annotations = asStringMap(meta.annotations);
  for (const key of DROPPED_ANNOTATIONS) delete annotations[key];
  const owner = ownerOf(meta);
  const data = def.trim(o);
  const spec = rec(o.spec);
  const created = str(meta.creationTimestamp);
  const createdAt = created ? new Date(created) : null;
  return {
    kind: def.kind,
    namespace: def.namespaced ? (str(meta.namespace) ?? '') : '',
    name: str(meta.name) ?? '',
    uid: str(meta.uid) ?? '',
    resourceVersion: str(meta.resourceVersion) ?? '',
    labels,
    annotations,
    ownerKind: owner?.kind ?? null,
    ownerName: owner?.name ?? null,
    ownerUid: owner?.uid ?? null,
    team: teamOf(labels, annotations),
    nodeName: def.kind === 'Pod' ? str(spec.nodeName) : null,
    phase: def.kind === 'Pod' ? str(rec(o.status).phase) : def.kind === 'Namespace' || def.kind === 'PersistentVolumeClaim' || def.kind === 'Backup' ? str(rec(o.status).phase) : null,
    creationTimestamp: createdAt && !Number.isNaN(createdAt.getTime()) ? createdAt : null,
    data: { apiVersion: apiVersionOf(def), ...data },
  };
}

/** A stored row back as a (trimmed) Kubernetes object, e.g. for server/readiness. */
export function toKubeObject(row: Pick<InventoryRow, 'kind' | 'namespace' | 'name' | 'uid' | 'labels' | 'annotations' | 'ownerKind' | 'ownerName' | 'ownerUid' | 'creationTimestamp' | 'resourceVersion' | 'data'>): J {
  const { apiVersion, ...rest } = row.data;
  return {
    apiVersion,
    kind: row.kind,
    metadata: compact({
      name: row.name,
      namespace: row.namespace || undefined,
      uid: row.uid,
      resourceVersion: row.resourceVersion,
      labels: row.labels,
      annotations: row.annotations,
      creationTimestamp: row.creationTimestamp?.toISOString(),
      ownerReferences: row.ownerKind ? [{ kind: row.ownerKind, name: row.ownerName, uid: row.ownerUid, controller: true }] : undefined,
    }),
    ...rest,
  };
}
