import { describe, expect, it } from 'vitest';
import { PRIVATE_KEY_PATTERN, REDACTED_PRIVATE_KEY } from '../lib/kube-conventions';
import { KIND_BY_NAME, KIND_DEFS, listPath } from './kinds.compute';
import { teamOf, toKubeObject, toRow } from './transform.compute';
import { sensitiveEnv, trimPodSpec } from './trim-workloads.compute';

const def = (kind: string) => KIND_BY_NAME.get(kind)!;

const podSpec = {
  serviceAccountName: 'api',
  hostNetwork: true,
  priorityClassName: 'high',
  containers: [
    {
      name: 'app',
      image: 'shop/api:1.2',
      imagePullPolicy: 'Always',
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
      readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
      env: [{ name: 'SECRET', value: 'x' }],
      volumeMounts: [{ name: 'data', mountPath: '/data' }],
      securityContext: { runAsNonRoot: true },
    },
  ],
  initContainers: [{ name: 'init', image: 'busybox', resources: { requests: { cpu: '1' } } }],
  volumes: [{ name: 'data', emptyDir: {} }, { name: 'host', hostPath: { path: '/var/run' } }],
};

describe('sensitiveEnv', () => {
  it('keeps only the entries sensitiveContainerEnvVar fails on, never a literal value', () => {
    const env = [
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'DB_PASSWORD', value: 'hunter2' },
      { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
      { name: 'TLS_KEY', value: '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE' },
      { name: 'GITHUB_TOKEN' },
    ];
    const out = sensitiveEnv(env);
    expect(out).toEqual([
      { name: 'DB_PASSWORD', value: '' },
      { name: 'TLS_KEY', value: REDACTED_PRIVATE_KEY },
    ]);
    expect(JSON.stringify(out)).not.toMatch(/hunter2|MHcCAQEE/);
    expect(PRIVATE_KEY_PATTERN.test(String(out[1]!.value))).toBe(true);
    expect(trimPodSpec({ containers: [{ name: 'a', image: 'a:1', env }] }).containers).toEqual([{ name: 'a', image: 'a:1', env: out }]);
    expect(trimPodSpec({ containers: [{ name: 'a', image: 'a:1', env: [env[0]] }] }).containers).toEqual([{ name: 'a', image: 'a:1' }]);
  });
});

describe('inventory transforms', () => {
  it('keeps what readiness reads from a pod template and drops env values, mounts and other volumes', () => {
    const out = trimPodSpec(podSpec);
    expect(out).toEqual({
      serviceAccountName: 'api',
      hostNetwork: true,
      priorityClassName: 'high',
      containers: [
        {
          name: 'app',
          image: 'shop/api:1.2',
          imagePullPolicy: 'Always',
          resources: podSpec.containers[0]!.resources,
          readinessProbe: podSpec.containers[0]!.readinessProbe,
          securityContext: { runAsNonRoot: true },
          // sensitiveContainerEnvVar still sees a literal under a secret-like name; the value is gone.
          env: [{ name: 'SECRET', value: '' }],
        },
      ],
      initContainers: [{ name: 'init', image: 'busybox', resources: { requests: { cpu: '1' } } }],
      volumes: [{ name: 'host', hostPath: { path: '/var/run' } }],
    });
  });

  it('turns a Deployment into a row whose data readiness can read back', () => {
    const obj = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'api',
        namespace: 'payments',
        uid: 'u1',
        resourceVersion: '7',
        creationTimestamp: '2026-01-01T00:00:00Z',
        labels: { 'app.kubernetes.io/team': 'payments' },
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{...}', note: 'x' },
        managedFields: [{ manager: 'kubectl' }],
      },
      spec: { replicas: 3, selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: podSpec } },
      status: { replicas: 3, readyReplicas: 2, conditions: [{ type: 'Available' }] },
    };
    const row = toRow(def('Deployment'), obj);
    expect(row).toMatchObject({ kind: 'Deployment', namespace: 'payments', name: 'api', uid: 'u1', resourceVersion: '7', team: 'payments', nodeName: null, phase: null });
    expect(row.annotations).toEqual({ note: 'x' });
    expect(row.creationTimestamp?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(row.data).toEqual({
      apiVersion: 'apps/v1',
      spec: { replicas: 3, selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: trimPodSpec(podSpec) } },
      status: { replicas: 3, readyReplicas: 2 },
    });
    const back = toKubeObject(row);
    expect(back).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'payments', labels: row.labels }, spec: { replicas: 3 } });
  });

  it('keeps capacity fields of an owned pod, with restarts summed', () => {
    const row = toRow(def('Pod'), {
      metadata: { name: 'api-1', namespace: 'payments', ownerReferences: [{ kind: 'ReplicaSet', name: 'api-abc', uid: 'rs1', controller: true }] },
      spec: { ...podSpec, nodeName: 'node-1', overhead: { cpu: '10m' } },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          { name: 'app', ready: true, restartCount: 2, state: { running: {} } },
          { name: 'side', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } },
        ],
      },
    });
    expect(row).toMatchObject({ nodeName: 'node-1', phase: 'Running', ownerKind: 'ReplicaSet', ownerName: 'api-abc', ownerUid: 'rs1' });
    expect(row.data.spec).toEqual({
      nodeName: 'node-1',
      overhead: { cpu: '10m' },
      priorityClassName: 'high',
      containers: [{ name: 'app', image: 'shop/api:1.2', resources: podSpec.containers[0]!.resources }],
      initContainers: [{ name: 'init', image: 'busybox', resources: { requests: { cpu: '1' } } }],
    });
    expect(row.data.status).toEqual({
      phase: 'Running',
      ready: true,
      restarts: 5,
      containerStatuses: [
        { name: 'app', ready: true, restartCount: 2, state: 'running' },
        { name: 'side', ready: false, restartCount: 3, state: 'waiting', reason: 'CrashLoopBackOff' },
      ],
    });
  });

  it.each([
    ['a Deployment revision (controlled)', [{ kind: 'Deployment', name: 'api', uid: 'd1', controller: true }], 'small'],
    ['an owner that is not its controller', [{ kind: 'Thing', name: 't', uid: 't1' }], 'full'],
    ['no owner (a workload of its own)', [], 'full'],
  ])('keeps the full pod template of a ReplicaSet only when readiness evaluates it: %s', (_, ownerReferences, expected) => {
    const row = toRow(def('ReplicaSet'), {
      metadata: { name: 'api-7d9', namespace: 'shop', ownerReferences },
      spec: { replicas: 0, selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' }, annotations: { a: 'b' } }, spec: podSpec } },
      status: { replicas: 0, observedGeneration: 3 },
    });
    const template =
      expected === 'small'
        ? {
            metadata: { labels: { app: 'api' } },
            spec: {
              containers: [{ name: 'app', image: 'shop/api:1.2', resources: podSpec.containers[0]!.resources }],
              initContainers: [{ name: 'init', image: 'busybox', resources: { requests: { cpu: '1' } } }],
            },
          }
        : { metadata: { labels: { app: 'api' }, annotations: { a: 'b' } }, spec: trimPodSpec(podSpec) };
    expect(row.data).toEqual({ apiVersion: 'apps/v1', spec: { replicas: 0, selector: { matchLabels: { app: 'api' } }, template }, status: { replicas: 0, observedGeneration: 3 } });
  });

  it('keeps the restartPolicy of sidecar init containers of owned pods (capacity adds them to the request)', () => {
    const row = toRow(def('Pod'), {
      metadata: { name: 'p', namespace: 'shop', ownerReferences: [{ kind: 'ReplicaSet', name: 'rs', uid: 'u', controller: true }] },
      spec: { nodeName: 'n', containers: [{ name: 'app', image: 'a:1' }], initContainers: [{ name: 'proxy', image: 'envoy:1', restartPolicy: 'Always', resources: { requests: { cpu: '50m' } } }] },
      status: { phase: 'Running' },
    });
    expect((row.data.spec as { initContainers: unknown[] }).initContainers).toEqual([{ name: 'proxy', image: 'envoy:1', resources: { requests: { cpu: '50m' } }, restartPolicy: 'Always' }]);
  });

  it('keeps node facts for maintenance and capacity', () => {
    const row = toRow(def('Node'), {
      metadata: { name: 'n1', namespace: 'ignored', labels: { 'topology.kubernetes.io/zone': 'eu-1a' } },
      spec: { unschedulable: true, podCIDR: '10.0.0.0/24' },
      status: {
        allocatable: { cpu: '3920m', memory: '15Gi', pods: '58' },
        capacity: { cpu: '4', memory: '16Gi', pods: '58' },
        images: [{ names: ['a'] }],
        nodeInfo: { kubeletVersion: 'v1.29.8', osImage: 'Bottlerocket', kernelVersion: '6.1', containerRuntimeVersion: 'containerd://1.7', machineID: 'x' },
        conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: 'now', reason: 'KubeletReady' }],
      },
    });
    expect(row.namespace).toBe('');
    expect(row.data).toEqual({
      apiVersion: 'v1',
      spec: { unschedulable: true },
      status: {
        allocatable: { cpu: '3920m', memory: '15Gi', pods: '58' },
        capacity: { cpu: '4', memory: '16Gi', pods: '58' },
        nodeInfo: { kubeletVersion: 'v1.29.8', osImage: 'Bottlerocket', kernelVersion: '6.1', containerRuntimeVersion: 'containerd://1.7' },
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
      },
    });
  });

  it('keeps certificate expiry and readiness', () => {
    const row = toRow(def('Certificate'), {
      metadata: { name: 'web', namespace: 'shop' },
      spec: { secretName: 'web-tls', dnsNames: ['shop.example.com'], privateKey: { algorithm: 'RSA' } },
      status: { notAfter: '2026-12-01T00:00:00Z', renewalTime: '2026-11-01T00:00:00Z', conditions: [{ type: 'Ready', status: 'False', reason: 'Failed', message: 'ACME failed' }] },
    });
    expect(row.data).toEqual({
      apiVersion: 'cert-manager.io/v1',
      spec: { secretName: 'web-tls', dnsNames: ['shop.example.com'] },
      status: { notAfter: '2026-12-01T00:00:00Z', renewalTime: '2026-11-01T00:00:00Z', ready: false, readyReason: 'Failed', readyMessage: 'ACME failed' },
    });
  });

  it.each([
    [{ 'runwell.io/team': 'a', team: 'b' }, {}, 'a'],
    [{}, { owner: 'c' }, 'c'],
    [{ app: 'x' }, {}, null],
  ])('team of %o %o is %s', (labels, annotations, team) => {
    expect(teamOf(labels, annotations)).toBe(team);
  });

  it('lists every kind at a cluster-wide path', () => {
    expect(listPath(def('Pod'))).toBe('/api/v1/pods');
    expect(listPath(def('Certificate'))).toBe('/apis/cert-manager.io/v1/certificates');
    expect(new Set(KIND_DEFS.map((d) => d.kind)).size).toBe(KIND_DEFS.length);
  });
});

describe('RBAC objects and ConfigMaps', () => {
  it('keeps a ConfigMap\'s keys and private-key flags, never its values', () => {
    const row = toRow(def('ConfigMap'), {
      metadata: { name: 'settings', namespace: 'shop', uid: 'u1' },
      data: { DB_PASSWORD: 'hunter2', 'tls.key': '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n', LOG_LEVEL: 'info' },
    });
    expect(row.data).toEqual({ apiVersion: 'v1', dataSummary: { keys: ['DB_PASSWORD', 'tls.key', 'LOG_LEVEL'], privateKeyValues: ['tls.key'] } });
    expect(JSON.stringify(row)).not.toMatch(/hunter2|MIIE/);
  });

  it('keeps rules and roleRef of RBAC objects', () => {
    const rules = [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }];
    expect(toRow(def('ClusterRole'), { metadata: { name: 'shell', uid: 'u' }, rules }).data).toEqual({ apiVersion: 'rbac.authorization.k8s.io/v1', rules });
    const roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'shell' };
    const row = toRow(def('RoleBinding'), { metadata: { name: 'devs', namespace: 'shop', uid: 'u' }, roleRef, subjects: [] });
    expect(row).toMatchObject({ namespace: 'shop', data: { apiVersion: 'rbac.authorization.k8s.io/v1', roleRef } });
  });
});
