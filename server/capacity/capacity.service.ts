import { can } from '../lib/roles';
import type { RequestContext } from '../lib/request-context';
import { db, inTransaction } from '../database/tx';
import { freshMemo } from '../lib/fresh-memo';
import { DomainError } from '../errors';
import { clusterCapacity, namespaceCapacity, nodeCapacity, type NodeInput, type PodInput } from './capacity.compute';
import { monthlyCost } from './cost.compute';
import { add, podResources, type Resources, ZERO } from './resources.compute';
import { rightSizingHints, type WorkloadUsageInput } from './right-sizing.compute';
import * as repo from './capacity.repo';
import {
  capacityPageSchema,
  clusterIdSchema,
  SNAPSHOT_REFRESH_MINUTES,
  type CapacityHeadlineDto,
  type CapacityOverviewDto,
  type CapacityPageInput,
  type CapacityRowDto,
  type ResourceTrendDto,
  type RightSizingHintDto,
  type TrendPointDto,
} from './capacity.schema';
import { DAY_MS, describeRunOut, forecast } from './forecast.compute';
import { tryQuantity } from './quantity.compute';

const POD_PAGE = 5000;
const STORED_HINTS = 100;
const TREND_DAYS = 180;

function authorizeRead(ctx: RequestContext) {
  if (!can(ctx.actor, 'app.read')) throw new DomainError('FORBIDDEN', 'You may not view capacity');
}

function utcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

type J = Record<string, unknown>;

function resources(list: J | null | undefined): Resources | null {
  if (!list) return null;
  const cpu = tryQuantity(list.cpu as string, 'cpu');
  const memory = tryQuantity(list.memory as string, 'memory');
  if (cpu === null || memory === null) return null;
  return { cpu, memory };
}

function toNodeInput(n: repo.RawNode): NodeInput {
  const alloc = n.allocatable ?? {};
  const ready = (n.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
  return {
    name: n.name,
    zone: n.zone,
    allocatable: { cpu: tryQuantity(alloc.cpu as string, 'cpu') ?? 0, memory: tryQuantity(alloc.memory as string, 'memory') ?? 0, pods: Number(alloc.pods ?? 0) || 0 },
    ready,
    unschedulable: n.unschedulable === true,
    usage: resources(n.usage),
  };
}

function podUsage(containers: repo.RawPod['usage']): Resources | null {
  if (!containers || containers.length === 0) return null;
  let sum: Resources = ZERO;
  for (const c of containers) {
    const r = resources(c.usage as J | undefined);
    if (!r) return null;
    sum = add(sum, r);
  }
  return sum;
}

// The columns every snapshot row has, whatever its scope (a namespace has no allocatable of its own: 0).
function resourceColumns(allocatable: Resources, x: { requested: Resources; limits: Resources; used?: Resources | null; pods: number }) {
  return {
    allocatableCpu: allocatable.cpu,
    allocatableMemory: allocatable.memory,
    requestedCpu: x.requested.cpu,
    requestedMemory: x.requested.memory,
    limitsCpu: x.limits.cpu,
    limitsMemory: x.limits.memory,
    usedCpu: x.used?.cpu ?? null,
    usedMemory: x.used?.memory ?? null,
    pods: x.pods,
  };
}

/**
 * Computes and stores today's capacity for one cluster from the collected
 * inventory. Called by the capacity.snapshot job (system actor): derived data,
 * so no audit row. Returns counts for the job log.
 */
export async function takeSnapshot(clusterId: string, now: Date): Promise<{ nodes: number; pods: number; namespaces: number; hints: number; unreadable: number }> {
  const database = db();
  const nodes = (await repo.loadNodes(database, clusterId)).map(toNodeInput);
  const owners = new Map<string, { kind: string; name: string }>();
  for (const l of await repo.loadOwnerLinks(database, clusterId)) owners.set(`${l.kind}/${l.namespace}/${l.name}`, { kind: l.ownerKind, name: l.ownerName });

  const pods: PodInput[] = [];
  const workloads = new Map<string, WorkloadUsageInput>();
  let unreadable = 0;
  let after: { namespace: string; name: string } | null = null;
  for (;;) {
    const page = await repo.loadPodsPage(database, clusterId, after, POD_PAGE);
    for (const raw of page) {
      let r;
      try {
        r = podResources((raw.spec ?? {}) as Parameters<typeof podResources>[0]);
      } catch {
        // A quantity the API server would have refused: count it rather than guess.
        unreadable++;
        continue;
      }
      let owner = raw.ownerKind && raw.ownerName ? { kind: raw.ownerKind, name: raw.ownerName } : null;
      const up = owner ? owners.get(`${owner.kind}/${raw.namespace}/${owner.name}`) : undefined;
      if (up) owner = up;
      const usage = podUsage(raw.usage);
      const pod: PodInput = { namespace: raw.namespace, name: raw.name, nodeName: raw.nodeName, phase: raw.phase, requests: r.requests, limits: r.limits, usage, owner: owner ? `${owner.kind}/${owner.name}` : null };
      pods.push(pod);
      if (owner && usage && raw.phase === 'Running') {
        const key = `${raw.namespace}/${pod.owner}`;
        let w = workloads.get(key);
        if (!w) workloads.set(key, (w = { namespace: raw.namespace, workload: pod.owner!, pods: 0, request: ZERO, samples: { cpu: [], memory: [] } }));
        w.pods++;
        w.request = { cpu: Math.max(w.request.cpu, r.requests.cpu), memory: Math.max(w.request.memory, r.requests.memory) };
        w.samples.cpu.push(usage.cpu);
        w.samples.memory.push(usage.memory);
      }
    }
    if (page.length < POD_PAGE) break;
    const last = page[page.length - 1]!;
    after = { namespace: last.namespace, name: last.name };
  }

  const nodeRows = nodeCapacity(nodes, pods);
  const cluster = clusterCapacity(nodeRows, pods);
  const namespaces = namespaceCapacity(pods);
  const hints = rightSizingHints(workloads.values());
  let charged: Resources = ZERO;
  for (const ns of namespaces) charged = add(charged, ns.charged);

  const rows: repo.SnapshotRow[] = [
    {
      scope: 'cluster',
      key: '',
      ...resourceColumns(cluster.allocatable, cluster),
      details: JSON.parse(
        JSON.stringify({
          nodes: cluster.nodes,
          schedulableNodes: cluster.schedulableNodes,
          headroom: cluster.headroom,
          largestFreeNode: cluster.largestFreeNode,
          pending: cluster.pending,
          podsAllocatable: cluster.podsAllocatable,
          nodesWithMetrics: cluster.nodesWithMetrics,
          charged,
          unreadablePods: unreadable,
          hints: hints.slice(0, STORED_HINTS),
          hintsTotal: hints.length,
        }),
      ),
    },
    ...nodeRows.map(
      (n): repo.SnapshotRow => ({
        scope: 'node',
        key: n.name,
        ...resourceColumns(n.allocatable, n),
        details: { zone: n.zone, ready: n.ready, unschedulable: n.unschedulable, podsAllocatable: n.podsAllocatable },
      }),
    ),
    ...namespaces.map(
      (ns): repo.SnapshotRow => ({
        scope: 'namespace',
        key: ns.namespace,
        ...resourceColumns(ZERO, ns),
        details: { charged: { cpu: ns.charged.cpu, memory: ns.charged.memory }, unscheduled: ns.unscheduled, podsWithMetrics: ns.podsWithMetrics },
      }),
    ),
  ];
  await inTransaction((tx) => repo.replaceSnapshotDay(tx, clusterId, utcDay(now), now, rows));
  return { nodes: nodeRows.length, pods: cluster.pods, namespaces: namespaces.length, hints: hints.length, unreadable };
}

/**
 * The job's sweep: every cluster whose nodes and pods are synced gets today's
 * snapshot when it has none yet (so the first one follows the initial sync by
 * at most a minute) or when it is older than SNAPSHOT_REFRESH_MINUTES.
 * Clusters that are not synced (down, stale, still listing) are skipped: their
 * days stay empty rather than filled with old data.
 */
export async function snapshotDueClusters(now: Date, log: (m: string) => void = () => {}): Promise<number> {
  const candidates = await repo.listSnapshotCandidates(db(), utcDay(now));
  let taken = 0;
  for (const c of candidates) {
    if (!c.podsAndNodesSynced) continue;
    if (c.lastTakenAt && now.getTime() - c.lastTakenAt.getTime() < SNAPSHOT_REFRESH_MINUTES * 60_000) continue;
    try {
      const r = await takeSnapshot(c.id, now);
      taken++;
      log(`capacity snapshot ${c.name}: ${r.nodes} nodes, ${r.pods} pods, ${r.namespaces} namespaces, ${r.hints} hints${r.unreadable ? `, ${r.unreadable} pods with unreadable quantities` : ''}`);
    } catch (error) {
      // One cluster's bad data never blocks the others.
      log(`capacity snapshot ${c.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return taken;
}

// ---- reads ----

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const res = (v: unknown): { cpu: number; memory: number } => {
  const o = (v ?? {}) as J;
  return { cpu: num(o.cpu), memory: num(o.memory) };
};

function toRowDto(r: repo.SnapshotRecord): CapacityRowDto {
  const d = (r.details ?? {}) as J;
  const charged = r.scope === 'namespace' ? res(d.charged) : null;
  return {
    key: r.key,
    allocatable: { cpu: r.allocatableCpu, memory: r.allocatableMemory },
    requested: { cpu: r.requestedCpu, memory: r.requestedMemory },
    limits: { cpu: r.limitsCpu, memory: r.limitsMemory },
    used: r.usedCpu !== null && r.usedMemory !== null ? { cpu: r.usedCpu, memory: r.usedMemory } : null,
    pods: r.pods,
    zone: typeof d.zone === 'string' ? d.zone : null,
    ready: typeof d.ready === 'boolean' ? d.ready : null,
    unschedulable: typeof d.unschedulable === 'boolean' ? d.unschedulable : null,
    podsAllocatable: typeof d.podsAllocatable === 'number' ? d.podsAllocatable : null,
    charged,
    monthlyCost: charged ? monthlyCost(charged) : null,
    unscheduled: typeof d.unscheduled === 'number' ? d.unscheduled : null,
  };
}

async function requireCluster(clusterId: string) {
  const cluster = await repo.clusterName(db(), clusterId);
  if (!cluster) throw new DomainError('NOT_FOUND', 'No such cluster');
  return cluster;
}

function trend(resource: 'cpu' | 'memory', series: repo.SnapshotRecord[]): ResourceTrendDto {
  const pick = (r: repo.SnapshotRecord) =>
    resource === 'cpu'
      ? { allocatable: r.allocatableCpu, requested: r.requestedCpu, used: r.usedCpu, limits: r.limitsCpu }
      : { allocatable: r.allocatableMemory, requested: r.requestedMemory, used: r.usedMemory, limits: r.limitsMemory };
  const f = forecast(series.map((r) => ({ day: r.day, ...pick(r) })));
  const points: TrendPointDto[] = series.map((r) => ({ day: r.day, ...pick(r), forecastRequested: null, forecastUsed: null }));
  // The forecast line starts on the last measured day so the chart joins up.
  const last = points[points.length - 1];
  if (last && f.projection.length) {
    last.forecastRequested = f.projection.length && f.requested.line ? last.requested : null;
    last.forecastUsed = f.used.line && f.projection[0]!.used !== null ? last.used : null;
  }
  for (const p of f.projection) {
    points.push({ day: p.day, requested: null, used: null, limits: null, allocatable: p.allocatable, forecastRequested: p.requested, forecastUsed: p.used });
  }
  const label = resource === 'cpu' ? 'CPU' : 'Memory';
  return {
    resource,
    points,
    requestedRunOut: f.requested.runOut,
    usedRunOut: f.used.runOut,
    firstRunOut: f.firstRunOut,
    summary: `${describeRunOut(f.requested.runOut, `${label} requested`)} ${f.used.runOut.status === 'insufficient-data' && f.requested.runOut.status === 'insufficient-data' ? '' : describeRunOut(f.used.runOut, `${label} used`)}`.trim(),
    requestedSlopePerDay: f.requested.line?.slope ?? null,
    usedSlopePerDay: f.used.line?.slope ?? null,
  };
}

export async function getOverview(ctx: RequestContext, input: { clusterId: string }): Promise<CapacityOverviewDto> {
  authorizeRead(ctx);
  const { clusterId } = clusterIdSchema.parse(input);
  const cluster = await requireCluster(clusterId);
  const latest = await repo.latestSnapshot(db(), clusterId);
  if (!latest) return { clusterId, clusterName: cluster.name, takenAt: null, cluster: null, trends: [], hints: [], hintsTotal: 0, snapshotDays: 0 };
  return memoizedOverview(clusterId, cluster.name, latest);
}

/** The figures change only with a new daily snapshot (or a renamed cluster): computed once per snapshot. */
function memoizedOverview(clusterId: string, clusterName: string, latest: { day: Date; takenAt: Date }): Promise<CapacityOverviewDto> {
  return overviewMemo.get(clusterId, async () => `${latest.takenAt.getTime()}|${clusterName}`, () => overviewOf(clusterId, clusterName, latest.day));
}

/**
 * The Overview's fleet card: for every enabled cluster the headline of its
 * newest snapshot (headroom against allocatable, and when CPU or memory runs
 * out), from the same per-snapshot memo as getOverview (memoizedOverview). One call for the fleet
 * instead of one overview per cluster, each with 180 days of series and up to
 * 100 right-sizing hints that the card never shows.
 */
export async function getFleet(ctx: RequestContext): Promise<CapacityHeadlineDto[]> {
  authorizeRead(ctx);
  const clusters = await repo.enabledClustersWithLatestSnapshot(db());
  return Promise.all(
    clusters.map(async ({ id, name, day, takenAt }): Promise<CapacityHeadlineDto> => {
      if (!day || !takenAt) return { clusterId: id, takenAt: null, cluster: null, trends: [] };
      const o = await memoizedOverview(id, name, { day, takenAt });
      return {
        clusterId: id,
        takenAt: o.takenAt,
        cluster: o.cluster && { allocatable: o.cluster.allocatable, headroom: o.cluster.headroom },
        trends: o.trends.map((t) => ({ resource: t.resource, firstRunOut: t.firstRunOut })),
      };
    }),
  );
}

// Per cluster, the overview of its newest snapshot: 90 days of series and two forecasts per request otherwise.
const overviewMemo = freshMemo<CapacityOverviewDto>({ freshMs: 24 * 3_600_000, staleMs: 24 * 3_600_000, max: 500 });

async function overviewOf(clusterId: string, clusterName: string, latest: Date): Promise<CapacityOverviewDto> {
  const series = await repo.clusterSeries(db(), clusterId, new Date(latest.getTime() - TREND_DAYS * DAY_MS));
  const current = series[series.length - 1]!;
  const d = (current.details ?? {}) as J;
  const charged = res(d.charged);
  return {
    clusterId,
    clusterName,
    takenAt: current.takenAt,
    cluster: {
      nodes: num(d.nodes),
      schedulableNodes: num(d.schedulableNodes),
      allocatable: { cpu: current.allocatableCpu, memory: current.allocatableMemory },
      requested: { cpu: current.requestedCpu, memory: current.requestedMemory },
      limits: { cpu: current.limitsCpu, memory: current.limitsMemory },
      used: current.usedCpu !== null && current.usedMemory !== null ? { cpu: current.usedCpu, memory: current.usedMemory } : null,
      headroom: res(d.headroom),
      largestFreeNode: res(d.largestFreeNode),
      pods: current.pods,
      podsAllocatable: num(d.podsAllocatable),
      pending: { pods: num((d.pending as J | undefined)?.pods), requested: res((d.pending as J | undefined)?.requested) },
      nodesWithMetrics: num(d.nodesWithMetrics),
      charged,
      monthlyCost: monthlyCost(charged),
    },
    trends: [trend('cpu', series), trend('memory', series)],
    hints: Array.isArray(d.hints) ? (d.hints as RightSizingHintDto[]) : [],
    hintsTotal: num(d.hintsTotal),
    snapshotDays: series.length,
  };
}

export async function listNodes(ctx: RequestContext, input: CapacityPageInput): Promise<{ rows: CapacityRowDto[]; total: number; takenAt: Date | null }> {
  return listScope(ctx, input, 'node');
}

export async function listNamespaces(ctx: RequestContext, input: CapacityPageInput): Promise<{ rows: CapacityRowDto[]; total: number; takenAt: Date | null }> {
  return listScope(ctx, input, 'namespace');
}

async function listScope(ctx: RequestContext, input: CapacityPageInput, scope: 'node' | 'namespace') {
  authorizeRead(ctx);
  const filter = capacityPageSchema.parse(input);
  await requireCluster(filter.clusterId);
  const latest = (await repo.latestSnapshot(db(), filter.clusterId))?.day ?? null;
  if (!latest) return { rows: [], total: 0, takenAt: null };
  const { rows, total } = await repo.pageOfDay(db(), filter.clusterId, latest, scope, filter);
  return { rows: rows.map(toRowDto), total, takenAt: rows[0]?.takenAt ?? null };
}

