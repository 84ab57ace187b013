import { z } from 'zod';
import { DASHBOARD_SHARE_MS, procedureFor, router, sharedReadFor } from '../trpc/init';
import { domainStrip } from './strip.service';
import { listTemplatesSchema, saveTemplateSchema } from './promql-templates.schema';
import { listTemplates, saveTemplate } from './promql-templates.service';

// The Overview's reads, shared for a moment between everyone who may see them (server/lib/shared-reads.ts).
const dashboard = sharedReadFor('app.read', DASHBOARD_SHARE_MS);

const read = procedureFor('app.read');
const manage = procedureFor('settings.manage');

export const domainsRouter = router({
  strip: dashboard
    .input(z.object({ serviceId: z.string().min(1).max(100).optional() }).default({}))
    .query(({ ctx, input }) => domainStrip(ctx.request, input.serviceId ? { kind: 'service', serviceId: input.serviceId } : { kind: 'org' })),
  /** The PromQL the network, storage and performance domains run against one data source. */
  templates: read.input(listTemplatesSchema).query(({ ctx, input }) => listTemplates(ctx.request, input)),
  saveTemplate: manage.input(saveTemplateSchema).mutation(({ ctx, input }) => saveTemplate(ctx.request, input)),
});
