import { describe, expect, it } from 'vitest';
import { humanDuration } from './plan';
import { ResourceRegistry } from './resources';
import { podStatusReason, tableColumns, toTable } from './table';
import type { KubeObject } from './types';

const registry = new ResourceRegistry();
const NOW = Date.parse('2026-11-01T12:00:00Z');

function pod(status: Record<string, unknown>, extra: Partial<KubeObject['metadata']> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns', uid: 'u', resourceVersion: '1', creationTimestamp: '2026-11-01T10:00:00Z', ...extra },
    spec: { containers: [{ name: 'a', image: 'a' }, { name: 'b', image: 'b' }], nodeName: 'n1' },
    status,
  };
}

describe('human durations (kubectl AGE)', () => {
  it.each([
    [5_000, '5s'],
    [119_000, '119s'],
    [150_000, '2m30s'],
    [45 * 60_000, '45m'],
    [(3 * 60 + 20) * 60_000, '3h20m'],
    [30 * 3_600_000, '30h'],
    [(3 * 24 + 5) * 3_600_000, '3d5h'],
    [45 * 86_400_000, '45d'],
    [800 * 86_400_000, '2y70d'],
  ])('%i ms -> %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('pod STATUS column', () => {
  it.each([
    [{ phase: 'Running', containerStatuses: [{ ready: true, state: { running: {} } }, { ready: true, state: { running: {} } }] }, 'Running'],
    [{ phase: 'Running', containerStatuses: [{ ready: false, state: { waiting: { reason: 'CrashLoopBackOff' } } }, { ready: true, state: { running: {} } }] }, 'CrashLoopBackOff'],
    [{ phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ContainerCreating' } } }] }, 'ContainerCreating'],
    [{ phase: 'Pending' }, 'Pending'],
    [{ phase: 'Succeeded', containerStatuses: [{ state: { terminated: { reason: 'Completed', exitCode: 0 } } }] }, 'Completed'],
    [{ phase: 'Failed', containerStatuses: [{ state: { terminated: { reason: 'Error', exitCode: 1 } } }] }, 'Error'],
    [{ phase: 'Failed', reason: 'Evicted' }, 'Evicted'],
    [{ phase: 'Pending', initContainerStatuses: [{ state: { waiting: { reason: 'ImagePullBackOff' } } }] }, 'Init:ImagePullBackOff'],
  ])('%j -> %s', (status, reason) => {
    expect(podStatusReason(pod(status))).toBe(reason);
  });

  it('shows Terminating for pods being deleted', () => {
    expect(podStatusReason(pod({ phase: 'Running' }, { deletionTimestamp: '2026-11-01T12:00:00Z' }))).toBe('Terminating');
  });
});

describe('Table output', () => {
  it('renders pod rows with READY, RESTARTS and AGE', () => {
    const p = pod({ phase: 'Running', podIP: '10.0.0.1', containerStatuses: [{ ready: true, restartCount: 2, state: { running: {} }, lastState: { terminated: { finishedAt: '2026-11-01T11:55:00Z' } } }, { ready: false, restartCount: 0, state: { running: {} } }] });
    const t = toTable(registry.lookup('', 'v1', 'pods')!, [p], NOW, 'Metadata', { resourceVersion: '7' }) as { rows: { cells: unknown[]; object: { kind: string } }[]; metadata: unknown };
    expect(t.rows[0]!.cells).toEqual(['p', '1/2', 'Running', '2 (5m ago)', '120m', '10.0.0.1', 'n1', '<none>', '<none>']);
    expect(t.rows[0]!.object.kind).toBe('PartialObjectMetadata');
    expect(t.metadata).toEqual({ resourceVersion: '7' });
  });

  it('has column definitions for every served kind, with NAME first except events', () => {
    for (const def of registry.all) {
      if (def.virtual) continue;
      const cols = tableColumns(def);
      expect(cols.length, def.plural).toBeGreaterThanOrEqual(2);
      if (def.plural !== 'events') expect(cols[0]!.name).toBe('Name');
      expect(cols.some((c) => c.name === 'Name' || c.format === 'name')).toBe(true);
    }
  });

  it('prints deployments, HPAs and certificates like the real printers', () => {
    const dep: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', uid: 'u', resourceVersion: '1', creationTimestamp: '2026-10-01T12:00:00Z' }, spec: { replicas: 3, selector: { matchLabels: { app: 'd' } }, template: { spec: { containers: [{ name: 'c', image: 'i:1' }] } } }, status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } };
    const d = toTable(registry.lookup('apps', 'v1', 'deployments')!, [dep], NOW, 'None', {}) as { rows: { cells: unknown[] }[] };
    expect(d.rows[0]!.cells).toEqual(['d', '2/3', 3, 2, '31d', 'c', 'i:1', 'app=d']);
    const hpa: KubeObject = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h', uid: 'u', resourceVersion: '1', creationTimestamp: '2026-11-01T11:00:00Z' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, minReplicas: 2, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }] }, status: { currentReplicas: 3, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 41 } } }] } };
    const h = toTable(registry.lookup('autoscaling', 'v2', 'horizontalpodautoscalers')!, [hpa], NOW, 'None', {}) as { rows: { cells: unknown[] }[] };
    expect(h.rows[0]!.cells).toEqual(['h', 'Deployment/d', 'cpu: 41%/70%', '2', 5, 3, '60m']);
    const cert: KubeObject = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'c', uid: 'u', resourceVersion: '1', creationTimestamp: '2026-11-01T11:59:00Z' }, spec: { secretName: 's', issuerRef: { name: 'le' } }, status: { conditions: [{ type: 'Ready', status: 'False', message: 'expired' }] } };
    const c = toTable(registry.lookup('cert-manager.io', 'v1', 'certificates')!, [cert], NOW, 'None', {}) as { rows: { cells: unknown[] }[] };
    expect(c.rows[0]!.cells).toEqual(['c', 'False', 's', 'le', 'expired', '60s']);
  });
});
