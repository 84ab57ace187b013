import { DASHBOARD_SHARE_MS, procedureFor, router, sharedReadFor } from '../trpc/init';
import { clusterIdSchema, clusterRefSchema, createClusterSchema, kubeconfigContextsSchema, updateClusterSchema } from './clusters.schema';
import * as service from './clusters.service';

// The Overview's reads, shared for a moment between everyone who may see them (server/lib/shared-reads.ts).
const dashboard = sharedReadFor('app.read', DASHBOARD_SHARE_MS);

const read = procedureFor('app.read');
const manage = procedureFor('cluster.manage');

export const clustersRouter = router({
  list: dashboard.query(({ ctx }) => service.listClusters(ctx.request)),
  get: read.input(clusterRefSchema).query(({ ctx, input }) => service.getCluster(ctx.request, input)),
  syncStatus: read.input(clusterIdSchema).query(({ ctx, input }) => service.syncStatus(ctx.request, input)),
  kubeconfigContexts: manage.input(kubeconfigContextsSchema).mutation(({ ctx, input }) => service.kubeconfigContexts(ctx.request, input)),
  create: manage.input(createClusterSchema).mutation(({ ctx, input }) => service.createCluster(ctx.request, input)),
  update: manage.input(updateClusterSchema).mutation(({ ctx, input }) => service.updateCluster(ctx.request, input)),
  delete: manage.input(clusterIdSchema).mutation(({ ctx, input }) => service.deleteCluster(ctx.request, input)),
  test: manage.input(clusterIdSchema).mutation(({ ctx, input }) => service.testCluster(ctx.request, input)),
});
