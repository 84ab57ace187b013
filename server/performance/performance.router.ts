import { procedureFor, router } from '../trpc/init';
import { performanceFilterSchema } from './performance.schema';
import * as service from './performance.service';

// Thin: everyone who reads Runwell sees performance.
const read = procedureFor('app.read');

export const performanceRouter = router({
  page: read.input(performanceFilterSchema).query(({ ctx, input }) => service.performancePage(ctx.request, input)),
});
