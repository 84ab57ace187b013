import { procedureFor, router } from '../trpc/init';
import { certificatesFilterSchema } from './certificates.schema';
import * as service from './certificates.service';

// Thin: everyone who reads Runwell sees the certificates.
const read = procedureFor('app.read');

export const certificatesRouter = router({
  page: read.input(certificatesFilterSchema).query(({ ctx, input }) => service.certificatesPage(ctx.request, input)),
});
