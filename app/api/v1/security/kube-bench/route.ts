import { importKubeBench } from '@/server/hardening/hardening.service';
import { restRoute } from '@/server/http/rest';
import { MB } from '@/server/security/http';

// POST /api/v1/security/kube-bench?cluster=C&node=N[&runAt=ISO]
// Body: kube-bench's JSON output as it is (`kube-bench run --json`), e.g.
//   curl --data-binary @results.json -H 'Authorization: Bearer rw_...' \
//     'https://runwell/api/v1/security/kube-bench?cluster=prod&node=worker-1'
// Who may call: an API token with the `security` scope, or a signed-in
// engineer and up (security.import, checked by the service). 201 with the run's
// score, the node's previous score and whether it dropped; 400 names the field
// of the file (Controls[0].tests[1].results[2].status) or the query parameter
// (docs/domains.md "Security hardening", docs/api.md).
export const POST = restRoute({
  route: '/api/v1/security/kube-bench',
  scope: 'security',
  body: { maxBytes: 5 * MB, hint: 'kube-bench results above 5 MB are refused' },
  status: 201,
  unavailable: 'Security import unavailable; retry',
  call: ({ ctx, query, body, now }) => importKubeBench(ctx, query, body, 'api', now),
});
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
