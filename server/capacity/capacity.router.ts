import { procedureFor, router } from '../trpc/init';
import { capacityPageSchema, clusterIdSchema } from './capacity.schema';
import * as service from './capacity.service';

const read = procedureFor('app.read');

export const capacityRouter = router({
  overview: read.input(clusterIdSchema).query(({ ctx, input }) => service.getOverview(ctx.request, input)),
  nodes: read.input(capacityPageSchema).query(({ ctx, input }) => service.listNodes(ctx.request, input)),
  namespaces: read.input(capacityPageSchema).query(({ ctx, input }) => service.listNamespaces(ctx.request, input)),
});
