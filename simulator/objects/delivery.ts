import { createHash } from 'node:crypto';
import type { KubeObject } from '../types';

// The shop's progressive delivery, chaos and event-driven scaling, for the
// maturity model (docs/maturity.md "Canary, chaos and autoscaling"): payments
// rolls out through an Argo Rollout and runs Chaos Mesh experiments every week
// (a Schedule and the PodChaos it last created); checkout's API is a Flagger
// Canary, mid-analysis; search scales on a KEDA ScaledObject and ran one
// chaos experiment four months ago (outside the 90-day window). Deterministic
// (uids from names) and outside the plan's random stream, so adding them
// changes no other object of the demo.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const uid = (name: string) => {
  const h = createHash('sha256').update(`delivery/${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};
const meta = (name: string, namespace: string, team: string, service: string, created: number, extra: Record<string, unknown> = {}) => ({
  name,
  namespace,
  uid: uid(`${namespace}/${name}`),
  resourceVersion: '',
  creationTimestamp: iso(created),
  generation: 2,
  labels: { 'runwell.io/service': service, team },
  ...extra,
});
const cond = (type: string, status: 'True' | 'False' | 'Unknown', reason: string, at: number, message = '') => ({ type, status, reason, message, lastTransitionTime: iso(at), lastUpdateTime: iso(at) });

export function deliveryObjects(now: number): KubeObject[] {
  // The last Tuesday before today (a week ago on a Tuesday), 10:00 UTC: when the weekly schedule last ran.
  const lastTuesday = now - (((new Date(now).getUTCDay() - 2 + 7) % 7) || 7) * DAY;
  const weekly = Math.floor(lastTuesday / DAY) * DAY + 10 * HOUR;
  return [
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: meta('payment-service', 'payments', 'payments', 'payments-api', now - 180 * DAY),
      spec: {
        replicas: 3,
        revisionHistoryLimit: 5,
        selector: { matchLabels: { 'app.kubernetes.io/name': 'payment-service' } },
        workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'payment-service', scaleDown: 'progressively' },
        strategy: {
          canary: {
            canaryService: 'payment-service-canary',
            stableService: 'payment-service',
            trafficRouting: { nginx: { stableIngress: 'payment-service' } },
            analysis: { templates: [{ templateName: 'success-rate' }], startingStep: 1, args: [{ name: 'service-name', value: 'payment-service' }] },
            steps: [{ setWeight: 10 }, { pause: { duration: '5m' } }, { setWeight: 30 }, { pause: { duration: '10m' } }, { setWeight: 60 }, { pause: { duration: '10m' } }],
          },
        },
      },
      status: {
        phase: 'Healthy',
        currentStepIndex: 6,
        stableRS: '7c9d5f8b6',
        currentPodHash: '7c9d5f8b6',
        replicas: 3,
        updatedReplicas: 3,
        readyReplicas: 3,
        availableReplicas: 3,
        observedGeneration: '2',
        conditions: [cond('Available', 'True', 'AvailableReason', now - 50 * HOUR, 'Rollout has minimum availability'), cond('Healthy', 'True', 'RolloutHealthy', now - 50 * HOUR, 'Rollout is healthy')],
      },
    },
    {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      metadata: meta('checkout-api', 'checkout', 'checkout', 'checkout-web', now - 120 * DAY),
      spec: {
        provider: 'nginx',
        targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'checkout-api' },
        ingressRef: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'checkout-api' },
        progressDeadlineSeconds: 600,
        service: { port: 80, targetPort: 8080 },
        analysis: {
          interval: '1m',
          threshold: 5,
          maxWeight: 50,
          stepWeight: 10,
          metrics: [
            { name: 'request-success-rate', thresholdRange: { min: 99 }, interval: '1m' },
            { name: 'request-duration', thresholdRange: { max: 500 }, interval: '1m' },
          ],
        },
      },
      status: {
        phase: 'Progressing',
        canaryWeight: 20,
        failedChecks: 0,
        iterations: 0,
        lastTransitionTime: iso(now - 4 * 60_000),
        conditions: [cond('Promoted', 'Unknown', 'Progressing', now - 4 * 60_000, 'New revision detected, progressing canary analysis.')],
      },
    },
    {
      apiVersion: 'chaos-mesh.org/v1alpha1',
      kind: 'Schedule',
      metadata: meta('payments-weekly-pod-kill', 'payments', 'payments', 'payments-api', now - 60 * DAY),
      spec: {
        schedule: '0 10 * * 2',
        type: 'PodChaos',
        historyLimit: 5,
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 300,
        podChaos: { action: 'pod-kill', mode: 'one', selector: { namespaces: ['payments'], labelSelectors: { 'app.kubernetes.io/name': 'payment-service' } } },
      },
      status: { time: iso(weekly), active: [] },
    },
    {
      apiVersion: 'chaos-mesh.org/v1alpha1',
      kind: 'PodChaos',
      metadata: meta(`payments-weekly-pod-kill-${Math.floor(weekly / 1000)}`, 'payments', 'payments', 'payments-api', weekly, {
        ownerReferences: [{ apiVersion: 'chaos-mesh.org/v1alpha1', kind: 'Schedule', name: 'payments-weekly-pod-kill', uid: uid('payments/payments-weekly-pod-kill'), controller: true, blockOwnerDeletion: true }],
      }),
      spec: { action: 'pod-kill', mode: 'one', selector: { namespaces: ['payments'], labelSelectors: { 'app.kubernetes.io/name': 'payment-service' } } },
      status: {
        experiment: { desiredPhase: 'Stop', containerRecords: [{ id: 'payments/payment-service-7c9d5f8b6-x2kqp', phase: 'Injected', selectorKey: '.', injectedCount: 1, recoveredCount: 1 }] },
        conditions: [cond('Selected', 'True', '', weekly), cond('AllInjected', 'True', '', weekly), cond('AllRecovered', 'True', '', weekly + 30_000), cond('Paused', 'False', '', weekly)],
      },
    },
    {
      apiVersion: 'chaos-mesh.org/v1alpha1',
      kind: 'PodChaos',
      metadata: meta('search-api-pod-failure', 'search', 'search', 'search-api', now - 120 * DAY),
      spec: { action: 'pod-failure', mode: 'fixed-percent', value: '50', duration: '5m', selector: { namespaces: ['search'], labelSelectors: { 'app.kubernetes.io/name': 'search-api' } } },
      status: {
        experiment: { desiredPhase: 'Stop' },
        conditions: [cond('Selected', 'True', '', now - 120 * DAY), cond('AllInjected', 'True', '', now - 120 * DAY), cond('AllRecovered', 'True', '', now - 120 * DAY + 5 * 60_000)],
      },
    },
    {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: meta('search-api', 'search', 'search', 'search-api', now - 90 * DAY),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'search-api' },
        minReplicaCount: 2,
        maxReplicaCount: 12,
        pollingInterval: 30,
        cooldownPeriod: 300,
        triggers: [
          { type: 'prometheus', metadata: { serverAddress: 'http://prometheus.monitoring:9090', query: 'sum(rate(http_requests_total{service="search-api"}[2m]))', threshold: '150' } },
          { type: 'cron', metadata: { timezone: 'Europe/Berlin', start: '0 8 * * 1-5', end: '0 20 * * 1-5', desiredReplicas: '4' } },
        ],
      },
      status: {
        scaleTargetKind: 'apps/v1.Deployment',
        scaleTargetGVKR: { group: 'apps', version: 'v1', kind: 'Deployment', resource: 'deployments' },
        originalReplicaCount: 2,
        lastActiveTime: iso(now - 2 * 60_000),
        externalMetricNames: ['s0-prometheus', 's1-cron-Europe-Berlin-08xx1-5-020xx1-5'],
        conditions: [cond('Ready', 'True', 'ScaledObjectReady', now - 90 * DAY, 'ScaledObject is defined correctly and is ready for scaling'), cond('Active', 'True', 'ScalerActive', now - 3 * HOUR, 'Scaling is performed because triggers are active'), cond('Fallback', 'False', 'NoFallbackFound', now - 90 * DAY, 'No fallbacks are active on this scaled object')],
      },
    },
  ];
}
