import { OutboundRefusedError, OutboundResponseTooLargeError, outboundRequest, unreachableMessage, type OutboundResponse } from '../../security/outbound';

// Prometheus HTTP API client: protocol only (no database, no SLO knowledge).
// Used by the SLI sampler, golden-signal charts and "Test connection".
//
// Errors are PrometheusError with a `kind` callers can act on: `unreachable` and
// `timeout` (and HTTP 5xx/429) are worth retrying; `auth`, `bad_query` and
// `refused` (the outbound address policy said no) are not.

type PrometheusAuth =
  | { kind: 'none' }
  | { kind: 'bearer'; token: string }
  | { kind: 'basic'; username: string; password: string };

export type PrometheusTarget = {
  url: string;
  auth: PrometheusAuth;
  /** Per request; default 30 s. */
  timeoutMs?: number;
};

export type PrometheusErrorKind = 'unreachable' | 'refused' | 'timeout' | 'auth' | 'bad_query' | 'http' | 'bad_response';

export class PrometheusError extends Error {
  constructor(
    readonly kind: PrometheusErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'PrometheusError';
  }

  /** Whether trying again later may succeed. */
  get retryable(): boolean {
    return this.kind === 'unreachable' || this.kind === 'timeout' || (this.kind === 'http' && (this.status === undefined || this.status >= 500 || this.status === 429));
  }
}

/** One series of a range query: label set and [epoch ms, value] points. */
export type RangeSeries = { metric: Record<string, string>; points: Array<[number, number]> };

function authHeaders(auth: PrometheusAuth): Record<string, string> {
  switch (auth.kind) {
    case 'none':
      return {};
    case 'bearer':
      return { Authorization: `Bearer ${auth.token}` };
    case 'basic':
      return { Authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}` };
  }
}

function endpoint(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

// Range queries over many series can be large; anything past this is not a Prometheus answer we can use.
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** `api: false` returns the parsed JSON body of a 2xx answer as it is (for endpoints outside the Prometheus API envelope). */
async function call(target: PrometheusTarget, path: string, params: Record<string, string>, opts: { api?: boolean } = {}): Promise<unknown> {
  const timeoutMs = target.timeoutMs ?? 30_000;
  const url = endpoint(target.url, path);
  let host = target.url;
  try {
    host = new URL(url).host;
  } catch {
    throw new PrometheusError('unreachable', `Could not reach ${target.url}: it is not an http(s) URL`);
  }
  let response: OutboundResponse;
  try {
    // POST form: long PromQL does not hit URL length limits. Through the
    // outbound guard (server/security/outbound.ts); redirects are not followed.
    const form = Object.keys(params).length > 0;
    response = await outboundRequest(url, {
      method: form ? 'POST' : 'GET',
      headers: { ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}), Accept: 'application/json', ...authHeaders(target.auth) },
      ...(form ? { body: new URLSearchParams(params).toString() } : {}),
      timeoutMs,
      maxBytes: MAX_RESPONSE_BYTES,
    });
  } catch (error) {
    if (error instanceof OutboundRefusedError) throw new PrometheusError('refused', unreachableMessage(host, error));
    if (error instanceof OutboundResponseTooLargeError) throw new PrometheusError('bad_response', error.message);
    const e = error as Error;
    throw new PrometheusError(e.name === 'TimeoutError' ? 'timeout' : 'unreachable', unreachableMessage(host, error));
  }
  const text = response.text;
  type ApiBody = { status?: string; data?: unknown; errorType?: string; error?: string };
  let body: ApiBody | null;
  try {
    body = JSON.parse(text) as ApiBody;
  } catch {
    body = null;
  }
  if (response.status === 401 || response.status === 403) {
    throw new PrometheusError('auth', `Prometheus at ${target.url} refused the credentials (HTTP ${response.status})`, response.status);
  }
  if (response.status === 400 || response.status === 422 || body?.errorType === 'bad_data') {
    throw new PrometheusError('bad_query', `Prometheus rejected the query: ${body?.error ?? `HTTP ${response.status}`}`, response.status);
  }
  if (!(response.status >= 200 && response.status < 300)) {
    throw new PrometheusError('http', `Prometheus at ${target.url} answered HTTP ${response.status}${body?.error ? `: ${body.error}` : ''}`, response.status);
  }
  if (opts.api === false) {
    if (!body) throw new PrometheusError('bad_response', `Unexpected answer from ${url} (not JSON)`, response.status);
    return body;
  }
  if (!body || body.status !== 'success') {
    throw new PrometheusError('bad_response', `Unexpected answer from ${url} (is this a Prometheus API?)`, response.status);
  }
  return body.data;
}

function parseValue(v: unknown): number {
  // Prometheus sends sample values as strings ("NaN", "+Inf" included).
  const n = typeof v === 'string' ? Number(v) : NaN;
  return n;
}

/**
 * query_range over [startMs, endMs] with `stepMs`. Timestamps are epoch ms.
 * NaN and infinite points are dropped (they are not data).
 */
export async function queryRange(target: PrometheusTarget, query: string, startMs: number, endMs: number, stepMs: number): Promise<RangeSeries[]> {
  const data = (await call(target, '/api/v1/query_range', {
    query,
    start: String(startMs / 1000),
    end: String(endMs / 1000),
    step: String(stepMs / 1000),
  })) as { resultType?: string; result?: Array<{ metric?: Record<string, string>; values?: Array<[number, string]> }> };
  if (data?.resultType !== 'matrix' || !Array.isArray(data.result)) {
    throw new PrometheusError('bad_response', 'query_range did not return a matrix');
  }
  return data.result.map((s) => ({
    metric: s.metric ?? {},
    points: (s.values ?? [])
      .map(([t, v]) => [Math.round(t * 1000), parseValue(v)] as [number, number])
      .filter(([, v]) => Number.isFinite(v)),
  }));
}

/** An instant query; returns the vector (scalar results become one unlabeled sample). */
export async function queryInstant(target: PrometheusTarget, query: string, atMs?: number): Promise<Array<{ metric: Record<string, string>; value: number }>> {
  const data = (await call(target, '/api/v1/query', { query, ...(atMs === undefined ? {} : { time: String(atMs / 1000) }) })) as {
    resultType?: string;
    result?: unknown;
  };
  if (data?.resultType === 'scalar' && Array.isArray(data.result)) return [{ metric: {}, value: parseValue(data.result[1]) }];
  if (data?.resultType !== 'vector' || !Array.isArray(data.result)) throw new PrometheusError('bad_response', 'query did not return a vector');
  return (data.result as Array<{ metric?: Record<string, string>; value: [number, string] }>).map((s) => ({ metric: s.metric ?? {}, value: parseValue(s.value[1]) }));
}

export type ServerInfo = { server: string; version: string };

/**
 * Which Prometheus-compatible server this is and its version, for "Test
 * connection" (docs/slo.md, "Prometheus-compatible stores"). Prometheus
 * answers buildinfo with version and revision. VictoriaMetrics answers it with
 * no version (1.79) or a fixed "2.24.0" it reports for Grafana's sake, never
 * its own: a buildinfo without a revision is checked against
 * /api/v1/status/top_queries, which only VictoriaMetrics serves (single-node
 * and vmselect alike, under the same prefix as the query API).
 */
export async function buildInfo(target: PrometheusTarget): Promise<ServerInfo> {
  const data = (await call(target, '/api/v1/status/buildinfo', {})) as { version?: string; revision?: string; application?: string } | null;
  const version = typeof data?.version === 'string' ? data.version : '';
  // Servers that name themselves (Grafana Mimir says "application").
  if (typeof data?.application === 'string' && data.application) return { server: data.application, version };
  if (!data?.revision && (await isVictoriaMetrics(target))) return { server: 'VictoriaMetrics', version: '' };
  return { server: 'Prometheus', version: version || 'unknown' };
}

async function isVictoriaMetrics(target: PrometheusTarget): Promise<boolean> {
  try {
    const body = (await call(target, '/api/v1/status/top_queries', {}, { api: false })) as { topByCount?: unknown } | null;
    return Array.isArray(body?.topByCount);
  } catch {
    return false;
  }
}

/** Sum of all series per timestamp (a query grouped `by (...)` adds up to the SLO's total). */
export function sumByTimestamp(series: readonly RangeSeries[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const s of series) for (const [t, v] of s.points) out.set(t, (out.get(t) ?? 0) + v);
  return out;
}
