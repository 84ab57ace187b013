import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { metrics } from '@/server/observability/metrics';
import { allClaimedAddresses, headerGetter } from '@/server/security/client-address';
import { metricsAccess } from '@/server/system/system.compute';

// The worker process has no web server; Kubernetes probes it here:
//   GET /api/health  200 {"status":"ok"} while it takes jobs, 503 once it stops
//                    (an event loop that no longer answers fails the probe too)
//   GET /metrics     this process's runtime metrics (memory, event loop lag, GC),
//                    with the web's access rule: RUNWELL_METRICS_TOKEN, else loopback.
// Job metrics (runs, durations, last success) come from the database and are
// served by the web's /metrics only, so they are not counted twice.

export interface WorkerHealthState {
  workerId: string;
  stopping(): boolean;
  activeJobs(): number;
}

function tokensEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

async function answer(req: IncomingMessage, state: WorkerHealthState): Promise<{ status: number; type: string; body: string; headers?: Record<string, string> }> {
  const path = new URL(req.url ?? '/', 'http://worker').pathname;
  if (req.method !== 'GET' && req.method !== 'HEAD') return { status: 405, type: 'text/plain', body: 'GET only\n' };
  if (path === '/api/health') {
    const stopping = state.stopping();
    const body = JSON.stringify({ status: stopping ? 'stopping' : 'ok', process: 'worker', workerId: state.workerId, activeJobs: state.activeJobs() });
    return { status: stopping ? 503 : 200, type: 'application/json', body };
  }
  if (path === '/metrics') {
    const access = metricsAccess({
      authorization: req.headers.authorization ?? null,
      // No proxy in front of the worker: the TCP peer is the client.
      client: req.socket.remoteAddress ?? null,
      claimed: allClaimedAddresses(headerGetter(req.headers)),
      token: process.env.RUNWELL_METRICS_TOKEN,
      listenHost: undefined,
      tokensEqual,
    });
    if (!access.allowed) return { status: 401, type: 'text/plain', body: `${access.reason}\n`, headers: { 'WWW-Authenticate': 'Bearer realm="runwell-metrics"' } };
    const { registry } = metrics();
    return { status: 200, type: registry.contentType, body: await registry.metrics() };
  }
  return { status: 404, type: 'text/plain', body: 'not found\n' };
}

/** Listens on host:port; resolves once listening (port 0 picks a free one: read server.address()). */
export function startWorkerHealthServer(options: { port: number; host?: string; state: WorkerHealthState }): Promise<Server> {
  const server = createServer((req, res) => {
    answer(req, options.state)
      .then(({ status, type, body, headers }) => {
        res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
        res.end(req.method === 'HEAD' ? undefined : body);
      })
      .catch((error: Error) => {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`${error.message}\n`);
      });
  });
  // A probe must not keep the process alive on shutdown.
  server.unref();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve(server));
  });
}
