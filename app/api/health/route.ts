import { timed } from '@/server/observability/metrics';
import { healthHttpStatus, healthJson } from '@/server/system/system.compute';
import { checkHealth } from '@/server/system/system.service';

// Public on purpose: load balancers and Kubernetes readiness/liveness probes
// call it without credentials. It reveals only up/down, a latency, the number of
// live workers and the last heartbeat time: no hosts, versions, errors or secrets.
// 200 when the database and the queue answer; 503 ("degraded") otherwise, so a
// probe takes the instance out of rotation. A stale heartbeat (workers down) is
// reported but does not fail the probe: restarting web pods would not fix it.
async function handler(): Promise<Response> {
  const report = await checkHealth();
  return Response.json(healthJson(report), {
    status: healthHttpStatus(report),
    headers: { 'Cache-Control': 'no-store' },
  });
}

export const GET = timed('/api/health', handler);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
