import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type RunningPrometheus } from '@/tests/setup/prometheus';
import { METRICS_BACKENDS } from '@/tests/setup/metrics-backends';
import type { RequestContext } from '../lib/request-context';
import { createService } from '../catalog/catalog.service';
import { createDataSource, resolveTarget, testConnection } from '../datasources/datasources.service';
import { db } from '../database/tx';
import { PrometheusError, queryInstant, type PrometheusTarget } from '../integrations/prometheus/client';
import { createTeam } from '../teams/teams.service';
import { DAY_MS, MINUTE_MS } from '../lib/duration';
import { FIVE_MIN, groundTruth, historySeries, INCIDENT, START, T0 } from './sampler-history.fixtures';
import { backfillSlo, sampleDue, sampleRange } from './slo-sampler.service';
import * as repo from './slo.repo';
import * as sums from './slo-sums.repo';
import { summaryRanges } from './slo-summary.compute';
import { createSlo, getSlo, listSlos, setBackfillSender } from './slo.service';
import { goldenSignals, saveGoldenSignals } from './golden-signals.service';

// Runwell's budget against a REAL Prometheus, and against VictoriaMetrics,
// holding generated history whose error and total counts are known exactly
// (sampler-history.fixtures.ts; tests/setup/metrics-backends.ts).

process.env.RUNWELL_SECRET_KEY ??= randomBytes(32).toString('hex');
const system: RequestContext = { actor: { kind: 'system', id: 'system', name: 'slo-sampler-test' }, requestId: null };
const suffix = randomBytes(3).toString('hex');
const requested: string[] = [];
let teamId: string;

beforeAll(async () => {
  setBackfillSender(async (id) => requested.push(id));
  teamId = (await createTeam(system, { slug: `slo-${suffix}`, name: `SLO team ${suffix}` })).id;
});

describe.each(METRICS_BACKENDS)('SLI sampler against a real $name', (backend) => {
  let prom: RunningPrometheus;
  let target: PrometheusTarget;
  let serviceSlug: string;

  const sloInput = (name: string) => ({
    slo: {
      service: serviceSlug,
      name,
      objective: 99.9,
      window: { type: 'rolling' as const, days: 30 },
      sli: { type: 'events' as const, errorQuery: 'sum(rate(app_errors_total[{{.window}}]))', totalQuery: 'sum(rate(app_requests_total[{{.window}}]))' },
      alerting: { name: 'AppAvailability' },
    },
    dataSourceId: null,
  });

  beforeAll(async () => {
    prom = await backend.start(historySeries());
    target = { url: prom.url, auth: { kind: 'none' } };
    serviceSlug = `checkout-${backend.name.toLowerCase()}-${suffix}`;
    await createService(system, { slug: serviceSlug, name: 'Checkout', teamId });
  }, 120_000);

  afterAll(async () => {
    await prom?.stop();
  });

  let sloId: string;

  it('creating an SLO asks for a backfill; the backfill reports progress per one-day chunk', async () => {
    const created = await createSlo(system, sloInput('availability'));
    sloId = created.id;
    expect(requested).toContain(sloId);
    expect(created.dataState).toBe('no-data');
    const progress: number[] = [];
    const outcome = await backfillSlo(sloId, T0 + MINUTE_MS, { target, onChunk: (done, total) => progress.push(Math.round((done / total) * 100)) });
    expect(outcome).toMatchObject({ status: 'ok', chunks: 30, missing: 0 });
    expect(progress.at(-1)).toBe(100);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const row = (await repo.findSlo(db(), sloId))!;
    expect(row.sampler).toMatchObject({ status: 'ok', backfillDone: 30, backfillTotal: 30 });
    expect(row.sampler!.lastBucket!.getTime()).toBe(T0 - FIVE_MIN);
  }, 120_000);

  it('budget remaining agrees with the generated ground truth (1e-4) and with Prometheus increase() (1e-3)', async () => {
    const detail = await getSlo(system, { id: sloId }, T0);
    const truth = groundTruth(T0 - 30 * DAY_MS, T0);
    const truthRatio = truth.errors / truth.total;
    const truthRemaining = 100 * (1 - truthRatio / 0.001);
    expect(truthRemaining).toBeGreaterThan(10); // the generated history is a meaningful case
    expect(truthRemaining).toBeLessThan(60);
    expect(detail.report.events.total).toBeCloseTo(truth.total, 3);
    expect(Math.abs(detail.remainingPercent - truthRemaining) / truthRemaining).toBeLessThan(1e-4);
    expect(Math.abs(detail.sli! - (1 - truthRatio)) / (1 - truthRatio)).toBeLessThan(1e-4);

    const [promSli] = await queryInstant(
      target,
      '1 - (sum(increase(app_errors_total[30d])) / sum(increase(app_requests_total[30d])))',
      T0,
    );
    const promRemaining = 100 * (1 - (1 - promSli!.value) / 0.001);
    expect(Math.abs(detail.sli! - promSli!.value) / promSli!.value).toBeLessThan(1e-3);
    expect(Math.abs(detail.remainingPercent - promRemaining) / promRemaining).toBeLessThan(1e-3);

    // The one-statement sums equal summing each range on its own.
    const row = (await repo.findSlo(db(), sloId))!;
    for (const now of [T0, T0 - 7 * 3_600_000 - FIVE_MIN * 5, T0 - 13 * DAY_MS]) {
      const fast = (await sums.windowSums(db(), [{ seq: row.seq, windowFrom: now - 30 * DAY_MS }], now)).get(row.seq)!;
      const slow = (await sums.rangeSums(db(), summaryRanges(row.definition, now, FIVE_MIN).map((r) => ({ ...r, seq: row.seq })))).get(row.seq)!;
      for (const key of Object.keys(slow) as Array<keyof typeof slow>) {
        expect(fast[key]!.presentBuckets).toBe(slow[key]!.presentBuckets);
        expect(fast[key]!.total).toBeCloseTo(slow[key]!.total, 6);
        expect(fast[key]!.bad).toBeCloseTo(slow[key]!.bad, 6);
      }
    }
    // The list's summary (day roll-up + edge buckets) says the same as the detail.
    const item = (await listSlos(system, {}, T0)).find((s) => s.id === sloId)!;
    expect(item.remainingPercent).toBeCloseTo(detail.remainingPercent, 9);
    // The incident day consumed the most.
    const worstDay = [...detail.report.days].sort((a, b) => b.consumedMinutes - a.consumedMinutes)[0]!;
    expect(worstDay.start).toBeLessThanOrEqual(START + INCIDENT.from * MINUTE_MS);
    expect(worstDay.end).toBeGreaterThan(START + INCIDENT.from * MINUTE_MS);
    expect(detail.report.timeline[0]!.remainingPercent).toBe(100);
  });

  it('re-running the backfill is idempotent', async () => {
    const before = await getSlo(system, { id: sloId }, T0);
    await backfillSlo(sloId, T0 + MINUTE_MS, { target });
    const after = await getSlo(system, { id: sloId }, T0);
    expect(after.remainingPercent).toBe(before.remainingPercent);
    expect(after.report.coverage.buckets).toBe(8640);
  });

  it('Prometheus down: retryable error, gaps marked missing (never zeros), stored data kept', async () => {
    const dead: PrometheusTarget = { url: `http://127.0.0.1:${await freePort()}`, auth: { kind: 'none' }, timeoutMs: 2000 };
    const other = await createSlo(system, sloInput('availability-down'));
    const error = await backfillSlo(other.id, T0 + MINUTE_MS, { target: dead }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrometheusError);
    expect((error as PrometheusError).retryable).toBe(true);
    const row = (await repo.findSlo(db(), other.id))!;
    expect(row.sampler!.lastError).toMatch(/^Could not reach 127\.0\.0\.1:\d+: no connection could be made/);
    const stored = await repo.loadBuckets(db(), row.seq, T0 - 31 * DAY_MS, T0);
    expect(stored.length).toBe(288);
    expect(stored.every((b) => b.missing && b.total === 0)).toBe(true);
    const detail = await getSlo(system, { id: other.id }, T0);
    expect(detail.dataState).toBe('no-data');
    expect(detail.remainingPercent).toBe(100);
    expect(detail.report.coverage.observedMs).toBe(0);

    // The healthy SLO's last day, re-sampled while Prometheus is down, keeps its counts.
    const healthy = (await repo.findSlo(db(), sloId))!;
    const before = await getSlo(system, { id: sloId }, T0);
    await expect(sampleRange(healthy, dead, T0 - DAY_MS, T0)).rejects.toBeInstanceOf(PrometheusError);
    expect((await getSlo(system, { id: sloId }, T0)).remainingPercent).toBe(before.remainingPercent);
  });

  it('the schedule samples new buckets; buckets after the data stops are missing', async () => {
    const now = T0 + 10 * MINUTE_MS + MINUTE_MS;
    const outcome = await sampleDue(now, { target, requestBackfill: async () => undefined });
    expect(outcome.sampled).toBeGreaterThanOrEqual(1);
    const row = (await repo.findSlo(db(), sloId))!;
    expect(row.sampler!.lastBucket!.getTime()).toBe(T0 + 5 * MINUTE_MS);
    const fresh = await repo.loadBuckets(db(), row.seq, T0, T0 + 10 * MINUTE_MS);
    expect(fresh).toHaveLength(2);
    expect(fresh.every((b) => b.missing)).toBe(true);
  });

  it('data sources: sealed credentials, resolved target, Test connection', async () => {
    const ds = await createDataSource(system, { name: `${backend.name}-${suffix}`, url: prom.url, authKind: 'bearer', secret: 's3cret', isDefault: true });
    expect(ds).not.toHaveProperty('secretSealed');
    expect(ds.hasSecret).toBe(true);
    const resolved = await resolveTarget(db(), ds.id);
    expect(resolved!.target.auth).toEqual({ kind: 'bearer', token: 's3cret' });
    expect((await resolveTarget(db(), null))!.name).toBe(ds.name);
    const ok = await testConnection(system, { id: ds.id });
    // VictoriaMetrics reports no version of its own through the query API.
    expect(ok).toMatchObject(backend.name === 'Prometheus' ? { ok: true, server: 'Prometheus', version: expect.stringMatching(/^\d+\.\d+\.\d+/) } : { ok: true, server: 'VictoriaMetrics', version: '' });
    const down = await testConnection(system, { name: 'x', url: `http://127.0.0.1:${await freePort()}`, authKind: 'none' });
    expect(down).toMatchObject({ ok: false, kind: 'unreachable' });
  });

  it('golden signals: configured queries charted from query_range, a bad query reports its error', async () => {
    const service = (await repo.findSlo(db(), sloId))!;
    await saveGoldenSignals(system, {
      serviceId: service.serviceId,
      selector: 'job="app"',
      queries: { traffic: 'sum(rate(app_requests_total{$selector}[5m]))', errors5xx: 'sum(rate(app_errors_total{$selector}[5m]))', saturation: 'sum(rate(' },
    });
    const dto = await goldenSignals(system, { serviceId: service.serviceId, hours: 6 }, T0);
    const byKey = Object.fromEntries(dto.signals.map((s) => [s.key, s]));
    expect(dto.config.queries.traffic.custom).toBe(true);
    expect(dto.config.queries.latency.custom).toBe(false);
    expect(byKey.traffic!.series[0]!.points.length).toBeGreaterThan(100);
    // 100..160 requests a minute.
    expect(byKey.traffic!.series[0]!.points.every(([, v]) => v > 1.5 && v < 2.8)).toBe(true);
    expect(byKey.errors5xx!.error).toBeNull();
    expect(byKey.saturation!.error).toMatch(/rejected the query/);
    expect(byKey.latency!.series.every((s) => s.points.length === 0)).toBe(true);
  });
});
