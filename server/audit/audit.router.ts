import { procedureFor, router } from '../trpc/init';
import { auditFilterSchema } from './audit.schema';
import { listAuditEntries } from './audit.service';

export const auditRouter = router({
  list: procedureFor('audit.view')
    .input(auditFilterSchema)
    .query(({ ctx, input }) => listAuditEntries(ctx.request, input)),
});
