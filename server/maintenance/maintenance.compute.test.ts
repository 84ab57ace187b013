import { describe, expect, it } from 'vitest';
import {
  allowedKubeletLag,
  describeSupport,
  groupBy,
  kubectlSkew,
  kubeletSkew,
  maintenanceSummary,
  nodeMaintenance,
  parseVersion,
  skewCounts,
  upstreamSupport,
  type MaintenanceNodeInput,
} from './maintenance.compute';

describe('parseVersion', () => {
  it.each([
    ['v1.30.6', { major: 1, minor: 30, patch: 6 }],
    ['v1.29.10-eks-59bf375', { major: 1, minor: 29, patch: 10 }],
    ['1.28', { major: 1, minor: 28, patch: 0 }],
    ['v1.27.3+k3s1', { major: 1, minor: 27, patch: 3 }],
  ])('%s', (raw, expected) => {
    expect(parseVersion(raw)).toMatchObject(expected);
  });
  it.each([null, undefined, '', 'latest', 'vX.Y'])('%j → null', (raw) => {
    expect(parseVersion(raw)).toBeNull();
  });
});

describe('kubeletSkew (version skew policy)', () => {
  it.each([
    // since 1.28: up to three minors older
    ['v1.30.6', 'v1.30.2', 'ok', 0],
    ['v1.30.6', 'v1.30.9', 'ok', 0], // newer patch of the same minor is fine
    ['v1.30.6', 'v1.29.10', 'ok', 1],
    ['v1.30.6', 'v1.28.15', 'ok', 2],
    ['v1.30.6', 'v1.27.16', 'warning', 3],
    ['v1.30.6', 'v1.26.1', 'violation', 4],
    ['v1.30.6', 'v1.31.0', 'violation', -1], // never newer
    ['v1.28.0', 'v1.25.0', 'warning', 3],
    // before 1.28: up to two minors older
    ['v1.27.4', 'v1.25.9', 'warning', 2],
    ['v1.27.4', 'v1.24.9', 'violation', 3],
    ['v1.26.0', 'v1.26.0', 'ok', 0],
    // unreadable
    ['v1.30.6', null, 'unknown', null],
    [null, 'v1.30.6', 'unknown', null],
    ['v2.0.0', 'v1.30.0', 'violation', null],
  ])('apiserver %s, kubelet %s → %s', (api, kubelet, status, behind) => {
    const r = kubeletSkew(api, kubelet);
    expect(r.status).toBe(status);
    expect(r.minorsBehind).toBe(behind);
    expect(r.explanation.length).toBeGreaterThan(10);
  });

  it('explains in plain words', () => {
    expect(kubeletSkew('v1.30.6', 'v1.31.0').explanation).toMatch(/newer than the control plane.*Upgrade the control plane first/);
    expect(kubeletSkew('v1.30.6', 'v1.26.1').explanation).toMatch(/4 minor versions behind.*supports kubelets from 1\.27 to 1\.30/);
    expect(kubeletSkew('v1.30.6', 'v1.27.1').explanation).toMatch(/next control-plane upgrade would put it out of policy/);
  });

  it.each([
    ['v1.27.0', 2],
    ['v1.28.0', 3],
    ['v1.35.1', 3],
  ])('allowed lag for %s is %d', (v, lag) => {
    expect(allowedKubeletLag(parseVersion(v)!)).toBe(lag);
  });
});

describe('kubectlSkew', () => {
  it.each([
    ['v1.30.6', 'v1.31.2', 'ok'],
    ['v1.30.6', 'v1.29.0', 'ok'],
    ['v1.30.6', 'v1.30.0', 'ok'],
    ['v1.30.6', 'v1.32.0', 'violation'],
    ['v1.30.6', 'v1.28.0', 'violation'],
    ['v1.30.6', 'garbage', 'unknown'],
  ])('apiserver %s, kubectl %s → %s', (api, kubectl, status) => {
    expect(kubectlSkew(api, kubectl).status).toBe(status);
  });
});

describe('upstreamSupport', () => {
  const now = new Date('2026-11-26T12:00:00Z');
  it.each([
    ['v1.30.6', 'end-of-life'],
    ['v1.34.2', 'end-of-life'], // 2026-10-27
    ['v1.35.0', 'supported'], // 2027-02-28: 95 days left, beyond the 90-day warning
    ['v1.36.1', 'supported'],
    ['v1.19.0', 'end-of-life'], // older than the table
    ['v1.99.0', 'unknown'],
    [null, 'unknown'],
  ])('%s on 2026-11-26 → %s', (v, status) => {
    expect(upstreamSupport(v, now).status).toBe(status);
  });

  it('counts days and ends at the end of the listed day', () => {
    expect(upstreamSupport('v1.35.0', new Date('2027-02-28T23:59:00Z'))).toMatchObject({ status: 'ending-soon', daysLeft: 1, planned: true });
    expect(upstreamSupport('v1.35.0', new Date('2027-03-01T00:00:00Z'))).toMatchObject({ status: 'end-of-life', daysAgo: 1 });
    expect(upstreamSupport('v1.35.0', new Date('2026-12-01T00:00:00Z'))).toMatchObject({ status: 'ending-soon', daysLeft: 90 });
  });

  it('describes', () => {
    expect(describeSupport('1.30', upstreamSupport('v1.30.6', now))).toBe('Kubernetes 1.30 reached upstream end of life on 2025-07-15: no more security fixes. Plan the upgrade now.');
    expect(describeSupport('1.36', upstreamSupport('v1.36.0', now))).toBe('Kubernetes 1.36 is supported upstream until 2027-06-28 (planned).');
  });
});

describe('nodeMaintenance and summary', () => {
  const now = new Date('2026-11-26T00:00:00Z');
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
  const node = (name: string, kubeletVersion: string | null, age: number | null, osImage = 'Amazon Linux 2023', kernelVersion = '6.1.0'): MaintenanceNodeInput => ({
    name,
    kubeletVersion,
    osImage,
    kernelVersion,
    containerRuntimeVersion: 'containerd://1.7.11',
    createdAt: age === null ? null : daysAgo(age),
  });
  const rows = nodeMaintenance(
    'v1.30.6',
    [node('a', 'v1.30.6', 10), node('b', 'v1.29.1', 100), node('c', 'v1.28.3', 200, 'Amazon Linux 2', '5.10.0'), node('d', 'v1.27.9', null), node('e', 'bad', 5)],
    now,
  );

  it('per node', () => {
    expect(rows.map((r) => [r.name, r.skew.status, r.blocksNextUpgrade, r.ageDays, r.old])).toEqual([
      ['a', 'ok', false, 10, false],
      ['b', 'ok', false, 100, true],
      ['c', 'ok', false, 200, true],
      ['d', 'warning', true, null, false],
      ['e', 'unknown', false, 5, false],
    ]);
  });

  it('summary', () => {
    const s = maintenanceSummary('v1.30.6', rows, now);
    expect(s.skew).toEqual({ ok: 3, warning: 1, violation: 0, unknown: 1 });
    expect(s.blockingNextUpgrade).toBe(1);
    expect(s.nextUpgrade).toBe('1.31');
    expect(s.kubectlRange).toBe('1.29 to 1.31');
    expect(s.oldNodes).toBe(2);
    expect(s.oldestNodeDays).toBe(200);
    expect(s.controlPlane.support.status).toBe('end-of-life');
    expect(s.groups.osImage.map((g) => [g.value, g.nodes])).toEqual([
      ['Amazon Linux 2023', 4],
      ['Amazon Linux 2', 1],
    ]);
    expect(s.groups.kernelVersion[0]).toEqual({ value: '6.1.0', nodes: 4, examples: ['a', 'b', 'd'] });
  });

  it('unknown control plane', () => {
    const s = maintenanceSummary(null, nodeMaintenance(null, [node('a', 'v1.30.0', 1)], now), now);
    expect(s.skew.unknown).toBe(1);
    expect(s.nextUpgrade).toBeNull();
    expect(s.controlPlane.explanation).toMatch(/not known yet/);
  });

  it('groupBy puts missing values under "unknown"', () => {
    const g = groupBy(nodeMaintenance('v1.30.0', [{ ...node('x', 'v1.30.0', 1), osImage: null }], now), (n) => n.osImage);
    expect(g).toEqual([{ value: 'unknown', nodes: 1, examples: ['x'] }]);
  });
});

describe('skewCounts', () => {
  const nodes = (...statuses: ('ok' | 'warning' | 'violation' | 'unknown')[]) => statuses.map((status) => ({ skew: { status } }));
  it.each([
    { name: 'no nodes', nodes: nodes(), expected: { ok: 0, warning: 0, violation: 0, unknown: 0 } },
    { name: 'one of each', nodes: nodes('ok', 'warning', 'violation', 'unknown'), expected: { ok: 1, warning: 1, violation: 1, unknown: 1 } },
    { name: 'repeats', nodes: nodes('violation', 'ok', 'violation', 'ok', 'ok'), expected: { ok: 3, warning: 0, violation: 2, unknown: 0 } },
  ])('$name', ({ nodes, expected }) => {
    expect(skewCounts(nodes as never)).toEqual(expected);
  });
});
