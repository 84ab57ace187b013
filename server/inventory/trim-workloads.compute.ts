import { isControlled, ownerOf } from '../lib/kube';
import { PRIVATE_KEY_PATTERN, REDACTED_PRIVATE_KEY, SENSITIVE_ENV_NAME_PATTERNS } from '../lib/kube-conventions';
import { arr, compact, type J, pick, rec, str } from './trim.compute';

// Workloads and Pods as Runwell keeps them: what readiness reads from a pod spec
// (server/readiness/checks), what capacity reads from pods (requests, limits,
// overhead, node, phase) and what the workload pages show. Pure.

const CONTAINER_KEYS = [
  'name',
  'image',
  'imagePullPolicy',
  'resources',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'securityContext',
  'ports',
] as const;
const POD_SPEC_KEYS = [
  'securityContext',
  'hostNetwork',
  'hostPID',
  'hostIPC',
  'topologySpreadConstraints',
  'affinity',
  'priorityClassName',
  'automountServiceAccountToken',
  'serviceAccountName',
  'nodeSelector',
  'tolerations',
  'overhead',
  'restartPolicy',
] as const;

/**
 * The env entries readiness' sensitiveContainerEnvVar fails on (a literal value under a
 * secret-like name, or holding a private key), without their values: Runwell never
 * stores a literal env value. A private key is replaced by a marker that still reads
 * as one; everything else (valueFrom references, harmless literals) is dropped.
 */
export function sensitiveEnv(env: unknown): J[] {
  const out: J[] = [];
  for (const e of arr(env)) {
    if (e.valueFrom !== undefined || e.value === undefined) continue;
    const name = str(e.name) ?? '';
    if (typeof e.value === 'string' && PRIVATE_KEY_PATTERN.test(e.value)) out.push({ name, value: REDACTED_PRIVATE_KEY });
    else if (SENSITIVE_ENV_NAME_PATTERNS.some((p) => p.test(name))) out.push({ name, value: '' });
  }
  return out;
}

function trimContainer(container: J): J {
  const out = pick(container, CONTAINER_KEYS);
  const env = sensitiveEnv(container.env);
  if (env.length) out.env = env;
  return out;
}

/** What readiness reads from a pod spec (server/readiness/checks). Volumes: only hostPath ones matter. */
export function trimPodSpec(spec: unknown): J {
  const s = rec(spec);
  const out = pick(s, POD_SPEC_KEYS);
  out.containers = arr(s.containers).map(trimContainer);
  const init = arr(s.initContainers);
  if (init.length) out.initContainers = init.map(trimContainer);
  const hostPaths = arr(s.volumes).filter((v) => v.hostPath);
  if (hostPaths.length) out.volumes = hostPaths.map((v) => pick(v, ['name', 'hostPath']));
  return out;
}

function trimTemplate(template: unknown): J {
  const t = rec(template);
  const meta = rec(t.metadata);
  return { metadata: compact(pick(meta, ['labels', 'annotations'])), spec: trimPodSpec(t.spec) };
}

export const workload =
  (specKeys: readonly string[], statusKeys: readonly string[]) =>
  (o: J): J => {
    const spec = rec(o.spec);
    const out = pick(spec, specKeys);
    if (spec.template) out.template = trimTemplate(spec.template);
    return compact({ spec: out, status: pick(o.status, statusKeys) });
  };

export const REPLICA_STATUS = ['replicas', 'readyReplicas', 'availableReplicas', 'updatedReplicas', 'observedGeneration'] as const;

// restartPolicy: an init container with `Always` is a sidecar, which changes the pod's request (server/capacity).
const SMALL_CONTAINER = ['name', 'image', 'resources', 'restartPolicy'] as const;

const fullReplicaSet = workload(['replicas', 'selector'], REPLICA_STATUS);

/**
 * ReplicaSets with a controller (a Deployment's current and old revisions: up
 * to revisionHistoryLimit = 10 per Deployment, the second largest kind after
 * Pods) are evaluated through their Deployment (readiness skips controlled
 * workloads) and not listed on their own, so like owned pods they keep only
 * template labels and each container's name, image and resources: a third of
 * the bytes, which the initial sync writes 70k times in a 150k-pod cluster.
 * ReplicaSets without a controller are workloads and keep the readiness pod spec.
 */
export function trimReplicaSet(o: J): J {
  if (!isControlled(o)) return fullReplicaSet(o);
  const spec = rec(o.spec);
  const out = pick(spec, ['replicas', 'selector']);
  if (spec.template) {
    const template = rec(spec.template);
    const podSpec = rec(template.spec);
    const init = arr(podSpec.initContainers);
    out.template = {
      metadata: compact(pick(template.metadata, ['labels'])),
      spec: {
        containers: arr(podSpec.containers).map((c) => pick(c, SMALL_CONTAINER)),
        ...(init.length ? { initContainers: init.map((c) => pick(c, SMALL_CONTAINER)) } : {}),
      },
    };
  }
  return compact({ spec: out, status: pick(o.status, REPLICA_STATUS) });
}

export function trimCronJob(o: J): J {
  const spec = rec(o.spec);
  const jobTemplate = rec(spec.jobTemplate);
  const jobSpec = rec(jobTemplate.spec);
  return compact({
    spec: {
      ...pick(spec, ['schedule', 'suspend', 'concurrencyPolicy', 'timeZone']),
      jobTemplate: {
        metadata: compact(pick(jobTemplate.metadata, ['labels', 'annotations'])),
        spec: { ...pick(jobSpec, ['backoffLimit', 'activeDeadlineSeconds']), template: trimTemplate(jobSpec.template) },
      },
    },
    status: pick(o.status, ['lastScheduleTime', 'lastSuccessfulTime', 'active']),
  });
}

/** Pods: what capacity (requests, limits, overhead, node, phase) and the workload pages (restarts, images) use. */
export function trimPod(o: J): J {
  const spec = rec(o.spec);
  const status = rec(o.status);
  const owned = ownerOf(o.metadata) !== null;
  // A bare pod is its own workload for readiness, so it keeps the full pod spec.
  const outSpec: J = owned
    ? {
        ...pick(spec, ['nodeName', 'overhead', 'priorityClassName']),
        containers: arr(spec.containers).map((c) => pick(c, SMALL_CONTAINER)),
        ...(arr(spec.initContainers).length ? { initContainers: arr(spec.initContainers).map((c) => pick(c, SMALL_CONTAINER)) } : {}),
      }
    : { ...trimPodSpec(spec), ...pick(spec, ['nodeName']) };
  const containerStatuses = arr(status.containerStatuses).map((c) => {
    const state = rec(c.state);
    const waiting = rec(state.waiting);
    const terminated = rec(state.terminated);
    return compact({
      name: c.name,
      ready: c.ready,
      restartCount: c.restartCount,
      state: state.running ? 'running' : state.waiting ? 'waiting' : state.terminated ? 'terminated' : undefined,
      reason: waiting.reason ?? terminated.reason,
    });
  });
  const ready = arr(status.conditions).find((c) => c.type === 'Ready');
  return compact({
    spec: outSpec,
    status: compact({
      ...pick(status, ['phase', 'reason', 'startTime', 'podIP', 'qosClass']),
      ready: ready ? ready.status === 'True' : undefined,
      restarts: containerStatuses.reduce((n, c) => n + (typeof c.restartCount === 'number' ? c.restartCount : 0), 0),
      containerStatuses: containerStatuses.length ? containerStatuses : undefined,
    }),
  });
}
