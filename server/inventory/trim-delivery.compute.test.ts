import { describe, expect, it } from 'vitest';
import { KIND_BY_NAME } from './kinds.compute';
import { toRow } from './transform.compute';

// The canary, chaos, autoscaling and config-audit kinds keep what the maturity
// model and the security page read, in Kubernetes shape, and nothing sensitive.

const meta = (name: string, labels: Record<string, string> = {}) => ({ name, namespace: 'shop', uid: `u-${name}`, resourceVersion: '7', labels: { 'runwell.io/team': 'payments', ...labels } });
const row = (kind: string, o: object) => toRow(KIND_BY_NAME.get(kind)!, o);

describe('custom resource transforms', () => {
  it.each([
    [
      'Rollout',
      { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: meta('checkout'), spec: { replicas: 4, template: { spec: { containers: [{ name: 'app', image: 'x' }] } }, strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 60 }], trafficRouting: { nginx: { stableIngress: 'checkout' } }, analysis: { templates: [{ templateName: 'success-rate' }] } } } }, status: { phase: 'Healthy', currentStepIndex: 3, stableRS: '6f9c', readyReplicas: 4, conditions: [{ type: 'Available', status: 'True' }] } },
      { apiVersion: 'argoproj.io/v1alpha1', spec: { replicas: 4, strategy: { type: 'canary', steps: 3, trafficRouting: 'nginx', analysis: true } }, status: { phase: 'Healthy', currentStepIndex: 3, stableRS: '6f9c', readyReplicas: 4, conditions: { Available: 'True' } } },
    ],
    [
      'Canary',
      { apiVersion: 'flagger.app/v1beta1', kind: 'Canary', metadata: meta('cart'), spec: { provider: 'istio', targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'cart' }, service: { port: 80 }, analysis: { interval: '1m', threshold: 5, maxWeight: 50, stepWeight: 10, metrics: [{ name: 'request-success-rate', thresholdRange: { min: 99 } }] } }, status: { phase: 'Succeeded', canaryWeight: 0, failedChecks: 0, conditions: [{ type: 'Promoted', status: 'True' }] } },
      { apiVersion: 'flagger.app/v1beta1', spec: { provider: 'istio', targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'cart' }, analysis: { interval: '1m', threshold: 5, maxWeight: 50, stepWeight: 10, metrics: ['request-success-rate'] } }, status: { phase: 'Succeeded', canaryWeight: 0, failedChecks: 0, conditions: { Promoted: 'True' } } },
    ],
    [
      'PodChaos',
      { apiVersion: 'chaos-mesh.org/v1alpha1', kind: 'PodChaos', metadata: meta('kill-one'), spec: { action: 'pod-kill', mode: 'one', duration: '30s', selector: { namespaces: ['shop'], labelSelectors: { app: 'cart' } } }, status: { experiment: { desiredPhase: 'Stop', containerRecords: [] }, conditions: [{ type: 'AllInjected', status: 'True' }, { type: 'AllRecovered', status: 'True' }] } },
      { apiVersion: 'chaos-mesh.org/v1alpha1', spec: { action: 'pod-kill', duration: '30s', namespaces: ['shop'], labelSelectors: { app: 'cart' }, mode: 'one' }, status: { desiredPhase: 'Stop', conditions: { AllInjected: 'True', AllRecovered: 'True' } } },
    ],
    [
      'ChaosSchedule',
      { apiVersion: 'chaos-mesh.org/v1alpha1', kind: 'Schedule', metadata: meta('weekly-kill'), spec: { schedule: '0 10 * * 2', type: 'PodChaos', historyLimit: 5, concurrencyPolicy: 'Forbid', podChaos: { action: 'pod-kill', mode: 'one', selector: { namespaces: ['shop'] } } }, status: { time: '2026-12-01T10:00:00Z', active: [{ name: 'weekly-kill-x' }] } },
      { apiVersion: 'chaos-mesh.org/v1alpha1', spec: { schedule: '0 10 * * 2', type: 'PodChaos', concurrencyPolicy: 'Forbid', historyLimit: 5, action: 'pod-kill', namespaces: ['shop'], mode: 'one' }, status: { lastScheduleTime: '2026-12-01T10:00:00Z', active: 1 } },
    ],
    [
      'ScaledObject',
      { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', metadata: meta('orders'), spec: { scaleTargetRef: { name: 'orders' }, minReplicaCount: 2, maxReplicaCount: 20, triggers: [{ type: 'prometheus', metadata: { serverAddress: 'http://user:secret@prom:9090', query: 'sum(rate(x[1m]))', threshold: '100' } }, { type: 'cron', metadata: { timezone: 'UTC', start: '0 8 * * *', end: '0 20 * * *', desiredReplicas: '6' } }] }, status: { scaleTargetKind: 'apps/v1.Deployment', originalReplicaCount: 2, conditions: [{ type: 'Ready', status: 'True' }, { type: 'Active', status: 'False' }] } },
      { apiVersion: 'keda.sh/v1alpha1', spec: { minReplicaCount: 2, maxReplicaCount: 20, scaleTargetRef: { name: 'orders' }, triggers: [{ type: 'prometheus' }, { type: 'cron' }] }, status: { scaleTargetKind: 'apps/v1.Deployment', originalReplicaCount: 2, conditions: { Ready: 'True', Active: 'False' } } },
    ],
    [
      'ConfigAuditReport',
      { apiVersion: 'aquasecurity.github.io/v1alpha1', kind: 'ConfigAuditReport', metadata: meta('replicaset-cart-6f9c'), report: { scanner: { name: 'Trivy' }, updateTimestamp: '2026-12-05T10:00:00Z', summary: { criticalCount: 1, highCount: 2, mediumCount: 3, lowCount: 4 }, checks: [{ checkID: 'KSV017', title: 'Privileged container', severity: 'HIGH', category: 'Kubernetes Security Check', success: false, messages: ['Container app should set privileged to false'] }, { checkID: 'KSV001', title: 'Process can elevate its own privileges', severity: 'MEDIUM', success: true }] } },
      { apiVersion: 'aquasecurity.github.io/v1alpha1', report: { summary: { criticalCount: 1, highCount: 2, mediumCount: 3, lowCount: 4 }, updateTimestamp: '2026-12-05T10:00:00Z', checks: [{ checkID: 'KSV017', title: 'Privileged container', severity: 'HIGH', category: 'Kubernetes Security Check' }] } },
    ],
  ])('%s', (kind, obj, data) => {
    const r = row(kind, obj);
    expect(r).toMatchObject({ kind, namespace: 'shop', team: 'payments', resourceVersion: '7' });
    expect(r.data).toEqual(data);
    expect(JSON.stringify(r.data)).not.toMatch(/secret|serverAddress|containers/);
  });
});
