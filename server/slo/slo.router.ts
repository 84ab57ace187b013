import { z } from 'zod';
import { DASHBOARD_SHARE_MS, procedureFor, router, sharedReadFor } from '../trpc/init';
import { createSloSchema, exportSlosSchema, importSlosSchema, sloFilterSchema, sloIdSchema, sloPageInputSchema, sloRulesSchema, updateSloSchema } from './slo-api.schema';
import * as service from './slo.service';
import * as goldens from './golden-signals.service';
import { goldenSignalsQuerySchema, saveGoldenSignalsSchema } from './golden-signals.schema';
import { idText } from '../lib/text';

// The Overview's reads, shared for a moment between everyone who may see them (server/lib/shared-reads.ts).
const dashboard = sharedReadFor('app.read', DASHBOARD_SHARE_MS);

const read = procedureFor('app.read');
const manage = procedureFor('slo.manage');

export const sloRouter = router({
  list: read.input(sloFilterSchema).query(({ ctx, input }) => service.listSlos(ctx.request, input)),
  page: read.input(sloPageInputSchema).query(({ ctx, input }) => service.sloPage(ctx.request, input)),
  overview: dashboard.query(({ ctx }) => service.sloOverview(ctx.request)),
  get: read.input(sloIdSchema).query(({ ctx, input }) => service.getSlo(ctx.request, input)),
  create: manage.input(createSloSchema).mutation(({ ctx, input }) => service.createSlo(ctx.request, input)),
  update: manage.input(updateSloSchema).mutation(({ ctx, input }) => service.updateSlo(ctx.request, input)),
  delete: manage.input(sloIdSchema).mutation(({ ctx, input }) => service.deleteSlo(ctx.request, input)),
  import: manage.input(importSlosSchema).mutation(({ ctx, input }) => service.importSlos(ctx.request, input)),
  importFromCluster: manage
    .input(z.object({ clusterId: idText().optional(), dataSourceId: idText().nullable().default(null), replace: z.boolean().default(true) }))
    .mutation(({ ctx, input }) => service.importFromCluster(ctx.request, input)),
  resample: manage.input(sloIdSchema).mutation(({ ctx, input }) => service.requestBackfill(ctx.request, input)),
  export: read.input(exportSlosSchema).query(({ ctx, input }) => service.exportSlos(ctx.request, input)),
  rules: read.input(sloRulesSchema).query(({ ctx, input }) => service.sloRules(ctx.request, input)),
  budgetPolicy: read.input(z.object({ serviceId: idText() })).query(({ ctx, input }) => service.budgetPolicy(ctx.request, input.serviceId)),
  goldenSignals: read.input(goldenSignalsQuerySchema).query(({ ctx, input }) => goldens.goldenSignals(ctx.request, input)),
  saveGoldenSignals: manage.input(saveGoldenSignalsSchema).mutation(({ ctx, input }) => goldens.saveGoldenSignals(ctx.request, input)),
});
