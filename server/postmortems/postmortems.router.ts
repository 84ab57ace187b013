import { z } from 'zod';
import { DASHBOARD_SHARE_MS, procedureFor, router, sharedReadFor } from '../trpc/init';
import * as actions from './action-items.service';
import {
  actionItemFilterSchema,
  chainRefSchema,
  createActionItemSchema,
  incidentRefSchema,
  postmortemFilterSchema,
  postmortemIdSchema,
  reasonSchema,
  reviewSchema,
  saveSectionsSchema,
  serviceChainsSchema,
  setOwnerSchema,
  submitSchema,
  updateActionItemSchema,
} from './postmortems.schema';
import * as chains from './chain.service';
import * as review from './postmortem-review.service';
import * as service from './postmortems.service';
import * as templates from './template.service';
import { saveTemplateSchema, templateRefSchema } from './template.schema';
import * as seen from './seen-before.service';

// The Overview's reads, shared for a moment between everyone who may see them (server/lib/shared-reads.ts).
const dashboard = sharedReadFor('postmortem.read', DASHBOARD_SHARE_MS);

// Thin: who may call each procedure, then the service (which checks again,
// and hides drafts from viewers and executives).
const read = procedureFor('postmortem.read');
const respond = procedureFor('incident.respond');
const write = procedureFor('postmortem.write');
const admin = procedureFor('settings.manage');
const appRead = procedureFor('app.read');

export const postmortemsRouter = router({
  open: read.input(incidentRefSchema).query(({ ctx, input }) => service.openPostmortem(ctx.request, input.incidentId)),
  seenBefore: read.input(incidentRefSchema).query(({ ctx, input }) => seen.seenBefore(ctx.request, input.incidentId)),
  // The linked timeline: change -> burn -> alert -> page -> incident -> post-mortem -> action items.
  chain: appRead.input(chainRefSchema).query(({ ctx, input }) => chains.incidentChain(ctx.request, input)),
  serviceChains: appRead.input(serviceChainsSchema).query(({ ctx, input }) => chains.serviceChains(ctx.request, input)),
  list: dashboard.input(postmortemFilterSchema).query(({ ctx, input }) => service.listPostmortems(ctx.request, input)),
  revision: read.input(z.object({ id: z.string().min(1), version: z.number().int().min(1) })).query(({ ctx, input }) => service.revision(ctx.request, input)),
  completion: read.input(z.object({ days: z.number().int().min(1).max(365).default(28) })).query(({ ctx, input }) => actions.completionReport(ctx.request, input)),
  actionItems: read.input(actionItemFilterSchema).query(({ ctx, input }) => actions.listActionItems(ctx.request, input)),
  save: write.input(saveSectionsSchema).mutation(({ ctx, input }) => service.saveSections(ctx.request, input)),
  submit: write.input(submitSchema).mutation(({ ctx, input }) => review.move(ctx.request, 'submit', input)),
  withdraw: write.input(postmortemIdSchema).mutation(({ ctx, input }) => review.move(ctx.request, 'withdraw', input)),
  approve: respond.input(reviewSchema.omit({ decision: true })).mutation(({ ctx, input }) => review.move(ctx.request, 'approve', input)),
  requestChanges: respond.input(reviewSchema.omit({ decision: true })).mutation(({ ctx, input }) => review.move(ctx.request, 'request_changes', input)),
  publish: write.input(postmortemIdSchema).mutation(({ ctx, input }) => review.move(ctx.request, 'publish', input)),
  reopen: write.input(postmortemIdSchema).mutation(({ ctx, input }) => review.move(ctx.request, 'reopen', input)),
  setOwner: write.input(setOwnerSchema).mutation(({ ctx, input }) => review.setOwner(ctx.request, input)),
  notNeeded: write.input(reasonSchema).mutation(({ ctx, input }) => review.markNotNeeded(ctx.request, input)),
  request: respond.input(postmortemIdSchema).mutation(({ ctx, input }) => review.requestPostmortem(ctx.request, input)),
  createActionItem: write.input(createActionItemSchema).mutation(({ ctx, input }) => actions.createActionItem(ctx.request, input)),
  // The organisation's template (Settings -> Post-mortems): admins only.
  templates: admin.query(({ ctx }) => templates.getTemplates(ctx.request)),
  saveTemplate: admin.input(saveTemplateSchema).mutation(({ ctx, input }) => templates.saveTemplate(ctx.request, input)),
  resetTemplate: admin.input(templateRefSchema).mutation(({ ctx, input }) => templates.resetTemplate(ctx.request, input)),
  updateActionItem: respond.input(updateActionItemSchema).mutation(({ ctx, input }) => actions.updateActionItem(ctx.request, input)),
});
