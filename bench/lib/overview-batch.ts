import { createTRPCClient, httpBatchLink, httpLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '@/server/trpc/root';

// What a browser on the Overview and on the SLO list asks a web process, over
// HTTP with an API token (scopes read and incidents: the Overview counts
// overdue post-mortems), for bench/overview.bench.ts and
// bench/scale-out.bench.ts.

type Client = ReturnType<typeof createTRPCClient<AppRouter>>;
export type Query = [name: string, run: () => Promise<unknown>];

/**
 * tRPC clients of the web process at `base`: `batched` sends the queries of
 * one tick as one request (httpBatchLink, as the browser), `unbatched` one
 * request each. Take a new batched client for every page load, as every
 * browser tab has its own: one shared by an open loop's page loads merges the
 * queries of all that are due in the same tick into one request whenever the
 * load generator lags behind (and httpBatchLink groups its pending queries in
 * quadratic time, so the lag feeds itself).
 */
const linkOptions = (base: string, token: string) => ({ url: `${base}/api/trpc`, transformer: superjson, headers: { authorization: `Bearer ${token}` } });

export function trpcClients(base: string, token: string): { batched: Client; unbatched: Client } {
  const link = linkOptions(base, token);
  return { batched: createTRPCClient<AppRouter>({ links: [httpBatchLink(link)] }), unbatched: createTRPCClient<AppRouter>({ links: [httpLink(link)] }) };
}

/** The Overview page's queries besides its SLO figures (components/overview/): the same whatever the number of clusters. */
export function overviewQueries(c: Client): Query[] {
  return [
    ['incidents.list', () => c.incidents.list.query({ state: 'open' })],
    ['alerts.firing', () => c.alerts.firing.query({ newest: 5 })],
    ['oncall.overview', () => c.oncall.overview.query({ days: 7 })],
    ['postmortems.list', () => c.postmortems.list.query({ overdue: true, pageSize: 1 })],
    ['readiness.overview', () => c.readiness.overview.query({ days: 7 })],
    ['clusters.list', () => c.clusters.list.query()],
    ['domains.strip', () => c.domains.strip.query({})],
    ['system.status', () => c.system.status.query()],
    ['capacity.fleet', () => c.capacity.fleet.query()],
    ['maintenance.fleet', () => c.maintenance.fleet.query()],
  ];
}

/** The Overview's batch as the page sends it now: slo.overview and the queries above, issued in one tick (one HTTP request with a batching client). */
export const overviewBatch = (c: Client): Promise<unknown[]> => Promise.all([c.slo.overview.query(), ...overviewQueries(c).map(([, q]) => q())]);

/** One page (50 SLOs, least budget first) of the SLO list. */
export const sloPage = (c: Client, page: number) => c.slo.page.query({ sort: 'budget-asc', page, pageSize: 50 });

/**
 * The HTTP request that `issue` sends through a batching client (the same URL
 * and headers as httpBatchLink makes), to send again with `replay`: a load
 * generator that parses every answer of a 50-procedure batch at 50/s spends
 * more CPU decoding than the web process spends answering.
 */
export async function batchRequest(base: string, token: string, issue: (c: Client) => Promise<unknown>): Promise<{ url: string; init: RequestInit }> {
  let captured: { url: string; init: RequestInit } | null = null;
  const capture = async (url: URL | RequestInfo, init?: RequestInit): Promise<Response> => {
    captured = { url: String(url), init: { method: init?.method, headers: init?.headers, body: init?.body } };
    throw new Error('captured');
  };
  await issue(createTRPCClient<AppRouter>({ links: [httpBatchLink({ ...linkOptions(base, token), fetch: capture })] })).catch(() => undefined);
  if (!captured) throw new Error('the batch sent no request');
  return captured;
}

/** Sends a captured request and reads its answer to the last byte; anything but 200 throws (a batch answers 207 when some of its procedures failed). */
export async function replay(request: { url: string; init: RequestInit }): Promise<number> {
  const res = await fetch(request.url, request.init);
  const body = await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${Buffer.from(body).toString('utf8', 0, 300)}`);
  return body.byteLength;
}
