import { DASHBOARD_SHARE_MS, procedureFor, router, sharedReadFor } from '../trpc/init';
import { businessHoursInputSchema, idSchema, oncallViewSchema, overrideInputSchema, policyInputSchema, scheduleInputSchema } from './oncall-api.schema';
import * as service from './oncall.service';

// The Overview's reads, shared for a moment between everyone who may see them (server/lib/shared-reads.ts).
const dashboard = sharedReadFor('app.read', DASHBOARD_SHARE_MS);

const manage = procedureFor('catalog.manage');
const respond = procedureFor('incident.respond');

export const oncallRouter = router({
  overview: dashboard.input(oncallViewSchema).query(({ ctx, input }) => service.oncallOverview(ctx.request, input)),
  saveSchedule: manage.input(scheduleInputSchema).mutation(({ ctx, input }) => service.saveSchedule(ctx.request, input)),
  deleteSchedule: manage.input(idSchema).mutation(({ ctx, input }) => service.deleteSchedule(ctx.request, input)),
  addOverride: respond.input(overrideInputSchema).mutation(({ ctx, input }) => service.addOverride(ctx.request, input)),
  deleteOverride: respond.input(idSchema).mutation(({ ctx, input }) => service.deleteOverride(ctx.request, input)),
  savePolicy: manage.input(policyInputSchema).mutation(({ ctx, input }) => service.savePolicy(ctx.request, input)),
  deletePolicy: manage.input(idSchema).mutation(({ ctx, input }) => service.deletePolicy(ctx.request, input)),
  setBusinessHours: manage.input(businessHoursInputSchema).mutation(({ ctx, input }) => service.setBusinessHours(ctx.request, input)),
});
