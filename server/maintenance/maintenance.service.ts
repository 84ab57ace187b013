import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import { DomainError } from '../errors';
import { freshMemo } from '../lib/fresh-memo';
import { clusterExists, enabledClusterVersions, inventoryVersion, maintenanceNodes, maintenanceNodesOf } from '../inventory/inventory.service';
import { EOL_SOURCE, maintenanceSummary, nodeMaintenance, skewCounts } from './maintenance.compute';
import { maintenanceInputSchema, type MaintenanceDto, type MaintenanceFleetDto, type MaintenanceInput } from './maintenance.schema';

/** A node's version facts as the inventory stores them. */
type NodeRecord = Awaited<ReturnType<typeof maintenanceNodes>>[number];

function judgeNodes(controlPlane: string | null, raw: readonly NodeRecord[], now: Date) {
  return nodeMaintenance(
    controlPlane,
    raw.map((n) => ({
      name: n.name,
      zone: n.zone,
      kubeletVersion: n.nodeInfo?.kubeletVersion ?? null,
      osImage: n.nodeInfo?.osImage ?? null,
      kernelVersion: n.nodeInfo?.kernelVersion ?? null,
      containerRuntimeVersion: n.nodeInfo?.containerRuntimeVersion ?? null,
      architecture: n.nodeInfo?.architecture ?? null,
      createdAt: n.creationTimestamp,
    })),
    now,
  );
}

export async function getMaintenance(ctx: RequestContext, input: MaintenanceInput, now = new Date()): Promise<MaintenanceDto> {
  authorize(ctx, 'app.read', 'You may not view cluster maintenance');
  const f = maintenanceInputSchema.parse(input);
  const cluster = await clusterExists(f.clusterId);
  if (!cluster) throw new DomainError('NOT_FOUND', 'No such cluster');
  const all = judgeNodes(cluster.serverGitVersion, await maintenanceNodes(f.clusterId), now);
  const search = f.search?.toLowerCase();
  // Worst first: violations, then warnings, then unknown, then the rest by name.
  const rank = { violation: 0, warning: 1, unknown: 2, ok: 3 } as const;
  const rows = all
    .filter((n) => (!f.status || n.skew.status === f.status) && (!search || [n.name, n.kubeletVersion, n.osImage, n.kernelVersion].some((v) => v?.toLowerCase().includes(search))))
    .sort((a, b) => rank[a.skew.status] - rank[b.skew.status] || a.name.localeCompare(b.name));
  return {
    clusterName: cluster.name,
    summary: maintenanceSummary(cluster.serverGitVersion, all, now),
    eolSource: EOL_SOURCE,
    nodes: { rows: rows.slice((f.page - 1) * f.pageSize, f.page * f.pageSize), total: rows.length, page: f.page, pageSize: f.pageSize },
  };
}

// Skew depends on versions only (no clock): the fleet's counts hold until a node
// or a control-plane version changes; the minute bounds how long a clock-driven
// change to the rules (a new upstream release date) may wait.
const fleetMemo = freshMemo<MaintenanceFleetDto[]>({ freshMs: 60_000, staleMs: 10 * 60_000, max: 1 });

/**
 * The Overview's fleet card: version-skew counts for every enabled cluster in
 * one call (one read of every node), instead of a maintenance page per cluster.
 */
export async function getFleet(ctx: RequestContext, now = new Date()): Promise<MaintenanceFleetDto[]> {
  authorize(ctx, 'app.read', 'You may not view cluster maintenance');
  const clusters = await enabledClusterVersions();
  const version = async () => `${await inventoryVersion(['Node'])}|${clusters.map((c) => `${c.id}=${c.serverGitVersion ?? ''}`).join(',')}`;
  return fleetMemo.get('*', version, async () => {
    const byCluster = Map.groupBy(await maintenanceNodesOf(clusters.map((c) => c.id)), (n) => n.clusterId);
    return clusters.map((c) => ({ clusterId: c.id, skew: skewCounts(judgeNodes(c.serverGitVersion, byCluster.get(c.id) ?? [], now)) }));
  });
}
