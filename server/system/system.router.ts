import { DASHBOARD_SHARE_MS, procedureFor, router, sharedReadFor } from '../trpc/init';
import { jobRunsInputSchema } from './system.schema';
import * as service from './system.service';

// The Overview's reads, shared for a moment between everyone who may see them (server/lib/shared-reads.ts).
const dashboard = sharedReadFor('app.read', DASHBOARD_SHARE_MS);

const reader = procedureFor('app.read');

export const systemRouter = router({
  status: dashboard.query(({ ctx }) => service.getSystemStatus(ctx.request)),
  jobRuns: reader.input(jobRunsInputSchema).query(({ ctx, input }) => service.listJobRuns(ctx.request, input)),
});
