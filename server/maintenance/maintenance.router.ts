import { DASHBOARD_SHARE_MS, router, sharedReadFor } from '../trpc/init';
import { maintenanceInputSchema } from './maintenance.schema';
import * as service from './maintenance.service';

// The Overview's reads, shared for a moment between everyone who may see them (server/lib/shared-reads.ts).
const dashboard = sharedReadFor('app.read', DASHBOARD_SHARE_MS);

export const maintenanceRouter = router({
  fleet: dashboard.query(({ ctx }) => service.getFleet(ctx.request)),
  get: dashboard.input(maintenanceInputSchema).query(({ ctx, input }) => service.getMaintenance(ctx.request, input)),
});
