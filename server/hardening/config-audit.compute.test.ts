import { describe, expect, it } from 'vitest';
import { auditedWorkload, summarizeConfigAudits } from './config-audit.compute';

const labels = (kind: string, name: string) => ({ 'trivy-operator.resource.kind': kind, 'trivy-operator.resource.name': name, 'trivy-operator.resource.namespace': 'shop' });
const row = (kind: string, name: string, summary: object, checks: object[] = []) => ({ clusterName: 'prod', namespace: 'shop', name: `${kind.toLowerCase()}-${name}`, labels: labels(kind, name), data: { report: { summary, checks, updateTimestamp: '2026-12-05T10:00:00Z' } } });

describe('ConfigAuditReports per workload', () => {
  it('names the Deployment of a scanned ReplicaSet, counts by severity and lists the worst checks first', () => {
    const w = auditedWorkload(row('ReplicaSet', 'cart-6f9c8d7b5', { criticalCount: 1, highCount: 2, mediumCount: 3, lowCount: 4 }, [
      { checkID: 'KSV020', title: 'Runs with a low user ID', severity: 'LOW' },
      { checkID: 'KSV017', title: 'Privileged container', severity: 'HIGH' },
      { checkID: 'KSV005', title: 'SYS_ADMIN capability added', severity: 'CRITICAL' },
    ]));
    expect(w).toMatchObject({ workloadKind: 'Deployment', workloadName: 'cart', namespace: 'shop', critical: 1, high: 2, medium: 3, low: 4, scannedAt: '2026-12-05T10:00:00Z' });
    expect(w.failing.map((c) => c.id)).toEqual(['KSV005', 'KSV017', 'KSV020']);
  });

  it.each([
    ['missing summary', {}, [0, 0, 0, 0]],
    ['negative or non-numeric counts', { criticalCount: -1, highCount: '3', mediumCount: 2, lowCount: 1 }, [0, 0, 2, 1]],
  ])('%s counts as zero', (_, summary, counts) => {
    const w = auditedWorkload(row('StatefulSet', 'db', summary));
    expect([w.critical, w.high, w.medium, w.low]).toEqual(counts);
  });

  it('totals every report and ranks workloads with findings: critical, then high, medium, low', () => {
    const s = summarizeConfigAudits([
      auditedWorkload(row('StatefulSet', 'clean', {})),
      auditedWorkload(row('DaemonSet', 'agent', { highCount: 3, lowCount: 9 })),
      auditedWorkload(row('StatefulSet', 'db', { criticalCount: 1 })),
      auditedWorkload(row('CronJob', 'report', { highCount: 3, mediumCount: 1 })),
    ]);
    expect(s).toMatchObject({ reports: 4, critical: 1, high: 6, medium: 1, low: 9 });
    expect(s.workloads.map((w) => w.workloadName)).toEqual(['db', 'report', 'agent']);
  });
});
