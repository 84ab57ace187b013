import { can } from '../lib/roles';
import type { RequestContext } from '../lib/request-context';
import { tryQuantity } from '../capacity/quantity.compute';
import { db } from '../database/tx';
import { DomainError } from '../errors';
import { asArray, asRecord, podTemplateOf } from '../lib/kube';
import * as repo from './inventory.repo';
import * as collectorRepo from './collector.repo';
import {
  clusterRefSchema,
  namespaceListSchema,
  nodeListSchema,
  workloadListSchema,
  workloadRefSchema,
  type ClusterSummaryDto,
  type NamespaceListInput,
  type NamespaceRowDto,
  type NodeListInput,
  type NodeRowDto,
  type Paged,
  type PodRowDto,
  type WorkloadDetailDto,
  type WorkloadListInput,
  type WorkloadRefInput,
  type WorkloadRowDto,
} from './inventory.schema';

const POD_PAGE_SIZE = 50;
type J = Record<string, unknown>;

function authorizeRead(ctx: RequestContext) {
  if (!can(ctx.actor, 'app.read')) throw new DomainError('FORBIDDEN', 'You may not view the cluster inventory');
}

async function requireCluster(clusterId: string) {
  const c = await repo.clusterExists(db(), clusterId);
  if (!c) throw new DomainError('NOT_FOUND', 'No such cluster');
  return c;
}

export async function summary(ctx: RequestContext, input: { clusterId: string }): Promise<ClusterSummaryDto> {
  authorizeRead(ctx);
  const { clusterId } = clusterRefSchema.parse(input);
  await requireCluster(clusterId);
  const [c, z] = await Promise.all([repo.counts(db(), clusterId), repo.zones(db(), clusterId)]);
  const workloads = (c.Deployment ?? 0) + (c.StatefulSet ?? 0) + (c.DaemonSet ?? 0) + (c.CronJob ?? 0) + (c.Job ?? 0);
  return { nodes: c.Node ?? 0, pods: c.Pod ?? 0, namespaces: c.Namespace ?? 0, workloads, zones: z };
}

export async function nodes(ctx: RequestContext, input: NodeListInput): Promise<Paged<NodeRowDto>> {
  authorizeRead(ctx);
  const f = nodeListSchema.parse(input);
  await requireCluster(f.clusterId);
  const rows = await repo.listNodes(db(), f.clusterId, f);
  return {
    rows: rows.map((r) => {
      const conditions = r.conditions ?? [];
      const ready = conditions.some((c) => c.type === 'Ready' && c.status === 'True');
      const problems = [...(ready ? [] : ['NotReady']), ...conditions.filter((c) => c.type !== 'Ready' && c.status === 'True').map((c) => c.type ?? '?')];
      return {
        name: r.name,
        zone: r.zone,
        instanceType: r.instanceType,
        kubeletVersion: r.kubeletVersion,
        ready,
        unschedulable: r.unschedulable === true,
        problems,
        createdAt: r.creationTimestamp,
        allocatable: {
          cpu: r.allocatable?.cpu ? tryQuantity(r.allocatable.cpu, 'cpu') : null,
          memory: r.allocatable?.memory ? tryQuantity(r.allocatable.memory, 'memory') : null,
          pods: r.allocatable?.pods ? Number(r.allocatable.pods) || null : null,
        },
        pods: Number(r.pods),
      };
    }),
    total: Number(rows[0]?.total ?? 0),
    page: f.page,
    pageSize: f.pageSize,
  };
}

export async function zoneList(ctx: RequestContext, input: { clusterId: string }): Promise<string[]> {
  authorizeRead(ctx);
  const { clusterId } = clusterRefSchema.parse(input);
  return repo.zones(db(), clusterId);
}

export async function namespaces(ctx: RequestContext, input: NamespaceListInput): Promise<Paged<NamespaceRowDto>> {
  authorizeRead(ctx);
  const f = namespaceListSchema.parse(input);
  await requireCluster(f.clusterId);
  const rows = await repo.listNamespaces(db(), f.clusterId, f);
  return {
    rows: rows.map((r) => ({ name: r.name, team: r.team, phase: r.phase, pods: Number(r.pods), workloads: Number(r.workloads), createdAt: r.creationTimestamp })),
    total: Number(rows[0]?.total ?? 0),
    page: f.page,
    pageSize: f.pageSize,
  };
}

function containersOf(data: repo.WorkloadRecord['data'], kind: string): J[] {
  const podSpec = asRecord(podTemplateOf({ kind, spec: data.spec })?.spec);
  return asArray(podSpec.containers).map(asRecord);
}

function toWorkloadRow(r: Omit<repo.WorkloadRecord, 'total'>): WorkloadRowDto {
  const spec = (r.data.spec ?? {}) as J;
  const status = (r.data.status ?? {}) as J;
  const n = (v: unknown) => (typeof v === 'number' ? v : null);
  let desired: number | null;
  let ready: number | null;
  switch (r.kind) {
    case 'DaemonSet':
      desired = n(status.desiredNumberScheduled);
      ready = n(status.numberReady) ?? 0;
      break;
    case 'CronJob':
      desired = null;
      ready = null;
      break;
    case 'Job':
      desired = n(spec.completions) ?? 1;
      ready = n(status.succeeded) ?? 0;
      break;
    default:
      desired = n(spec.replicas) ?? 1;
      ready = n(status.readyReplicas) ?? 0;
  }
  const images = [...new Set(containersOf(r.data, r.kind).map((c) => String(c.image ?? '')).filter(Boolean))];
  return { kind: r.kind, namespace: r.namespace, name: r.name, team: r.team ?? r.namespaceTeam, desired, ready, images, createdAt: r.creationTimestamp };
}

export async function workloads(ctx: RequestContext, input: WorkloadListInput): Promise<Paged<WorkloadRowDto>> {
  authorizeRead(ctx);
  const f = workloadListSchema.parse(input);
  await requireCluster(f.clusterId);
  const rows = await repo.listWorkloads(db(), f.clusterId, f);
  return { rows: rows.map(toWorkloadRow), total: Number(rows[0]?.total ?? 0), page: f.page, pageSize: f.pageSize };
}

function toPodRow(p: repo.PodRecord): PodRowDto {
  const s = (p.status ?? {}) as J;
  const statuses = Array.isArray(s.containerStatuses) ? (s.containerStatuses as J[]) : [];
  const reason = statuses.map((c) => c.reason).find((x): x is string => typeof x === 'string') ?? (typeof s.reason === 'string' ? s.reason : null);
  return {
    name: p.name,
    nodeName: p.nodeName,
    phase: p.phase,
    ready: typeof s.ready === 'boolean' ? s.ready : null,
    restarts: typeof s.restarts === 'number' ? s.restarts : 0,
    reason,
    podIP: typeof s.podIP === 'string' ? s.podIP : null,
    createdAt: p.creationTimestamp,
  };
}

export async function workload(ctx: RequestContext, input: WorkloadRefInput): Promise<WorkloadDetailDto> {
  authorizeRead(ctx);
  const f = workloadRefSchema.parse(input);
  const cluster = await requireCluster(f.clusterId);
  const w = await repo.findWorkload(db(), f.clusterId, f.kind, f.namespace, f.name);
  if (!w) throw new DomainError('NOT_FOUND', `No ${f.kind} ${f.namespace}/${f.name} in this cluster`);
  const pods = await repo.podsOf(db(), f.clusterId, w.uid, f.podPage, POD_PAGE_SIZE);
  const str = (v: unknown): Record<string, string> => Object.fromEntries(Object.entries((v ?? {}) as J).map(([k, x]) => [k, String(x)]));
  return {
    ...toWorkloadRow(w),
    uid: w.uid,
    labels: w.labels,
    annotations: w.annotations,
    containers: containersOf(w.data, w.kind).map((c) => ({
      name: String(c.name ?? ''),
      image: String(c.image ?? ''),
      requests: str((c.resources as J | undefined)?.requests),
      limits: str((c.resources as J | undefined)?.limits),
    })),
    pods: { rows: pods.map(toPodRow), total: Number(pods[0]?.total ?? 0), page: f.podPage, pageSize: POD_PAGE_SIZE },
    readinessPath: `/readiness/${encodeURIComponent(cluster.name)}/${encodeURIComponent(w.namespace)}/${w.kind}/${encodeURIComponent(w.name)}`,
  };
}

// For the maintenance domain (server/maintenance): the inventory it reads.
export const clusterExists = (clusterId: string) => repo.clusterExists(db(), clusterId);
export const maintenanceNodes = (clusterId: string) => repo.maintenanceNodes(db(), clusterId);
export const enabledClusterVersions = () => repo.enabledClusterVersions(db());
export const maintenanceNodesOf = (clusterIds: readonly string[]) => repo.maintenanceNodesOf(db(), clusterIds);

/** For the change ledger's GitOps feed (server/changes/gitops.service.ts): system reads, no actor. */
export const objectsOfKinds = (kinds: readonly string[]) => repo.objectsOfKinds(db(), kinds);
/** The inventory's version for these kinds (InventoryKindVersion, one short row per cluster and kind): equal answers, nothing written since. */
export const inventoryVersion = (kinds: readonly string[]) => collectorRepo.kindVersions(db(), kinds);
export const workloadsInNamespaces = (clusterId: string, namespaces: readonly string[]) => repo.workloadsInNamespaces(db(), clusterId, namespaces);
