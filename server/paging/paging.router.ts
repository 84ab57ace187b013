import { procedureFor, router } from '../trpc/init';
import { channelIdSchema, channelInputSchema, pageActionSchema, pageFilterSchema, testChannelSchema } from './paging.schema';
import * as pages from './pages.service';
import * as service from './paging.service';

const read = procedureFor('app.read');
const respond = procedureFor('incident.respond');
const settings = procedureFor('settings.manage');

export const pagingRouter = router({
  pages: read.input(pageFilterSchema).query(({ ctx, input }) => pages.listPages(ctx.request, input)),
  /** The signed-in person's pages from the built-in inbox channel. */
  inbox: read.query(({ ctx }) => pages.inbox(ctx.request)),
  page: read.input(channelIdSchema).query(({ ctx, input }) => pages.getPage(ctx.request, input.id)),
  acknowledge: respond.input(pageActionSchema).mutation(({ ctx, input }) => pages.acknowledgePage(ctx.request, input)),
  resolve: respond.input(pageActionSchema).mutation(({ ctx, input }) => pages.resolvePage(ctx.request, input)),
  channels: settings.query(({ ctx }) => service.listChannels(ctx.request)),
  saveChannel: settings.input(channelInputSchema).mutation(({ ctx, input }) => service.saveChannel(ctx.request, input)),
  deleteChannel: settings.input(channelIdSchema).mutation(({ ctx, input }) => service.deleteChannel(ctx.request, input)),
  testChannel: settings.input(testChannelSchema).mutation(({ ctx, input }) => service.testChannel(ctx.request, input)),
});
