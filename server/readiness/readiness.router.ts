import { DASHBOARD_SHARE_MS, procedureFor, router, sharedReadFor } from '../trpc/init';
import {
  decideExemptionSchema,
  evaluateInputSchema,
  exemptionFilterSchema,
  exemptionIdSchema,
  kyvernoInputSchema,
  overviewInputSchema,
  requestExemptionSchema,
  workloadRefSchema,
} from './readiness-api.schema';
import * as exemptions from './exemption.service';
import * as service from './readiness.service';

// The Overview's reads, shared for a moment between everyone who may see them (server/lib/shared-reads.ts).
const dashboard = sharedReadFor('app.read', DASHBOARD_SHARE_MS);

const read = procedureFor('app.read');
const exempt = procedureFor('readiness.exempt');
const approve = procedureFor('readiness.approve');

export const readinessRouter = router({
  overview: dashboard.input(overviewInputSchema).query(({ ctx, input }) => service.getOverview(ctx.request, input)),
  workload: read.input(workloadRefSchema).query(({ ctx, input }) => service.getWorkload(ctx.request, input)),
  kyverno: read.input(kyvernoInputSchema).query(({ ctx, input }) => service.kyvernoExport(ctx.request, input)),
  evaluate: procedureFor('cluster.manage').input(evaluateInputSchema).mutation(({ ctx, input }) => service.evaluateClusterNow(ctx.request, input)),
  exemptions: router({
    list: read.input(exemptionFilterSchema).query(({ ctx, input }) => exemptions.listExemptions(ctx.request, input)),
    get: read.input(exemptionIdSchema).query(({ ctx, input }) => exemptions.getExemption(ctx.request, input)),
    request: exempt.input(requestExemptionSchema).mutation(({ ctx, input }) => exemptions.requestExemption(ctx.request, input)),
    // Requesters may withdraw their own; the service decides who else may revoke.
    revoke: exempt.input(decideExemptionSchema).mutation(({ ctx, input }) => exemptions.revokeExemption(ctx.request, input)),
    approve: approve.input(decideExemptionSchema).mutation(({ ctx, input }) => exemptions.approveExemption(ctx.request, input)),
    reject: approve.input(decideExemptionSchema).mutation(({ ctx, input }) => exemptions.rejectExemption(ctx.request, input)),
  }),
});
