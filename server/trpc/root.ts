import { auditRouter } from '../audit/audit.router';
import { tokensRouter } from '../tokens/tokens.router';
import { usersRouter } from '../users/users.router';
import { router } from './init';

export const appRouter = router({
  audit: auditRouter,
  tokens: tokensRouter,
  users: usersRouter,
});

export type AppRouter = typeof appRouter;
