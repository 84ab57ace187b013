import { z } from 'zod';
import { procedureFor, router } from '../trpc/init';
import { deleteToilSchema, logToilSchema, toilSettingsSchema } from './toil.schema';
import * as service from './toil.service';

// Thin: reading the toil budget is app.read; logging is toil.log; a team's
// settings are toil.configure (narrowed to the team's leads for engineers in the service).
const read = procedureFor('app.read');
const log = procedureFor('toil.log');
const configure = procedureFor('toil.configure');

export const toilRouter = router({
  overview: read.input(z.object({ sprints: z.number().int().min(1).max(26).default(8) }).default({ sprints: 8 })).query(({ ctx, input }) => service.getToilOverview(ctx.request, input)),
  log: log.input(logToilSchema).mutation(({ ctx, input }) => service.logToil(ctx.request, input, 'ui')),
  deleteEntry: log.input(deleteToilSchema).mutation(({ ctx, input }) => service.deleteToilEntry(ctx.request, input)),
  saveSettings: configure.input(toilSettingsSchema).mutation(({ ctx, input }) => service.updateToilSettings(ctx.request, input)),
});
