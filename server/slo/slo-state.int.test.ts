import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMetricsText, startPrometheus, type RunningPrometheus } from '@/tests/setup/prometheus';
import type { RequestContext } from '../lib/request-context';
import { createService } from '../catalog/catalog.service';
import { db } from '../database/tx';
import type { PrometheusTarget } from '../integrations/prometheus/client';
import { createTeam } from '../teams/teams.service';
import { DAY_MS, MINUTE_MS } from '../lib/duration';
import { getPrisma } from '../db';
import { backfillSlo, sampleDue } from './slo-sampler.service';
import * as repo from './slo.repo';
import { evaluate } from './slo-recompute.service';
import { writeBuckets } from './slo-state.service';
import type { SloListItem } from './slo-api.schema';
import { createSlo, listSlos, remainingBudgetsByService, setBackfillSender, updateSlo } from './slo.service';

// The precomputed state end to end (docs/slo.md, "Precomputed state"): the
// sampler writes and closes buckets from a real Prometheus, the SloState row
// follows, and the list reads it with the figures a recomputation from the
// buckets gives (1e-9).

process.env.RUNWELL_SECRET_KEY ??= randomBytes(32).toString('hex');
const system: RequestContext = { actor: { kind: 'system', id: 'system', name: 'slo-state-test' }, requestId: null };
const suffix = randomBytes(3).toString('hex');
const FIVE_MIN = 5 * MINUTE_MS;
// Counters from T0 - 3 d to T0 + 1 h, one sample a minute; the backfill stops at T0.
const T0 = Math.floor((Date.now() - 3 * 3_600_000) / FIVE_MIN) * FIVE_MIN;
const START = T0 - 3 * DAY_MS;
const MINUTES = (T0 + 3_600_000 - START) / MINUTE_MS;
const totalAt = (m: number) => 100 + (m % 7) * 10;
const errorsAt = (m: number) => (m % 300 < 20 ? 30 : m % 13 === 0 ? 1 : 0);

function counter(inc: (m: number) => number): Array<[number, number]> {
  let v = 0;
  return Array.from({ length: MINUTES + 1 }, (_, m) => {
    if (m > 0) v += inc(m);
    return [START + m * MINUTE_MS, v] as [number, number];
  });
}

let prom: RunningPrometheus;
let target: PrometheusTarget;
let serviceId: string;
let sloId: string;

beforeAll(async () => {
  prom = await startPrometheus({
    openMetrics: openMetricsText([
      { name: 'st_requests_total', labels: { job: 'app' }, samples: counter(totalAt) },
      { name: 'st_errors_total', labels: { job: 'app' }, samples: counter(errorsAt) },
    ]),
  });
  target = { url: prom.url, auth: { kind: 'none' } };
  setBackfillSender(async () => undefined);
  const team = await createTeam(system, { slug: `st-${suffix}`, name: `State team ${suffix}` });
  const service = await createService(system, { slug: `state-${suffix}`, name: 'State', teamId: team.id });
  serviceId = service.id;
}, 120_000);

afterAll(async () => {
  await prom?.stop();
});

const stateRow = (id: string) => getPrisma().sloState.findUnique({ where: { sloId: id } });

/** The list's figures equal a recomputation from the buckets at the same instant. */
async function expectRecomputed(item: SloListItem) {
  const row = (await repo.findSlo(db(), item.id))!;
  const { summary } = (await evaluate(db(), [row], Date.parse(item.evaluatedAt)))[0]!;
  const near = (a: number | null, b: number | null) => (a === null || b === null ? expect(a).toBe(b) : expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b))));
  expect(item.dataState).toBe(summary.dataState);
  near(item.sli, summary.sli);
  near(item.remainingPercent, summary.budget.remainingPercent);
  near(item.burnRate1h, summary.burnRates.find((b) => b.window === '1h')!.burnRate);
  expect(item.band).toBe(summary.policy.band);
}

describe('precomputed SLO state', () => {
  it('the backfill stores the state; the list reads it and equals the recomputation', async () => {
    const created = await createSlo(system, {
      slo: {
        service: `state-${suffix}`,
        name: 'availability',
        objective: 99,
        window: { type: 'rolling', days: 1 },
        sli: { type: 'events', errorQuery: 'sum(rate(st_errors_total[{{.window}}]))', totalQuery: 'sum(rate(st_requests_total[{{.window}}]))' },
        alerting: { name: 'StateAvailability' },
      },
      dataSourceId: null,
    });
    sloId = created.id;
    // Nothing sampled yet: recomputed (no data), and reading stored nothing.
    expect(created.dataState).toBe('no-data');
    expect(await stateRow(sloId)).toBeNull();
    expect(await backfillSlo(sloId, T0 + MINUTE_MS, { target })).toMatchObject({ status: 'ok', missing: 0 });
    const state = await stateRow(sloId);
    expect(state!.evaluatedAt.getTime()).toBe(T0);
    const item = (await listSlos(system, { serviceId }, T0 + MINUTE_MS))[0]!;
    expect(item).toMatchObject({ id: sloId, evaluatedAt: new Date(T0).toISOString(), stale: false, dataState: 'ok' });
    expect(item.remainingPercent).toBe(state!.remainingPercent);
    await expectRecomputed(item);
  }, 60_000);

  it('sampler ticks close buckets and move the state; late data patches it', async () => {
    for (const minutes of [6, 11, 26]) {
      const now = T0 + minutes * MINUTE_MS;
      const outcome = await sampleDue(now, { target, requestBackfill: async () => undefined });
      expect(outcome.statesUpdated).toBeGreaterThanOrEqual(1);
      const end = Math.floor((now - MINUTE_MS) / FIVE_MIN) * FIVE_MIN;
      expect((await stateRow(sloId))!.evaluatedAt.getTime()).toBe(end);
      const item = (await listSlos(system, { serviceId }, now)).find((s) => s.id === sloId)!;
      expect(item.evaluatedAt).toBe(new Date(end).toISOString());
      await expectRecomputed(item);
    }
    // A bucket an hour back arrives again with an outage in it (late data).
    const row = (await repo.findSlo(db(), sloId))!;
    const before = (await listSlos(system, { serviceId }, T0 + 26 * MINUTE_MS)).find((s) => s.id === sloId)!;
    await writeBuckets(row, [{ start: T0 - 60 * MINUTE_MS, bad: 500, total: 600, missing: false }]);
    const after = (await listSlos(system, { serviceId }, T0 + 26 * MINUTE_MS)).find((s) => s.id === sloId)!;
    expect(after.remainingPercent).toBeLessThan(before.remainingPercent);
    expect(after.evaluatedAt).toBe(before.evaluatedAt);
    await expectRecomputed(after);
  }, 60_000);

  it('the change gate reads the same remaining budget from the state', async () => {
    const item = (await listSlos(system, { serviceId }, T0 + 26 * MINUTE_MS)).find((s) => s.id === sloId)!;
    const budgets = await remainingBudgetsByService([serviceId], T0 + 26 * MINUTE_MS);
    expect(budgets.get(serviceId)).toEqual([{ remainingPercent: item.remainingPercent, slo: `state-${suffix}/availability` }]);
  });

  it('a state older than three buckets is read as it is and flagged stale, not recomputed', async () => {
    const fresh = (await listSlos(system, { serviceId }, T0 + 26 * MINUTE_MS)).find((s) => s.id === sloId)!;
    const later = (await listSlos(system, { serviceId }, T0 + 50 * MINUTE_MS)).find((s) => s.id === sloId)!;
    expect(later).toMatchObject({ stale: true, evaluatedAt: fresh.evaluatedAt, remainingPercent: fresh.remainingPercent });
  });

  it('a definition change is recomputed on read until the next tick rebuilds the state in full', async () => {
    const before = (await stateRow(sloId))!;
    await updateSlo(system, {
      id: sloId,
      slo: {
        service: `state-${suffix}`,
        name: 'availability',
        objective: 99.5,
        window: { type: 'rolling', days: 1 },
        sli: { type: 'events', errorQuery: 'sum(rate(st_errors_total[{{.window}}]))', totalQuery: 'sum(rate(st_requests_total[{{.window}}]))' },
        alerting: { name: 'StateAvailability' },
      },
      dataSourceId: null,
    });
    const read = (await listSlos(system, { serviceId }, T0 + 27 * MINUTE_MS)).find((s) => s.id === sloId)!;
    expect(read).toMatchObject({ objective: 99.5, evaluatedAt: new Date(T0 + 25 * MINUTE_MS).toISOString(), stale: false });
    await expectRecomputed(read);
    expect((await stateRow(sloId))!.definitionKey).toBe(before.definitionKey);

    const now = T0 + 31 * MINUTE_MS;
    await sampleDue(now, { target, requestBackfill: async () => undefined });
    const after = (await stateRow(sloId))!;
    expect(after.definitionKey).not.toBe(before.definitionKey);
    expect(after.evaluatedAt.getTime()).toBe(T0 + 30 * MINUTE_MS);
    const item = (await listSlos(system, { serviceId }, now)).find((s) => s.id === sloId)!;
    expect(item.evaluatedAt).toBe(new Date(T0 + 30 * MINUTE_MS).toISOString());
    await expectRecomputed(item);
  });
});
