import { procedureFor, router } from '../trpc/init';
import { clusterRefSchema, namespaceListSchema, nodeListSchema, workloadListSchema, workloadRefSchema } from './inventory.schema';
import * as service from './inventory.service';

const read = procedureFor('app.read');

// Read-only inventory browsing for the cluster pages (registration and sync
// status live in the clusters router).
export const inventoryRouter = router({
  summary: read.input(clusterRefSchema).query(({ ctx, input }) => service.summary(ctx.request, input)),
  zones: read.input(clusterRefSchema).query(({ ctx, input }) => service.zoneList(ctx.request, input)),
  nodes: read.input(nodeListSchema).query(({ ctx, input }) => service.nodes(ctx.request, input)),
  namespaces: read.input(namespaceListSchema).query(({ ctx, input }) => service.namespaces(ctx.request, input)),
  workloads: read.input(workloadListSchema).query(({ ctx, input }) => service.workloads(ctx.request, input)),
  workload: read.input(workloadRefSchema).query(({ ctx, input }) => service.workload(ctx.request, input)),
});
