import { z } from 'zod';
import { idText } from '../lib/text';
import { procedureFor, router } from '../trpc/init';
import { approveSchema, changeIdSchema, classifyInputSchema, createChangeSchema, declareFreezeSchema, freezeIdSchema, gateQuerySchema, incidentChangesSchema, listChangesSchema, markCauseSchema, overrideSchema, transitionSchema } from './changes.schema';
import * as service from './changes.service';
import * as gate from './gate.service';
import * as links from './incident-links.service';
import { suggestTier } from './classify.service';
import * as freezes from './freezes.service';

// Thin: who may call each procedure, then the service (which checks again and
// narrows approvals to team leads, the CAB and VP/CISO).
const read = procedureFor('app.read');
const submit = procedureFor('change.submit');

export const changesRouter = router({
  list: read.input(listChangesSchema).query(({ ctx, input }) => service.listChanges(ctx.request, input)),
  get: read.input(changeIdSchema).query(({ ctx, input }) => service.getChange(ctx.request, input)),
  gate: read.input(gateQuerySchema).query(({ ctx, input }) => gate.previewGate(ctx.request, input)),
  freezes: read.input(z.object({ days: z.number().int().min(1).max(366).default(28) })).query(({ ctx, input }) => gate.freezeCalendarView(ctx.request, input.days)),
  dora: read.input(z.object({ days: z.number().int().min(1).max(365).default(28), service: idText().max(100).optional(), team: idText().max(100).optional() })).query(({ ctx, input }) => service.doraReport(ctx.request, input)),
  create: submit.input(createChangeSchema).mutation(({ ctx, input }) => service.createChange(ctx.request, input, 'ui')),
  transition: submit.input(transitionSchema).mutation(({ ctx, input }) => service.transitionChange(ctx.request, input)),
  inbox: procedureFor('change.approve').query(({ ctx }) => service.approvalInbox(ctx.request)),
  approve: procedureFor('change.approve').input(approveSchema).mutation(({ ctx, input }) => service.approveChange(ctx.request, input)),
  // A mutation only because the manifests may be large (no GET query string); it changes nothing.
  // Behind change.submit (mutations never sit behind the read permission): it serves the record form.
  classify: submit.input(classifyInputSchema).mutation(({ ctx, input }) => suggestTier(ctx.request, input)),
  declaredFreezes: read.query(({ ctx }) => freezes.listDeclaredFreezes(ctx.request)),
  declareFreeze: procedureFor('settings.manage').input(declareFreezeSchema).mutation(({ ctx, input }) => freezes.declareFreeze(ctx.request, input)),
  removeFreeze: procedureFor('settings.manage').input(freezeIdSchema).mutation(({ ctx, input }) => freezes.removeFreeze(ctx.request, input)),
  forIncident: read.input(incidentChangesSchema).query(({ ctx, input }) => links.changesForIncident(ctx.request, input)),
  markCause: procedureFor('incident.respond').input(markCauseSchema).mutation(({ ctx, input }) => links.markChangeCause(ctx.request, input)),
  override: procedureFor('change.override').input(overrideSchema).mutation(({ ctx, input }) => service.overrideChange(ctx.request, input)),
});
