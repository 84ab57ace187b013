import { procedureFor, router } from '../trpc/init';
import { recoveryTargetsSchema } from '../catalog/catalog.schema';
import { drFilterSchema, recordDrillSchema } from './dr.schema';
import * as service from './dr.service';

// Thin: everyone reads; engineers and up record drills (dr.drill); RTO/RPO
// are catalog data (catalog.manage).
const read = procedureFor('app.read');

export const drRouter = router({
  page: read.input(drFilterSchema).query(({ ctx, input }) => service.drPage(ctx.request, input)),
  recordDrill: procedureFor('dr.drill').input(recordDrillSchema).mutation(({ ctx, input }) => service.recordDrill(ctx.request, input)),
  setTargets: procedureFor('catalog.manage').input(recoveryTargetsSchema).mutation(({ ctx, input }) => service.setTargets(ctx.request, input)),
});
