import { DASHBOARD_SHARE_MS, procedureFor, router, sharedReadFor } from '../trpc/init';
import { capacityPageSchema, clusterIdSchema } from './capacity.schema';
import * as service from './capacity.service';

// The Overview's reads, shared for a moment between everyone who may see them (server/lib/shared-reads.ts).
const dashboard = sharedReadFor('app.read', DASHBOARD_SHARE_MS);

const read = procedureFor('app.read');

export const capacityRouter = router({
  fleet: dashboard.query(({ ctx }) => service.getFleet(ctx.request)),
  overview: dashboard.input(clusterIdSchema).query(({ ctx, input }) => service.getOverview(ctx.request, input)),
  nodes: read.input(capacityPageSchema).query(({ ctx, input }) => service.listNodes(ctx.request, input)),
  namespaces: read.input(capacityPageSchema).query(({ ctx, input }) => service.listNamespaces(ctx.request, input)),
});
