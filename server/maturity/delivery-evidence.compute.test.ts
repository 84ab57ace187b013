import { describe, expect, it } from 'vitest';
import { evaluateMarker, MARKERS } from './maturity.compute';
import type { Evidence } from './maturity.schema';
import { deliveryEvidence, deliveryFacts, type InventoryRowFact } from './delivery-evidence.compute';

// The canary (L3), chaos (L4), continuous chaos (L5) and predictive scaling (L5)
// markers measured from the collected objects, per team and for the organisation.

const DAY = 86_400_000;
const now = Date.parse('2026-12-05T12:00:00Z');
const lookup = {
  services: [{ slug: 'checkout', teamId: 'pay' }, { slug: 'search', teamId: 'disc' }],
  teams: [{ id: 'pay', slug: 'payments', name: 'Payments' }, { id: 'disc', slug: 'discovery', name: 'Discovery' }, { id: 'plat', slug: 'platform', name: 'Platform' }],
};
const row = (kind: string, name: string, over: Partial<InventoryRowFact> = {}): InventoryRowFact => ({ kind, clusterName: 'prod', namespace: 'shop', name, labels: {}, annotations: {}, data: {}, createdAt: now - DAY, ...over });
const ns = (name: string, team: string) => row('Namespace', name, { namespace: '', labels: { 'runwell.io/team': team } });

describe('deliveryFacts: whose evidence an object is', () => {
  it.each([
    ['the service its labels name', row('Rollout', 'checkout', { labels: { 'app.kubernetes.io/part-of': 'checkout' } }), 'pay', 'checkout'],
    ['its own team label', row('Canary', 'cart', { labels: { team: 'discovery' } }), 'disc', null],
    ['the team of its namespace', row('ScaledObject', 'worker', { namespace: 'payments' }), 'pay', null],
    ['a chaos selector: the app it hits', row('PodChaos', 'kill', { namespace: 'chaos-testing', data: { spec: { namespaces: ['search'], labelSelectors: { app: 'search' } } } }), 'disc', 'search'],
    ['a chaos selector: the namespace it hits', row('ChaosSchedule', 'weekly', { namespace: 'chaos-testing', data: { spec: { namespaces: ['payments'] } } }), 'pay', null],
    ['nobody', row('Rollout', 'orphan', { namespace: 'misc' }), null, null],
  ])('%s', (_, r, teamId, slug) => {
    const [f] = deliveryFacts([ns('payments', 'payments'), ns('chaos-testing', 'platform'), r], lookup);
    expect(f).toMatchObject({ teamId, serviceSlug: slug });
  });

  it('links the workload a Canary or ScaledObject targets, else the cluster', () => {
    const facts = deliveryFacts([row('Canary', 'cart', { data: { spec: { targetRef: { kind: 'Deployment', name: 'cart' } } } }), row('PodChaos', 'kill')], lookup);
    expect(facts.map((f) => f.href)).toEqual(['/clusters/prod/workloads/shop/Deployment/cart', '/clusters/prod']);
  });
});

const facts = (rows: InventoryRowFact[]) => deliveryFacts([ns('payments', 'payments'), ...rows], lookup);
const markerOf = (key: string) => MARKERS.find((m) => m.evidence === key)!;

describe('deliveryEvidence: the four markers', () => {
  it.each([
    ['no Rollout or Canary: measured 0, not met', [], 'pay', 'canaryObjects', 0, 'not-met'],
    ['an Argo Rollout meets level 3 canary', [row('Rollout', 'api', { namespace: 'payments' })], 'pay', 'canaryObjects', 1, 'met'],
    ['a Flagger Canary of another team does not', [row('Canary', 'x', { labels: { team: 'discovery' } })], 'pay', 'canaryObjects', 0, 'not-met'],
    ['the organisation counts every team', [row('Canary', 'x', { labels: { team: 'discovery' } }), row('Rollout', 'api', { namespace: 'payments' })], null, 'canaryObjects', 2, 'met'],
    ['a PodChaos of last week meets chaos engineering', [row('PodChaos', 'kill', { namespace: 'payments', createdAt: now - 7 * DAY })], 'pay', 'chaosExperiments', 1, 'met'],
    ['a PodChaos 91 days old does not', [row('PodChaos', 'kill', { namespace: 'payments', createdAt: now - 91 * DAY })], 'pay', 'chaosExperiments', 0, 'not-met'],
    ['a chaos Schedule meets continuous chaos', [row('ChaosSchedule', 'weekly', { namespace: 'payments' })], 'pay', 'scheduledChaos', 1, 'met'],
    ['a paused Schedule does not', [row('ChaosSchedule', 'weekly', { namespace: 'payments', annotations: { 'experiment.chaos-mesh.org/pause': 'true' } })], 'pay', 'scheduledChaos', 0, 'not-met'],
    ['a KEDA ScaledObject meets predictive scaling', [row('ScaledObject', 'worker', { namespace: 'payments', data: { spec: { triggers: [{ type: 'cron' }, { type: 'prometheus' }] } } })], 'pay', 'predictiveScalers', 1, 'met'],
    ['a schedule is not an experiment', [row('ChaosSchedule', 'weekly', { namespace: 'payments' })], 'pay', 'chaosExperiments', 0, 'not-met'],
  ] as const)('%s', (_, rows, team, key, value, status) => {
    const e = deliveryEvidence(facts([...rows]), team, now);
    expect(e[key]).toMatchObject({ status: 'measured', value });
    expect(evaluateMarker(markerOf(key), e as Evidence).status).toBe(status);
  });

  it('names the objects and links the first as evidence', () => {
    const e = deliveryEvidence(facts([row('ScaledObject', 'worker', { namespace: 'payments', labels: { 'runwell.io/service': 'checkout' }, data: { spec: { scaleTargetRef: { name: 'worker' }, triggers: [{ type: 'cron' }] } } })]), 'pay', now);
    expect(e.predictiveScalers.detail).toBe('1 KEDA ScaledObject for 1 service (checkout): payments/worker (triggers: cron)');
    expect(e.predictiveScalers.href).toBe('/clusters/prod/workloads/payments/Deployment/worker');
  });

  it('an unreadable inventory is no data for all four', () => {
    const e = deliveryEvidence({ unavailable: 'the inventory could not be read' }, 'pay', now);
    expect([e.canaryObjects, e.chaosExperiments, e.scheduledChaos, e.predictiveScalers].map((m) => m.status)).toEqual(['no-data', 'no-data', 'no-data', 'no-data']);
  });
});
