import { procedureFor, router } from '../trpc/init';
import { createDataSourceSchema, dataSourceIdSchema, testDataSourceSchema, updateDataSourceSchema } from './datasources.schema';
import * as service from './datasources.service';

const read = procedureFor('app.read');
const manage = procedureFor('settings.manage');

export const dataSourcesRouter = router({
  list: read.query(({ ctx }) => service.listDataSources(ctx.request)),
  create: manage.input(createDataSourceSchema).mutation(({ ctx, input }) => service.createDataSource(ctx.request, input)),
  update: manage.input(updateDataSourceSchema).mutation(({ ctx, input }) => service.updateDataSource(ctx.request, input)),
  delete: manage.input(dataSourceIdSchema).mutation(({ ctx, input }) => service.deleteDataSource(ctx.request, input)),
  test: manage.input(testDataSourceSchema).mutation(({ ctx, input }) => service.testConnection(ctx.request, input)),
});
