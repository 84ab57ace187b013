import { z } from 'zod';
import { procedureFor, router } from '../trpc/init';
import { createTokenSchema } from './tokens.schema';
import * as service from './tokens.service';
import { idText } from '../lib/text';

const admin = procedureFor('token.manage');

export const tokensRouter = router({
  list: admin.query(({ ctx }) => service.listTokens(ctx.request)),
  create: admin.input(createTokenSchema).mutation(({ ctx, input }) => service.createToken(ctx.request, input)),
  revoke: admin.input(z.object({ id: idText() })).mutation(({ ctx, input }) => service.revokeToken(ctx.request, input.id)),
});
