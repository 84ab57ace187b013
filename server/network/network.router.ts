import { procedureFor, router } from '../trpc/init';
import { networkFilterSchema } from './network.schema';
import * as service from './network.service';

// Thin: everyone who reads Runwell sees network operations.
const read = procedureFor('app.read');

export const networkRouter = router({
  page: read.input(networkFilterSchema).query(({ ctx, input }) => service.networkPage(ctx.request, input)),
});
