import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPrometheus } from '@/tests/setup/prometheus';
import { METRICS_BACKENDS } from '@/tests/setup/metrics-backends';
import type { RequestContext } from '../lib/request-context';
import { createService } from '../catalog/catalog.service';
import { db } from '../database/tx';
import { queryRange, sumByTimestamp, type PrometheusTarget } from '../integrations/prometheus/client';
import { createTeam } from '../teams/teams.service';
import { MINUTE_MS } from '../lib/duration';
import { sampleBatched, sampleDue } from './slo-sampler.service';
import { bucketQueries } from './slo-sampling.compute';
import * as repo from './slo.repo';
import { createSlo, setBackfillSender } from './slo.service';

// The schedule's batched sampling against a REAL Prometheus and a real
// VictoriaMetrics: many SLOs of one data source in one query, each SLO's
// buckets exactly what its own queries give, and one SLO whose query cannot
// stand in a Prometheus batch sampled on its own (VictoriaMetrics takes it).

process.env.RUNWELL_SECRET_KEY ??= randomBytes(32).toString('hex');
const system: RequestContext = { actor: { kind: 'system', id: 'system', name: 'slo-batch-test' }, requestId: null };
const suffix = randomBytes(3).toString('hex');
const FIVE_MIN = 5 * MINUTE_MS;
const T0 = Math.floor((Date.now() - 2 * 3_600_000) / FIVE_MIN) * FIVE_MIN;
const START = T0 - 3 * 3_600_000;
const SERIES = 30;

function counter(perMinute: (m: number) => number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let value = 0;
  for (let m = 0; START + m * MINUTE_MS <= T0; m++) {
    if (m > 0) value += perMinute(m);
    out.push([START + m * MINUTE_MS, value]);
  }
  return out;
}

describe.each(METRICS_BACKENDS)('batched sampling against a real $name', (backend) => {
  let prom: RunningPrometheus;
  let target: PrometheusTarget;
  const ids: string[] = [];

  beforeAll(async () => {
    prom = await backend.start(
      Array.from({ length: SERIES }, (_, k) => [
        { name: 'batch_requests_total', labels: { svc: `s${k}` }, samples: counter((m) => 100 + ((m * (k + 1)) % 13)) },
        { name: 'batch_errors_total', labels: { svc: `s${k}` }, samples: counter((m) => (m % (k + 2) === 0 ? k + 1 : 0)) },
      ]).flat(),
    );
    target = { url: prom.url, auth: { kind: 'none' } };
    setBackfillSender(async () => undefined);
    const team = await createTeam(system, { slug: `batch-${backend.name.toLowerCase()}-${suffix}`, name: `Batch ${backend.name} ${suffix}` });
    const service = `batch-${backend.name.toLowerCase()}-${suffix}`;
    await createService(system, { slug: service, name: 'Batch', teamId: team.id });
    const sli = (k: number, scalar = false) => ({
      type: 'events' as const,
      errorQuery: `sum(rate(batch_errors_total{svc="s${k}"}[{{.window}}]))`,
      // A scalar is a fine range query alone, but Prometheus' label_replace takes vectors only.
      totalQuery: scalar ? `scalar(sum(rate(batch_requests_total{svc="s${k}"}[{{.window}}])))` : `sum(rate(batch_requests_total{svc="s${k}"}[{{.window}}]))`,
    });
    for (let k = 0; k < SERIES; k++) {
      const created = await createSlo(system, {
        slo: { service, name: `slo-${k}`, objective: 99.9, window: { type: 'rolling' as const, days: 1 }, sli: sli(k, k === 7), alerting: { name: `Batch${k}` } },
        dataSourceId: null,
      });
      ids.push(created.id);
      // As if backfilled up to an hour before T0: the schedule samples the last hour.
      await repo.updateSamplerState(db(), created.id, { status: 'ok', lastBucket: new Date(T0 - 60 * MINUTE_MS - FIVE_MIN) });
    }
  }, 180_000);

  afterAll(async () => {
    await prom?.stop();
  });

  it('asks a few queries for all SLOs, each SLO’s buckets exactly what its own queries give', async () => {
    const mine = await Promise.all(ids.map(async (id) => (await repo.findSlo(db(), id))!));
    const outcome = await sampleBatched(mine, target, T0 - 60 * MINUTE_MS, T0);
    expect(outcome.failed.size).toBe(0);
    expect(outcome.buckets.size).toBe(SERIES);
    if (backend.name === 'Prometheus') {
      // One batch for all 30 SLOs is refused (slo-7's total is a scalar), then
      // halves down to slo-7 alone (its own 2 queries): far fewer than 2 x 30.
      expect(outcome.queries).toBeGreaterThan(1);
      expect(outcome.queries).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(SERIES)) + 2);
    } else {
      // MetricsQL's label_replace takes a scalar as a series without labels: one query.
      expect(outcome.queries).toBe(1);
    }
    for (const row of mine) {
      const q = bucketQueries(row.definition.sli, FIVE_MIN);
      if (q.kind !== 'events') throw new Error('events SLI expected');
      const [bad, total] = await Promise.all([q.bad, q.total].map(async (e) => sumByTimestamp(await queryRange(target, e, T0 - 55 * MINUTE_MS, T0, FIVE_MIN))));
      const buckets = outcome.buckets.get(row.id)!;
      expect(buckets).toHaveLength(12);
      for (const b of buckets) {
        expect(b.missing).toBe(false);
        expect(b.total).toBeCloseTo(total!.get(b.start + FIVE_MIN)! * q.multiplyBy, 9);
        expect(b.bad).toBeCloseTo((bad!.get(b.start + FIVE_MIN) ?? 0) * q.multiplyBy, 9);
      }
    }
  }, 120_000);

  it('the schedule stores them: the sampler states move to the last bucket', async () => {
    await sampleDue(T0 + MINUTE_MS, { target, requestBackfill: async () => undefined });
    const mine = await Promise.all(ids.map(async (id) => (await repo.findSlo(db(), id))!));
    expect(mine.map((r) => [r.sampler?.status, r.sampler?.lastBucket?.getTime()])).toEqual(ids.map(() => ['ok', T0 - FIVE_MIN]));
    const stored = await repo.loadBuckets(db(), mine[7]!.seq, T0 - 60 * MINUTE_MS, T0);
    expect(stored.map((b) => b.missing)).toEqual(Array(12).fill(false));
  }, 120_000);
});
