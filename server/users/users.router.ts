import { z } from 'zod';
import { procedureFor, router } from '../trpc/init';
import { createUserSchema, resetPasswordSchema, updateUserSchema } from './users.schema';
import * as service from './users.service';

const admin = procedureFor('user.manage');

export const usersRouter = router({
  list: admin.query(({ ctx }) => service.listUsers(ctx.request)),
  create: admin.input(createUserSchema).mutation(({ ctx, input }) => service.createUser(ctx.request, input)),
  update: admin.input(updateUserSchema).mutation(({ ctx, input }) => service.updateUser(ctx.request, input)),
  resetPassword: admin
    .input(resetPasswordSchema)
    .mutation(({ ctx, input }) => service.resetPassword(ctx.request, input).then(() => ({ ok: true }))),
  me: procedureFor('app.read').input(z.void()).query(({ ctx }) => ctx.actor),
});
