import { procedureFor, router } from '../trpc/init';
import { maintenanceInputSchema } from './maintenance.schema';
import * as service from './maintenance.service';

export const maintenanceRouter = router({
  get: procedureFor('app.read').input(maintenanceInputSchema).query(({ ctx, input }) => service.getMaintenance(ctx.request, input)),
});
