import { z } from 'zod';
import { procedureFor, router } from '../trpc/init';
import * as service from './maturity.service';

// Thin: anyone who reads Runwell sees the assessment; running one on demand
// (which stores a snapshot) is for those who read reports.
const read = procedureFor('app.read');
const reports = procedureFor('reports.view');

export const maturityRouter = router({
  get: read.input(z.object({ days: z.number().int().min(7).max(365).default(90) }).default({ days: 90 })).query(({ ctx, input }) => service.getMaturity(ctx.request, input)),
  assess: reports.mutation(({ ctx }) => service.reassess(ctx.request)),
});
