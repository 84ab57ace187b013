// The pod template of a workload: containers (and sidecar) with resources,
// probes, security context and the service-account volume, labels as the
// generator's conventions want them. Small immutable parts are hash-consed.

import { cpuString, memString, type WorkloadPlan } from '../plan';
import { sharedValues } from './caches';
import { imageTag } from './images';

/**
 * Hash-consing for small immutable sub-objects (probes, env, resources, security
 * contexts...): equal values share one instance across templates and revisions.
 */
function shared<T>(value: T): T {
  const key = JSON.stringify(value);
  const hit = sharedValues.get(key);
  if (hit !== undefined) return hit as T;
  if (sharedValues.size > 200_000) sharedValues.clear();
  sharedValues.set(key, value);
  return value;
}

const SA_VOLUME = Object.freeze({
  name: 'kube-api-access',
  projected: {
    defaultMode: 420,
    sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ],
  },
});

const SA_MOUNT = Object.freeze({ name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true });

const DEFAULT_TOLERATIONS = Object.freeze([
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
]);

function probe(path: string, port: string | number, initialDelaySeconds: number) {
  return { httpGet: { path, port, scheme: 'HTTP' }, initialDelaySeconds, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 };
}

export function workloadLabels(w: Pick<WorkloadPlan, 'name' | 'team' | 'component' | 'labels'>): Record<string, string> {
  return {
    app: w.name,
    'app.kubernetes.io/name': w.name,
    ...(w.component ? { 'app.kubernetes.io/component': w.component } : {}),
    team: w.team,
    ...(w.labels ?? {}),
  };
}

/** Pod template (metadata + spec) of a workload at a given image. */
export function buildPodTemplate(w: WorkloadPlan, image: string): { metadata: Record<string, unknown>; spec: Record<string, unknown> } {
  const port = w.port ?? 8080;
  const resources: Record<string, Record<string, string>> = {};
  if (w.cpuRequestMilli !== undefined || w.memoryRequestMi !== undefined) {
    resources.requests = {};
    if (w.cpuRequestMilli !== undefined) resources.requests.cpu = cpuString(w.cpuRequestMilli);
    if (w.memoryRequestMi !== undefined) resources.requests.memory = memString(w.memoryRequestMi);
  }
  if (w.cpuLimitMilli !== undefined || w.memoryLimitMi !== undefined) {
    resources.limits = {};
    if (w.cpuLimitMilli !== undefined) resources.limits.cpu = cpuString(w.cpuLimitMilli);
    if (w.memoryLimitMi !== undefined) resources.limits.memory = memString(w.memoryLimitMi);
  }
  const securityContext: Record<string, unknown> = {};
  if (w.privileged) securityContext.privileged = true;
  securityContext.allowPrivilegeEscalation = w.allowPrivilegeEscalation;
  if (w.readOnlyRootFilesystem) securityContext.readOnlyRootFilesystem = true;
  if (w.runAsNonRoot) securityContext.runAsNonRoot = true;
  if (w.runAsRoot) securityContext.runAsUser = 0;
  if (w.dropAllCapabilities || w.addCapabilities) {
    securityContext.capabilities = { ...(w.dropAllCapabilities ? { drop: ['ALL'] } : {}), ...(w.addCapabilities ? { add: w.addCapabilities } : {}) };
  }
  const mounts: Record<string, unknown>[] = [];
  if (w.volume) mounts.push({ name: 'data', mountPath: w.volume.mountPath });
  if (w.hostPath) mounts.push({ name: 'host', mountPath: w.hostPath, readOnly: true });
  if (w.readOnlyRootFilesystem) mounts.push({ name: 'tmp', mountPath: '/tmp' });
  if (w.automountServiceAccountToken !== false) mounts.push(SA_MOUNT);
  const main: Record<string, unknown> = {
    name: w.name,
    image,
    imagePullPolicy: w.imagePullPolicy ?? (imageTag(image) === 'latest' || !imageTag(image) ? 'Always' : 'IfNotPresent'),
    ports: shared([
      { name: 'http', containerPort: port, protocol: 'TCP' },
      ...(w.serviceMonitor && port !== 9090 ? [{ name: 'metrics', containerPort: 9090, protocol: 'TCP' }] : []),
    ]),
    env: shared([
      { name: 'SERVICE_NAME', value: w.name },
      { name: 'TEAM', value: w.team },
      { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
    ]),
    resources: shared(resources),
    ...(w.liveness ? { livenessProbe: shared(probe('/healthz', 'http', 10)) } : {}),
    ...(w.readiness ? { readinessProbe: shared(probe('/ready', 'http', 5)) } : {}),
    ...(w.startup ? { startupProbe: shared({ ...probe('/healthz', 'http', 0), failureThreshold: 30 }) } : {}),
    securityContext: shared(securityContext),
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    volumeMounts: shared(mounts),
  };
  const containers: Record<string, unknown>[] = [main];
  if (w.sidecar) {
    containers.push(shared({
      name: w.sidecar.name,
      image: w.sidecar.image,
      imagePullPolicy: 'IfNotPresent',
      resources:
        w.sidecar.cpuRequestMilli !== undefined
          ? { requests: { cpu: cpuString(w.sidecar.cpuRequestMilli), memory: memString(w.sidecar.memoryRequestMi ?? 64) }, limits: { memory: memString((w.sidecar.memoryRequestMi ?? 64) * 2) } }
          : {},
      securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      volumeMounts: [SA_MOUNT],
    }));
  }
  const volumes: Record<string, unknown>[] = [];
  if (w.volume && w.kind !== 'StatefulSet') volumes.push({ name: 'data', persistentVolumeClaim: { claimName: `${w.name}-data` } });
  if (w.hostPath) volumes.push({ name: 'host', hostPath: { path: w.hostPath, type: 'Directory' } });
  if (w.readOnlyRootFilesystem) volumes.push({ name: 'tmp', emptyDir: {} });
  if (w.automountServiceAccountToken !== false) volumes.push(SA_VOLUME);
  const podSecurity: Record<string, unknown> = {};
  if (w.runAsNonRoot) Object.assign(podSecurity, { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
  const spec: Record<string, unknown> = {
    ...(w.initContainer
      ? {
          initContainers: shared([
            {
              name: w.initContainer.name,
              image: w.initContainer.image,
              imagePullPolicy: 'IfNotPresent',
              resources: {},
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
              volumeMounts: [SA_MOUNT],
            },
          ]),
        }
      : {}),
    containers,
    restartPolicy: w.kind === 'CronJob' ? 'OnFailure' : 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: w.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
    serviceAccountName: w.kind === 'DaemonSet' || w.namespace.startsWith('kube-') ? w.name : 'default',
    securityContext: shared(podSecurity),
    schedulerName: 'default-scheduler',
    ...(w.hostNetwork ? { hostNetwork: true } : {}),
    ...(w.hostPID ? { hostPID: true } : {}),
    ...(w.automountServiceAccountToken === false ? { automountServiceAccountToken: false } : {}),
    ...(w.priorityClassName ? { priorityClassName: w.priorityClassName } : {}),
    ...(w.nodeSelector ? { nodeSelector: w.nodeSelector } : {}),
    tolerations: w.tolerateAll ? [{ operator: 'Exists' }] : DEFAULT_TOLERATIONS,
    ...(w.topologySpread
      ? {
          topologySpreadConstraints: [
            shared({ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: w.name } } }),
          ],
        }
      : {}),
    volumes: shared(volumes),
  };
  spec.serviceAccount = spec.serviceAccountName;
  return {
    metadata: {
      labels: { ...workloadLabels(w), version: imageTag(image) ?? 'latest' },
      ...(w.serviceMonitor ? { annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9090' } } : {}),
    },
    spec,
  };
}
