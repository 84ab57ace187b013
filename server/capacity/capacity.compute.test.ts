import { describe, expect, it } from 'vitest';
import { clusterCapacity, namespaceCapacity, nodeCapacity, type NodeInput, type PodInput } from './capacity.compute';
import { charge, monthlyCost } from './cost.compute';
import { podResources, type PodSpecLike, type Resources } from './resources.compute';
import { percentile, rightSizingHints } from './right-sizing.compute';

const Mi = 1024 ** 2;
const Gi = 1024 ** 3;
const c = (requests: Record<string, string> | null, limits: Record<string, string> | null = null, restartPolicy?: string) => ({
  name: 'c',
  resources: { requests, limits },
  ...(restartPolicy ? { restartPolicy } : {}),
});

describe('podResources (kube-capacity / scheduler rules)', () => {
  it.each<{ label: string; spec: PodSpecLike; requests: Resources; limits: Resources }>([
    { label: 'no containers', spec: {}, requests: { cpu: 0, memory: 0 }, limits: { cpu: 0, memory: 0 } },
    {
      label: 'sum of containers',
      spec: { containers: [c({ cpu: '100m', memory: '128Mi' }, { cpu: '200m', memory: '256Mi' }), c({ cpu: '0.5', memory: '1Gi' }, { memory: '1Gi' })] },
      requests: { cpu: 600, memory: 128 * Mi + Gi },
      limits: { cpu: 200, memory: 256 * Mi + Gi },
    },
    {
      label: 'largest init container wins when bigger than the sum',
      spec: { containers: [c({ cpu: '100m', memory: '64Mi' })], initContainers: [c({ cpu: '1', memory: '32Mi' }), c({ cpu: '200m', memory: '16Mi' })] },
      requests: { cpu: 1000, memory: 64 * Mi },
      limits: { cpu: 0, memory: 0 },
    },
    {
      label: 'init max is taken per resource',
      spec: { containers: [c({ cpu: '2', memory: '64Mi' })], initContainers: [c({ cpu: '100m', memory: '2Gi' })] },
      requests: { cpu: 2000, memory: 2 * Gi },
      limits: { cpu: 0, memory: 0 },
    },
    {
      label: 'overhead is added after the max',
      spec: { containers: [c({ cpu: '100m', memory: '100Mi' })], initContainers: [c({ cpu: '300m' })], overhead: { cpu: '250m', memory: '120Mi' } },
      requests: { cpu: 550, memory: 220 * Mi },
      limits: { cpu: 250, memory: 120 * Mi },
    },
    {
      label: 'sidecar init containers add to the sum and to later init containers',
      spec: {
        containers: [c({ cpu: '100m', memory: '100Mi' })],
        initContainers: [c({ cpu: '50m', memory: '50Mi' }, null, 'Always'), c({ cpu: '200m', memory: '10Mi' })],
      },
      // sum = 100 + 50 sidecar = 150; init peak = 200 + 50 = 250 → 250m; memory: 150Mi vs 60Mi → 150Mi
      requests: { cpu: 250, memory: 150 * Mi },
      limits: { cpu: 0, memory: 0 },
    },
  ])('$label', ({ spec, requests, limits }) => {
    const r = podResources(spec);
    expect(r.requests).toEqual(requests);
    expect(r.limits).toEqual(limits);
  });

  it('flags containers without limits', () => {
    const r = podResources({ containers: [c({ cpu: '1' }, { cpu: '1' }), c({ cpu: '1' }, { cpu: '1', memory: '1Gi' })] });
    expect(r.unlimited).toEqual({ cpu: false, memory: true });
  });
});

const pod = (over: Partial<PodInput>): PodInput => ({
  namespace: 'shop',
  name: 'p',
  nodeName: 'n1',
  phase: 'Running',
  requests: { cpu: 100, memory: 100 * Mi },
  limits: { cpu: 200, memory: 200 * Mi },
  usage: null,
  ...over,
});

const node = (name: string, over: Partial<NodeInput> = {}): NodeInput => ({
  name,
  allocatable: { cpu: 1000, memory: Gi, pods: 110 },
  ready: true,
  unschedulable: false,
  usage: null,
  ...over,
});

describe('nodeCapacity', () => {
  const pods: PodInput[] = [
    pod({ name: 'a' }),
    pod({ name: 'b', phase: 'Pending' }), // bound but not started yet: counts
    pod({ name: 'c', phase: 'Succeeded' }), // done: does not count
    pod({ name: 'd', phase: 'Failed' }),
    pod({ name: 'e', nodeName: null, phase: 'Pending' }), // unscheduled: on no node
    pod({ name: 'f', nodeName: 'n2', requests: { cpu: 1200, memory: 0 } }),
    pod({ name: 'g', nodeName: 'ghost' }), // node not known: ignored
    pod({ name: 'h', phase: null }), // phase unknown: still holds resources
  ];
  const rows = nodeCapacity([node('n1', { usage: { cpu: 450, memory: 512 * Mi } }), node('n2', { unschedulable: true })], pods);

  it('counts bound, non-terminated pods only', () => {
    expect(rows.map((r) => [r.name, r.pods, r.requested.cpu, r.limits.cpu])).toEqual([
      ['n1', 3, 300, 600],
      ['n2', 1, 1200, 200],
    ]);
  });

  it('percentages, free and usage', () => {
    const [n1, n2] = rows;
    expect(n1!.percent.requested.cpu).toBeCloseTo(30);
    expect(n1!.percent.limits.cpu).toBeCloseTo(60);
    expect(n1!.percent.used!.memory).toBeCloseTo(50);
    expect(n1!.free).toEqual({ cpu: 700, memory: Gi - 300 * Mi });
    expect(n2!.free.cpu).toBe(-200);
    expect(n2!.used).toBeNull();
    expect(n2!.percent.used).toBeNull();
  });

  it('cluster roll-up: headroom only on schedulable nodes, pending pods separately', () => {
    const cluster = clusterCapacity(
      [...rows, ...nodeCapacity([node('n3', { ready: false })], [])],
      pods,
    );
    expect(cluster.nodes).toBe(3);
    expect(cluster.schedulableNodes).toBe(1);
    expect(cluster.allocatable.cpu).toBe(3000);
    expect(cluster.requested.cpu).toBe(1500);
    expect(cluster.headroom).toEqual({ cpu: 700, memory: Gi - 300 * Mi });
    expect(cluster.largestFreeNode.cpu).toBe(700);
    expect(cluster.pending).toEqual({ pods: 1, requested: { cpu: 100, memory: 100 * Mi } });
    expect(cluster.pods).toBe(4);
    expect(cluster.used).toEqual({ cpu: 450, memory: 512 * Mi });
    expect(cluster.nodesWithMetrics).toBe(1);
    expect(cluster.percent.requested.cpu).toBeCloseTo(50);
  });

  it('no metrics at all: used is null, not zero', () => {
    const cluster = clusterCapacity(nodeCapacity([node('x')], []), []);
    expect(cluster.used).toBeNull();
    expect(cluster.percent.used).toBeNull();
    expect(cluster.percent.requested.cpu).toBe(0);
  });
});

describe('namespaceCapacity', () => {
  it('sums non-terminated pods including unscheduled ones, with the OpenCost charge', () => {
    const rows = namespaceCapacity([
      pod({ namespace: 'a', usage: { cpu: 50, memory: 300 * Mi } }), // idle cpu, bursting memory
      pod({ namespace: 'a', nodeName: null, phase: 'Pending' }),
      pod({ namespace: 'a', phase: 'Succeeded', usage: { cpu: 999, memory: 0 } }),
      pod({ namespace: 'b', requests: { cpu: 2000, memory: Gi } }),
    ]);
    expect(rows.map((r) => r.namespace)).toEqual(['b', 'a']); // by requested CPU
    const a = rows[1]!;
    expect(a).toMatchObject({ pods: 2, unscheduled: 1, podsWithMetrics: 1 });
    expect(a.requested).toEqual({ cpu: 200, memory: 200 * Mi });
    expect(a.used).toEqual({ cpu: 50, memory: 300 * Mi });
    // max(request, usage) per pod: (100, 300Mi) + request (100, 100Mi)
    expect(a.charged).toEqual({ cpu: 200, memory: 400 * Mi });
    expect(rows[0]!.used).toBeNull();
  });
});

describe('charge and cost', () => {
  it.each([
    [{ cpu: 100, memory: 10 }, null, { cpu: 100, memory: 10 }],
    [{ cpu: 100, memory: 10 }, { cpu: 50, memory: 20 }, { cpu: 100, memory: 20 }],
    [{ cpu: 0, memory: 0 }, { cpu: 5, memory: 5 }, { cpu: 5, memory: 5 }],
  ])('charge(%j, %j) = %j', (req, use, expected) => {
    expect(charge(req, use)).toEqual(expected);
  });
  it('one core and one GiB for a month at OpenCost default prices', () => {
    expect(monthlyCost({ cpu: 1000, memory: Gi })).toBeCloseTo((0.031611 + 0.004237) * 730, 6);
  });
});

describe('percentile (nearest rank)', () => {
  it.each([
    [[], 95, null],
    [[5], 95, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95, 10],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50, 5],
    [Array.from({ length: 100 }, (_, i) => 100 - i), 95, 95],
  ])('%j p%d = %j', (samples, p, expected) => {
    expect(percentile(samples, p)).toBe(expected);
  });
});

describe('rightSizingHints', () => {
  const w = (request: Resources, cpu: number[], memory: number[]) => ({ namespace: 'shop', workload: 'Deployment/api', pods: 3, request, samples: { cpu, memory } });

  it.each([
    { label: 'oversized CPU: p95 below 30 %', input: w({ cpu: 1000, memory: 0 }, [100, 120, 150], []), expected: [['cpu', 'oversized', 200, 2400]] },
    { label: 'at 30 % exactly: no hint', input: w({ cpu: 1000, memory: 0 }, [300], []), expected: [] },
    { label: 'request under the minimum worth tuning: no hint', input: w({ cpu: 50, memory: 0 }, [1], []), expected: [] },
    { label: 'oversized memory, rounded to 16 MiB', input: w({ cpu: 0, memory: Gi }, [], [100 * Mi]), expected: [['memory', 'oversized', 144 * Mi, 3 * (Gi - 144 * Mi)]] },
    { label: 'floor applies', input: w({ cpu: 500, memory: 0 }, [1], []), expected: [['cpu', 'oversized', 10, 1470]] },
    { label: 'memory above request: under-requested', input: w({ cpu: 0, memory: 256 * Mi }, [], [300 * Mi]), expected: [['memory', 'under-requested', 400 * Mi, -3 * 144 * Mi]] },
    { label: 'no samples: nothing to say', input: w({ cpu: 1000, memory: Gi }, [], []), expected: [] },
    { label: 'no request: readiness checks report that, not right-sizing', input: w({ cpu: 0, memory: 0 }, [500], [Gi]), expected: [] },
  ])('$label', ({ input, expected }) => {
    const hints = rightSizingHints([input]);
    expect(hints.map((h) => [h.resource, h.kind, h.suggested, h.totalChange])).toEqual(expected);
    for (const h of hints) expect(h.reason).toMatch(/95th percentile/);
  });

  it('orders the largest change first', () => {
    const hints = rightSizingHints([
      { namespace: 'a', workload: 'Deployment/small', pods: 1, request: { cpu: 200, memory: 0 }, samples: { cpu: [10], memory: [] } },
      { namespace: 'a', workload: 'Deployment/big', pods: 10, request: { cpu: 2000, memory: 0 }, samples: { cpu: [10], memory: [] } },
    ]);
    expect(hints.map((h) => h.workload)).toEqual(['Deployment/big', 'Deployment/small']);
  });
});
