import { procedureFor, router } from '../trpc/init';
import { reportInputSchema } from './reports.schema';
import { reportScheduleInputSchema } from './schedule.schema';
import * as service from './reports.service';
import * as schedule from './schedule.service';

// Thin: reports are for those with reports.view (executives, admins).
const reports = procedureFor('reports.view');
// The monthly e-mail's schedule and sends: admins (settings.manage), audited in the service.
const settings = procedureFor('settings.manage');

export const reportsRouter = router({
  monthly: reports.input(reportInputSchema).query(({ ctx, input }) => service.monthlyReport(ctx.request, input)),
  schedule: settings.query(({ ctx }) => schedule.getReportSchedule(ctx.request)),
  saveSchedule: settings.input(reportScheduleInputSchema).mutation(({ ctx, input }) => schedule.saveReportSchedule(ctx.request, input)),
  sends: settings.query(({ ctx }) => schedule.listReportSends(ctx.request)),
});
