import { asStringMap, serviceKeyOf } from '../lib/kube';
import { refKey } from './exemptions.compute';
import { WORKLOAD_KINDS } from './workload.compute';
import type { InventoryItem, KubeObject } from './readiness.schema';

// The live inventory as the engine's input (docs/readiness.md, "Live evaluation"):
// stored InventoryObject rows in, engine items out, and the service each evaluated
// object belongs to. Pure.

/** Kinds the engine reads from the live inventory (evaluated, or feeding its indexes). */
export const LIVE_KINDS = [
  ...WORKLOAD_KINDS,
  'Namespace',
  'ServiceAccount',
  'PodDisruptionBudget',
  'HorizontalPodAutoscaler',
  'Service',
  'NetworkPolicy',
  'Ingress',
  'ServiceMonitor',
  'PodMonitor',
  'PrometheusRule',
  'PrometheusServiceLevel',
  'Application',
  'Kustomization',
  'HelmRelease',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ConfigMap',
] as const;

/** The columns of an InventoryObject row the mapper reads (docs/inventory.md). */
export interface LiveRow {
  kind: string;
  namespace: string;
  name: string;
  labels: unknown;
  annotations: unknown;
  ownerKind: string | null;
  ownerName: string | null;
  data: unknown;
}

const WORKLOAD_KIND_SET = new Set<string>(WORKLOAD_KINDS);

/**
 * One stored row as the Kubernetes object the engine reads. `data` keeps the
 * object's shape ({apiVersion, spec, status}; ServiceAccounts their top-level
 * automountServiceAccountToken). The owner becomes a controlling ownerReference
 * only for workload kinds, which the engine then evaluates through their owner
 * (Pods of ReplicaSets, ReplicaSets of Deployments, Jobs of CronJobs). Other kinds
 * drop it: operators own the PDBs, Services and monitors they create, and the
 * engine would otherwise skip them and report a PDB or monitor as missing.
 */
export function rowToObject(row: LiveRow): KubeObject {
  const data = (row.data && typeof row.data === 'object' ? row.data : {}) as Record<string, unknown>;
  const { apiVersion, ...rest } = data;
  const labels = asStringMap(row.labels);
  const annotations = asStringMap(row.annotations);
  const owned = row.ownerKind !== null && WORKLOAD_KIND_SET.has(row.kind);
  return {
    ...rest,
    apiVersion: typeof apiVersion === 'string' ? apiVersion : 'v1',
    kind: row.kind,
    metadata: {
      name: row.name,
      ...(row.namespace ? { namespace: row.namespace } : {}),
      labels,
      annotations,
      ...(owned ? { ownerReferences: [{ kind: row.ownerKind!, name: row.ownerName ?? '', controller: true }] } : {}),
    },
  };
}

export function rowsToItems(rows: readonly LiveRow[]): InventoryItem[] {
  return rows.map((row) => ({ object: rowToObject(row) }));
}

/** Service key per evaluated object (kind/namespace/name), from the items the report came from. */
export function serviceKeys(items: readonly InventoryItem[]): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const { object } of items) {
    out.set(refKey({ kind: object.kind, namespace: object.metadata?.namespace ?? null, name: object.metadata?.name ?? '' }), serviceKeyOf(object));
  }
  return out;
}
