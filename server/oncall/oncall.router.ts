import { procedureFor, router } from '../trpc/init';
import { businessHoursInputSchema, idSchema, oncallViewSchema, overrideInputSchema, policyInputSchema, scheduleInputSchema } from './oncall-api.schema';
import * as service from './oncall.service';

const read = procedureFor('app.read');
const manage = procedureFor('catalog.manage');
const respond = procedureFor('incident.respond');

export const oncallRouter = router({
  overview: read.input(oncallViewSchema).query(({ ctx, input }) => service.oncallOverview(ctx.request, input)),
  saveSchedule: manage.input(scheduleInputSchema).mutation(({ ctx, input }) => service.saveSchedule(ctx.request, input)),
  deleteSchedule: manage.input(idSchema).mutation(({ ctx, input }) => service.deleteSchedule(ctx.request, input)),
  addOverride: respond.input(overrideInputSchema).mutation(({ ctx, input }) => service.addOverride(ctx.request, input)),
  deleteOverride: respond.input(idSchema).mutation(({ ctx, input }) => service.deleteOverride(ctx.request, input)),
  savePolicy: manage.input(policyInputSchema).mutation(({ ctx, input }) => service.savePolicy(ctx.request, input)),
  deletePolicy: manage.input(idSchema).mutation(({ ctx, input }) => service.deletePolicy(ctx.request, input)),
  setBusinessHours: manage.input(businessHoursInputSchema).mutation(({ ctx, input }) => service.setBusinessHours(ctx.request, input)),
});
