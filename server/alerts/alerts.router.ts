import { z } from 'zod';
import { DASHBOARD_SHARE_MS, procedureFor, router, sharedReadFor } from '../trpc/init';
import { ALERT_STATUSES, serviceRulesSchema } from './alerts.schema';
import * as service from './alerts.service';
import { qualityReport } from './quality.service';
import { idText, text } from '../lib/text';

// The Overview's reads, shared for a moment between everyone who may see them (server/lib/shared-reads.ts).
const dashboard = sharedReadFor('app.read', DASHBOARD_SHARE_MS);

const read = procedureFor('app.read');
const settings = procedureFor('settings.manage');

export const alertsRouter = router({
  list: dashboard
    .input(
      z
        .object({
          status: z.enum(ALERT_STATUSES).optional(),
          teamId: idText().optional(),
          serviceId: idText().optional(),
          search: text().trim().max(200).optional(),
          limit: z.number().int().min(1).max(500).default(200),
        })
        .default({ limit: 200 }),
    )
    .query(({ ctx, input }) => service.listAlertsFor(ctx.request, input)),
  firing: dashboard.input(z.object({ newest: z.number().int().min(0).max(50).default(5) }).default({ newest: 5 })).query(({ ctx, input }) => service.firingSummary(ctx.request, input.newest)),
  get: read.input(z.object({ id: idText() })).query(({ ctx, input }) => service.getAlert(ctx.request, input.id)),
  deliveries: settings.input(z.object({ limit: z.number().int().min(1).max(200).default(50) }).default({ limit: 50 })).query(({ ctx, input }) => service.listDeliveries(ctx.request, input.limit)),
  rules: read.query(({ ctx }) => service.getMappingRules(ctx.request)),
  quality: read
    .input(z.object({ teamId: idText().optional(), weeks: z.number().int().min(1).max(26).default(8) }).default({ weeks: 8 }))
    .query(({ ctx, input }) => qualityReport(ctx.request, input)),
  setRules: settings.input(serviceRulesSchema).mutation(({ ctx, input }) => service.setMappingRules(ctx.request, input)),
});
