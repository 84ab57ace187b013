import { createHash, timingSafeEqual } from 'node:crypto';
import { metrics, timed } from '@/server/observability/metrics';
import { allClaimedAddresses, clientAddress, headerGetter } from '@/server/security/client-address';
import { metricsAccess } from '@/server/system/system.compute';
import { jobMetricsText } from '@/server/system/system.service';

// Compared as digests so the comparison takes the same time whatever the length.
function tokensEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

// Prometheus scrape endpoint: this process's registry (request durations by
// route, Node.js runtime) plus job metrics computed from JobRun at scrape time.
// Who may call it: with RUNWELL_METRICS_TOKEN set, a Bearer of that token;
// without it, only this host (loopback). Rules and their reasons: metricsAccess()
// in server/system/system.compute.ts.
// RUNWELL_LISTEN_HOST is set by `runwell serve` to the address `next start` binds.
async function handler(req: Request): Promise<Response> {
  const access = metricsAccess({
    authorization: req.headers.get('authorization'),
    client: clientAddress(req.headers),
    claimed: allClaimedAddresses(headerGetter(req.headers)),
    token: process.env.RUNWELL_METRICS_TOKEN,
    listenHost: process.env.RUNWELL_LISTEN_HOST,
    tokensEqual,
  });
  if (!access.allowed) {
    return new Response(`${access.reason}\n`, {
      status: 401,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'WWW-Authenticate': 'Bearer realm="runwell-metrics"' },
    });
  }
  const { registry } = metrics();
  let jobs: string;
  try {
    jobs = await jobMetricsText();
  } catch (error) {
    // The process metrics stay useful when the database is down; say so in-band.
    jobs = `# Job metrics unavailable: ${(error as Error).message.replaceAll('\n', ' ').slice(0, 200)}\n`;
  }
  return new Response(`${await registry.metrics()}\n${jobs}`, {
    status: 200,
    headers: { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' },
  });
}

export const GET = timed('/metrics', handler);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
