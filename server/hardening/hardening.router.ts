import { procedureFor, router } from '../trpc/init';
import * as service from './hardening.service';

// Thin: anyone who reads Runwell sees the security page. Uploading kube-bench
// results goes through POST /api/v1/security/kube-bench or the CLI.
const read = procedureFor('app.read');

export const hardeningRouter = router({
  overview: read.query(({ ctx }) => service.getSecurityOverview(ctx.request)),
});
