import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import { DomainError } from '../errors';
import { clusterExists, maintenanceNodes } from '../inventory/inventory.service';
import { EOL_SOURCE, maintenanceSummary, nodeMaintenance } from './maintenance.compute';
import { maintenanceInputSchema, type MaintenanceDto, type MaintenanceInput } from './maintenance.schema';

export async function getMaintenance(ctx: RequestContext, input: MaintenanceInput, now = new Date()): Promise<MaintenanceDto> {
  authorize(ctx, 'app.read', 'You may not view cluster maintenance');
  const f = maintenanceInputSchema.parse(input);
  const cluster = await clusterExists(f.clusterId);
  if (!cluster) throw new DomainError('NOT_FOUND', 'No such cluster');
  const raw = await maintenanceNodes(f.clusterId);
  const all = nodeMaintenance(
    cluster.serverGitVersion,
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
