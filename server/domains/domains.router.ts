import { z } from 'zod';
import { procedureFor, router } from '../trpc/init';
import { domainStrip } from './strip.service';
import { listTemplatesSchema, saveTemplateSchema } from './promql-templates.schema';
import { listTemplates, saveTemplate } from './promql-templates.service';

const read = procedureFor('app.read');
const manage = procedureFor('settings.manage');

export const domainsRouter = router({
  strip: read
    .input(z.object({ serviceId: z.string().min(1).max(100).optional() }).default({}))
    .query(({ ctx, input }) => domainStrip(ctx.request, input.serviceId ? { kind: 'service', serviceId: input.serviceId } : { kind: 'org' })),
  /** The PromQL the network, storage and performance domains run against one data source. */
  templates: read.input(listTemplatesSchema).query(({ ctx, input }) => listTemplates(ctx.request, input)),
  saveTemplate: manage.input(saveTemplateSchema).mutation(({ ctx, input }) => saveTemplate(ctx.request, input)),
});
