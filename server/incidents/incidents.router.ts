import { z } from 'zod';
import { DASHBOARD_SHARE_MS, procedureFor, router, sharedReadFor } from '../trpc/init';
import {
  addNoteSchema,
  declareIncidentSchema,
  incidentFilterSchema,
  incidentIdSchema,
  linkAlertsSchema,
  pinEntrySchema,
  setRoleSchema,
  servicesSchema,
  setSeveritySchema,
  statusUpdateSchema,
  transitionInputSchema,
  unlinkServiceSchema,
} from './incidents.schema';
import * as console_ from './incident-console.service';
import * as service from './incidents.service';

// The Overview's reads, shared for a moment between everyone who may see them (server/lib/shared-reads.ts).
const dashboard = sharedReadFor('app.read', DASHBOARD_SHARE_MS);

const read = procedureFor('app.read');
const respond = procedureFor('incident.respond');
const command = procedureFor('incident.command');

export const incidentsRouter = router({
  list: dashboard.input(incidentFilterSchema).query(({ ctx, input }) => service.listIncidents(ctx.request, input)),
  people: read.query(({ ctx }) => service.listResponders(ctx.request)),
  get: read.input(incidentIdSchema).query(({ ctx, input }) => service.getIncident(ctx.request, input.id)),
  metrics: read
    .input(z.object({ from: z.coerce.date(), to: z.coerce.date() }))
    .query(({ ctx, input }) => service.incidentMetrics(ctx.request, input)),
  declare: command.input(declareIncidentSchema).mutation(({ ctx, input }) => service.declareIncident(ctx.request, input)),
  // Acknowledging (triage -> investigating) is open to responders; the service checks the rest.
  transition: respond.input(transitionInputSchema).mutation(({ ctx, input }) => service.transition(ctx.request, input)),
  setRole: command.input(setRoleSchema).mutation(({ ctx, input }) => service.setRole(ctx.request, input)),
  setSeverity: command.input(setSeveritySchema).mutation(({ ctx, input }) => service.setSeverity(ctx.request, input)),
  addNote: respond.input(addNoteSchema).mutation(({ ctx, input }) => service.addNote(ctx.request, input)),
  pin: respond.input(pinEntrySchema).mutation(({ ctx, input }) => service.pinEntry(ctx.request, input)),
  addServices: command.input(servicesSchema).mutation(({ ctx, input }) => console_.addServices(ctx.request, input)),
  removeService: command.input(unlinkServiceSchema).mutation(({ ctx, input }) => console_.removeService(ctx.request, input)),
  // The communications lead (a responder) or the commander; the service checks which.
  statusUpdate: respond.input(statusUpdateSchema).mutation(({ ctx, input }) => console_.postStatusUpdate(ctx.request, input)),
  linkAlerts: command.input(linkAlertsSchema).mutation(({ ctx, input }) => service.linkAlerts(ctx.request, input)),
});
