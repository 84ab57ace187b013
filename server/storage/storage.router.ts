import { procedureFor, router } from '../trpc/init';
import { storageFilterSchema } from './storage.schema';
import * as service from './storage.service';

// Thin: everyone who reads Runwell sees storage operations.
const read = procedureFor('app.read');

export const storageRouter = router({
  page: read.input(storageFilterSchema).query(({ ctx, input }) => service.storagePage(ctx.request, input)),
});
