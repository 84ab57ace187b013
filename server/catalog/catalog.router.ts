import { procedureFor, router } from '../trpc/init';
import {
  createServiceSchema,
  serviceFilterSchema,
  serviceIdSchema,
  serviceSlugSchema,
  updateServiceSchema,
} from './catalog.schema';
import * as service from './catalog.service';
import { serviceKeySchema } from './service-page.schema';
import { getServicePage } from './service-page.service';

const read = procedureFor('app.read');
const manage = procedureFor('catalog.manage');

export const catalogRouter = router({
  list: read.input(serviceFilterSchema).query(({ ctx, input }) => service.listServices(ctx.request, input)),
  /** The service page: SLOs, readiness, on-call, incidents, alerts, post-mortems, runbooks. */
  page: read.input(serviceKeySchema).query(({ ctx, input }) => getServicePage(ctx.request, input)),
  get: read.input(serviceSlugSchema).query(({ ctx, input }) => service.getService(ctx.request, input)),
  create: manage.input(createServiceSchema).mutation(({ ctx, input }) => service.createService(ctx.request, input)),
  update: manage.input(updateServiceSchema).mutation(({ ctx, input }) => service.updateService(ctx.request, input)),
  delete: manage.input(serviceIdSchema).mutation(({ ctx, input }) => service.deleteService(ctx.request, input)),
});
