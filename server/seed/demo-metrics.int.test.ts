// The demo's metrics seed against a running simulator: the data source and SLOs
// are created once (audited), and an SLO backfills from the simulated Prometheus.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPrisma } from '../db';
import { shopIncidentWindows, startSimulator, type Simulator } from '@/simulator';
import { backfillSlo } from '../slo/slo-sampler.service';
import { listSlos, setBackfillSender } from '../slo/slo.service';
import { getIncident, listIncidents } from '../incidents/incidents.service';
import { listRunbooks } from '../runbooks/runbooks.service';
import { DEMO_RUNBOOKS } from './demo-runbooks.data';
import { DEMO_SLOS } from './demo-slos.data';
import { seedDemoMetrics } from './demo-metrics.service';
import { seedCatalog } from './seed.service';

const ctx = { actor: { kind: 'system' as const, id: 'system' as const, name: 'seed' }, requestId: null };
let sim: Simulator;
const queued: string[] = [];

beforeAll(async () => {
  setBackfillSender(async (id) => queued.push(id));
  sim = await startSimulator({ scenario: 'shop' });
  // Teams and services only: seed.int.test.ts expects to be the first to create the demo users.
  await seedCatalog(ctx);
});
afterAll(async () => {
  await sim.close();
});

describe('demo metrics seed', () => {
  it('creates the data source and the SLOs once, queues their backfill, and writes audit rows', async () => {
    const first = await seedDemoMetrics(ctx, sim.prometheusUrl, shopIncidentWindows('runwell', Date.now()));
    const expected = DEMO_SLOS.reduce((n, s) => n + (s.latency === undefined ? 1 : 2), 0);
    // Another test file may have seeded first in the shared database: then nothing is new.
    if (first.createdDataSource) expect(first.createdSlos).toHaveLength(expected);
    expect(first.warnings).toEqual([]);
    const again = await seedDemoMetrics(ctx, sim.prometheusUrl, shopIncidentWindows('runwell', Date.now()));
    expect(again).toEqual({ createdDataSource: false, createdSlos: [], createdRunbooks: [], createdIncidents: [], createdPostmortems: [], warnings: [] });
    // Two resolved incidents in the past, with a timeline and the MTTx times set.
    const incidents = (await listIncidents(ctx, { state: 'all' })).filter((i) => ['Checkout web returning 5xx', 'Payments API latency regression'].includes(i.title));
    expect(incidents).toHaveLength(2);
    for (const i of incidents) {
      expect(i.state).toBe('resolved');
      const detail = await getIncident(ctx, i.id);
      expect(detail.timeline.length).toBeGreaterThanOrEqual(5);
    }
    // Each SLO alert's runbook_url finds a complete runbook.
    const runbooks = await listRunbooks(ctx);
    for (const r of DEMO_RUNBOOKS) expect(runbooks.find((x) => x.url === r.url), r.slug).toMatchObject({ complete: true });
    const slos = (await listSlos(ctx)).filter((s) => DEMO_SLOS.some((d) => d.service === s.serviceSlug));
    expect(slos.length).toBeGreaterThanOrEqual(expected);
    const audits = await getPrisma().auditLog.count({ where: { action: { in: ['datasource.create', 'slo.import'] } } });
    expect(audits).toBeGreaterThanOrEqual(expected + 1);
    if (first.createdDataSource) expect(queued.length).toBeGreaterThanOrEqual(expected);
  });

  it('an SLO backfills from the simulated Prometheus and the services get different budgets', async () => {
    const slos = (await listSlos(ctx)).filter((s) => s.name === 'requests-availability' && ['checkout-web', 'payments-ledger'].includes(s.serviceSlug));
    expect(slos).toHaveLength(2);
    const now = Date.now();
    for (const s of slos) {
      const outcome = await backfillSlo(s.id, now);
      expect(outcome).toMatchObject({ status: 'ok', missing: 0 });
    }
    const after = (await listSlos(ctx, {}, now)).filter((s) => slos.some((x) => x.id === s.id));
    for (const s of after) expect(s.dataState).toBe('ok');
    expect(new Set(after.map((s) => s.remainingPercent.toFixed(2))).size).toBe(2);
  }, 120_000);
});
