import { z } from 'zod';
import { procedureFor, router } from '../trpc/init';
import { domainStrip } from './strip.service';

const read = procedureFor('app.read');

export const domainsRouter = router({
  strip: read
    .input(z.object({ serviceId: z.string().min(1).max(100).optional() }).default({}))
    .query(({ ctx, input }) => domainStrip(ctx.request, input.serviceId ? { kind: 'service', serviceId: input.serviceId } : { kind: 'org' })),
});
