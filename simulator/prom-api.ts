// The simulator's Prometheus HTTP API, served under /prometheus (like a
// Prometheus started with --web.route-prefix=/prometheus), so one port serves
// both the cluster and its metrics. Endpoints: /api/v1/query, /api/v1/query_range,
// /api/v1/status/buildinfo. Parameters come from the query string or a
// form-encoded POST body, as with Prometheus.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { Evaluator } from './promql/evaluator';
import { PromQLError } from './promql/language';
import { parsePromQL } from './promql/parser';
import { formatSampleValue, type Labels } from './promql/series';
import type { ShopSeries } from './prom-series';

export const PROMETHEUS_PREFIX = '/prometheus';
export const SIMULATED_PROMETHEUS_VERSION = '2.55.1';
/** Prometheus' own cap on points per series in a range query. */
const MAX_POINTS = 11_000;
const MAX_BODY = 1024 * 1024;

type Answer = { status: number; body: unknown };

const fail = (status: number, errorType: string, error: string): Answer => ({ status, body: { status: 'error', errorType, error } });

/** A Prometheus timestamp parameter: unix seconds (float) or RFC 3339. */
function parseTime(v: string | null, name: string, dflt: number): number {
  if (v === null || v === '') return dflt;
  const n = Number(v);
  if (Number.isFinite(n)) return n * 1000;
  const d = Date.parse(v);
  if (Number.isNaN(d)) throw new PromQLError(`invalid parameter "${name}": cannot parse "${v}" to a valid timestamp`);
  return d;
}

function parseStep(v: string | null): number {
  if (v === null || v === '') throw new PromQLError('invalid parameter "step": missing');
  const n = Number(v);
  if (Number.isFinite(n) && n > 0) return n * 1000;
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(v);
  if (!m) throw new PromQLError(`invalid parameter "step": cannot parse "${v}"`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms']!;
}

/** Answer one API call (pure apart from the series' clock). */
export function answerPrometheus(path: string, params: URLSearchParams, series: ShopSeries, now: number): Answer {
  const evaluator = new Evaluator(series);
  try {
    switch (path) {
      case '/api/v1/status/buildinfo':
        return { status: 200, body: { status: 'success', data: { version: SIMULATED_PROMETHEUS_VERSION, revision: 'runwell-simulator', branch: 'simulator', goVersion: 'n/a' } } };
      case '/api/v1/query': {
        const query = params.get('query');
        if (!query) return fail(400, 'bad_data', 'invalid parameter "query": missing');
        const t = parseTime(params.get('time'), 'time', now);
        const v = evaluator.instant(query, t);
        const ts = t / 1000;
        if (v.kind === 'scalar') return { status: 200, body: { status: 'success', data: { resultType: 'scalar', result: [ts, formatSampleValue(v.value)] } } };
        return { status: 200, body: { status: 'success', data: { resultType: 'vector', result: v.samples.map((s) => ({ metric: s.labels, value: [ts, formatSampleValue(s.value)] })) } } };
      }
      case '/api/v1/query_range': {
        const query = params.get('query');
        if (!query) return fail(400, 'bad_data', 'invalid parameter "query": missing');
        const start = parseTime(params.get('start'), 'start', NaN);
        const end = parseTime(params.get('end'), 'end', NaN);
        if (Number.isNaN(start) || Number.isNaN(end)) return fail(400, 'bad_data', 'invalid parameters "start" and "end": both are required');
        const step = parseStep(params.get('step'));
        if (end < start) return fail(400, 'bad_data', 'end timestamp must not be before start time');
        if ((end - start) / step > MAX_POINTS) return fail(400, 'bad_data', 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
        const node = parsePromQL(query);
        const out = new Map<string, { metric: Labels; values: Array<[number, string]> }>();
        for (let t = start; t <= end; t += step) {
          const v = evaluator.instant(node, t);
          const samples = v.kind === 'scalar' ? [{ labels: {}, value: v.value }] : v.samples;
          for (const s of samples) {
            const key = JSON.stringify(Object.entries(s.labels).sort());
            const row = out.get(key) ?? { metric: s.labels, values: [] };
            row.values.push([t / 1000, formatSampleValue(s.value)]);
            out.set(key, row);
          }
        }
        return { status: 200, body: { status: 'success', data: { resultType: 'matrix', result: [...out.values()] } } };
      }
      default:
        return fail(404, 'not_found', `unsupported in the simulator: ${PROMETHEUS_PREFIX}${path} (only query, query_range and status/buildinfo are served)`);
    }
  } catch (e) {
    if (e instanceof PromQLError) return fail(400, 'bad_data', e.message);
    throw e;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new PromQLError('request body too large');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function handlePrometheus(req: IncomingMessage, res: ServerResponse, url: URL, series: ShopSeries, now: number): Promise<void> {
  const params = new URLSearchParams(url.searchParams);
  let answer: Answer;
  try {
    if (req.method === 'POST') {
      const type = req.headers['content-type'] ?? '';
      if (!type.startsWith('application/x-www-form-urlencoded')) throw new PromQLError('POST bodies must be application/x-www-form-urlencoded');
      for (const [k, v] of new URLSearchParams(await readBody(req))) params.set(k, v);
    } else if (req.method !== 'GET') {
      answer = fail(405, 'bad_data', `method ${req.method} not allowed`);
    }
    answer ??= answerPrometheus(url.pathname.slice(PROMETHEUS_PREFIX.length), params, series, now);
  } catch (e) {
    answer = e instanceof PromQLError ? fail(400, 'bad_data', e.message) : fail(500, 'internal', (e as Error).message);
  }
  res.writeHead(answer.status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(answer.body));
}
