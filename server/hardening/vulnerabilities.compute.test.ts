import { describe, expect, it } from 'vitest';
import { rankImages, vulnerableImage, workloadOf, type ReportRow } from './vulnerabilities.compute';

const NOW = Date.parse('2026-12-05T12:00:00Z');
const row = (name: string, critical: number, high: number, vulns: object[], artifact: object = { repository: 'shop/checkout', tag: '1.4.2' }): ReportRow => ({
  clusterName: 'prod',
  namespace: 'shop',
  name: `replicaset-${name}-7d9f8b6c5d-app`,
  labels: { 'trivy-operator.resource.kind': 'ReplicaSet', 'trivy-operator.resource.name': `${name}-7d9f8b6c5d`, 'trivy-operator.resource.namespace': 'shop', 'trivy-operator.container.name': 'app' },
  data: { report: { artifact, registry: { server: 'ghcr.io' }, summary: { criticalCount: critical, highCount: high, mediumCount: 9 }, updateTimestamp: '2026-12-05T06:00:00Z', vulnerabilities: vulns } },
});

describe('vulnerability reports', () => {
  it('counts critical/high and finds the oldest one a fix exists for', () => {
    const v = vulnerableImage(
      row('checkout', 1, 2, [
        { id: 'CVE-2024-1', severity: 'HIGH', resource: 'openssl', installedVersion: '3.0.1', fixedVersion: '3.0.8', published: '2024-02-01T00:00:00Z' },
        { id: 'CVE-2023-9', severity: 'CRITICAL', resource: 'glibc', installedVersion: '2.31', fixedVersion: '', published: '2023-01-01T00:00:00Z' },
        { id: 'CVE-2024-7', severity: 'HIGH', resource: 'curl', installedVersion: '8.0', fixedVersion: '8.4', published: '2024-10-01T00:00:00Z' },
      ]),
      NOW,
    );
    expect(v).toMatchObject({ workloadKind: 'Deployment', workloadName: 'checkout', container: 'app', image: 'ghcr.io/shop/checkout:1.4.2', critical: 1, high: 2, fixable: 2 });
    // The unfixable CVE-2023-9 is older but has no fix: it is not "unfixed", it is unfixable.
    expect(v.oldestUnfixed).toMatchObject({ id: 'CVE-2024-1', resource: 'openssl', fixedVersion: '3.0.8', ageDays: 1038 });
  });

  it.each([
    [{ repository: 'library/nginx', digest: 'sha256:abc' }, 'ghcr.io/library/nginx@sha256:abc'],
    [{ repository: 'redis' }, 'ghcr.io/redis'],
  ])('names the image %o as %s', (artifact, image) => {
    expect(vulnerableImage(row('x', 0, 0, [], artifact), NOW).image).toBe(image);
  });

  it.each([
    ['ReplicaSet', 'checkout-7d9f8b6c5d', 'Deployment', 'checkout'],
    ['ReplicaSet', 'odd', 'ReplicaSet', 'odd'],
    ['StatefulSet', 'db-0abc123', 'StatefulSet', 'db-0abc123'],
  ])('%s %s is shown as %s %s', (kind, name, wantKind, wantName) => {
    expect(workloadOf(kind, name)).toEqual({ kind: wantKind, name: wantName });
  });

  it('ranks critical first, drops clean images', () => {
    const images = [row('a', 0, 5, []), row('b', 2, 0, []), row('c', 0, 0, []), row('d', 2, 1, [])].map((r) => vulnerableImage(r, NOW));
    expect(rankImages(images).map((i) => i.workloadName)).toEqual(['d', 'b', 'a']);
  });
});
