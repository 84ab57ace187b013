import { procedureFor, router } from '../trpc/init';
import { runbookIdSchema, runbookImportSchema, runbookInputSchema, runbookListSchema } from './runbooks-api.schema';
import * as service from './runbooks.service';

const read = procedureFor('app.read');
const manage = procedureFor('runbook.manage');

export const runbooksRouter = router({
  list: read.input(runbookListSchema).query(({ ctx, input }) => service.listRunbooks(ctx.request, input)),
  get: read.input(runbookIdSchema).query(({ ctx, input }) => service.getRunbook(ctx.request, input)),
  lint: read.query(({ ctx }) => service.lintRules(ctx.request)),
  save: manage.input(runbookInputSchema).mutation(({ ctx, input }) => service.saveRunbook(ctx.request, input)),
  delete: manage.input(runbookIdSchema).mutation(({ ctx, input }) => service.deleteRunbook(ctx.request, input)),
  import: manage.input(runbookImportSchema).mutation(({ ctx, input }) => service.importRunbooks(ctx.request, input)),
});
