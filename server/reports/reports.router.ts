import { procedureFor, router } from '../trpc/init';
import { reportInputSchema } from './reports.schema';
import * as service from './reports.service';

// Thin: reports are for those with reports.view (executives, admins).
const reports = procedureFor('reports.view');

export const reportsRouter = router({
  monthly: reports.input(reportInputSchema).query(({ ctx, input }) => service.monthlyReport(ctx.request, input)),
});
