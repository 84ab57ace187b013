import { procedureFor, router } from '../trpc/init';
import { jobRunsInputSchema } from './system.schema';
import * as service from './system.service';

const reader = procedureFor('app.read');

export const systemRouter = router({
  status: reader.query(({ ctx }) => service.getSystemStatus(ctx.request)),
  jobRuns: reader.input(jobRunsInputSchema).query(({ ctx, input }) => service.listJobRuns(ctx.request, input)),
});
