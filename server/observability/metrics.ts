import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

// Next.js may load this module once per route bundle; the registry lives on
// globalThis so that /metrics sees what every route recorded.
type Metrics = { registry: Registry; httpDuration: Histogram<'route' | 'method' | 'status'>; signIns: Counter<'outcome'> };
const holder = globalThis as unknown as { runwellMetrics?: Metrics };

export function metrics(): Metrics {
  if (!holder.runwellMetrics) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'runwell_' });
    holder.runwellMetrics = {
      registry,
      httpDuration: new Histogram({
        name: 'runwell_http_request_duration_seconds',
        help: 'Duration of HTTP requests handled by Runwell, by route',
        labelNames: ['route', 'method', 'status'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [registry],
      }),
      signIns: new Counter({
        name: 'runwell_sign_ins_total',
        help: 'Sign-in attempts by outcome',
        labelNames: ['outcome'],
        registers: [registry],
      }),
    };
  }
  return holder.runwellMetrics;
}

export function observeRequest(route: string, method: string, status: number, seconds: number): void {
  metrics().httpDuration.observe({ route, method, status: String(status) }, seconds);
}

// Wraps a route handler so its duration lands in the request histogram.
export function timed<A extends unknown[]>(
  route: string,
  handler: (req: Request, ...rest: A) => Promise<Response>,
): (req: Request, ...rest: A) => Promise<Response> {
  return async (req, ...rest) => {
    const start = performance.now();
    let status = 500;
    try {
      const res = await handler(req, ...rest);
      status = res.status;
      return res;
    } finally {
      observeRequest(route, req.method, status, (performance.now() - start) / 1000);
    }
  };
}
