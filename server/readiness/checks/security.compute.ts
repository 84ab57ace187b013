import { type Container, type Workload, WORKLOAD_KINDS } from '../workload.compute';
import { asArray, asInt, asRecord, asString, isFalse, isTrue, parseImage } from '../../lib/kube';
import { type CheckDefinition, containerOutcome, fail, pass, quoteList } from './check.compute';

/**
 * Capabilities that amount to root on the node or its network. Polaris' danger list
 * (ALL, SYS_ADMIN, NET_ADMIN) plus the ones Pod Security "baseline" also refuses that
 * give the same reach.
 */
const DANGEROUS_CAPABILITIES = [
  'ALL',
  'SYS_ADMIN',
  'NET_ADMIN',
  'SYS_MODULE',
  'SYS_PTRACE',
  'SYS_RAWIO',
  'SYS_BOOT',
  'BPF',
  'PERFMON',
  'DAC_READ_SEARCH',
] as const;

function securityContext(container: Container): Record<string, unknown> {
  return asRecord(container.spec.securityContext);
}

/** Effective runAsUser/runAsNonRoot: the container's value overrides the pod's. */
function mayRunAsRoot(workload: Workload, container: Container): boolean {
  const pod = asRecord(workload.podSpec.securityContext);
  const own = securityContext(container);
  const runAsUser = asInt(own.runAsUser ?? pod.runAsUser);
  if (runAsUser === 0) return true;
  if (runAsUser !== undefined && runAsUser > 0) return false;
  return !isTrue(own.runAsNonRoot ?? pod.runAsNonRoot);
}

function dangerousCapabilitiesOf(container: Container): string[] {
  const added = asArray(asRecord(securityContext(container).capabilities).add)
    .map((c) => String(c).toUpperCase().replace(/^CAP_/, ''));
  return added.filter((c) => (DANGEROUS_CAPABILITIES as readonly string[]).includes(c));
}

/** Untagged or ":latest", unless pinned by digest. */
export function imageTagMissing(image: string): boolean {
  if (!image.trim()) return true;
  const ref = parseImage(image);
  if (ref.digest) return false;
  return !ref.tag || ref.tag === 'latest';
}

function podFlag(id: 'hostNetworkSet' | 'hostPIDSet' | 'hostIPCSet', field: string, what: string): CheckDefinition {
  return {
    id,
    area: 'security',
    severity: 'danger',
    kinds: WORKLOAD_KINDS,
    target: 'workload',
    polaris: true,
    title: `${field} is not set`,
    passes: `\`${field}\` is unset or false`,
    passMessage: `${field} is not set`,
    failMessage: `${field} is set: the pods share the node's ${what}`,
    fix: `spec:\n  template:\n    spec:\n      ${field}: false\n`,
    evaluate: (workload) => (isTrue(workload.podSpec[field]) ? fail() : pass()),
  };
}

export const securityChecks: CheckDefinition[] = [
  {
    id: 'runAsRootAllowed',
    area: 'security',
    severity: 'danger',
    kinds: WORKLOAD_KINDS,
    target: 'workload',
    polaris: true,
    title: 'Containers cannot run as root',
    passes:
      'every container (init included) has `runAsNonRoot: true` or a non-zero `runAsUser`, on the container or the pod security context',
    passMessage: 'No container may run as root',
    failMessage: 'May run as root',
    fix: 'securityContext:\n  runAsNonRoot: true\n  runAsUser: 10001\n',
    evaluate: (workload) => containerOutcome(workload, true, (c) => mayRunAsRoot(workload, c), 'May run as root'),
  },
  {
    id: 'privilegeEscalationAllowed',
    area: 'security',
    severity: 'danger',
    kinds: WORKLOAD_KINDS,
    target: 'workload',
    polaris: true,
    title: 'Privilege escalation is disabled',
    passes: 'every container sets `securityContext.allowPrivilegeEscalation: false` (and is not privileged)',
    passMessage: 'No container can escalate privileges',
    failMessage: 'Privilege escalation allowed',
    fix: 'securityContext:\n  allowPrivilegeEscalation: false\n',
    evaluate: (workload) =>
      containerOutcome(
        workload,
        true,
        (c) => !isFalse(securityContext(c).allowPrivilegeEscalation) || isTrue(securityContext(c).privileged),
        'Privilege escalation allowed',
      ),
  },
  {
    id: 'notReadOnlyRootFilesystem',
    area: 'security',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    target: 'workload',
    polaris: true,
    title: 'Root filesystem is read-only',
    passes: 'every container sets `securityContext.readOnlyRootFilesystem: true`',
    passMessage: 'Every root filesystem is read-only',
    failMessage: 'Root filesystem is writable',
    fix: 'securityContext:\n  readOnlyRootFilesystem: true\n# mount an emptyDir where the app must write (e.g. /tmp)\n',
    evaluate: (workload) =>
      containerOutcome(workload, true, (c) => !isTrue(securityContext(c).readOnlyRootFilesystem), 'Root filesystem is writable'),
  },
  {
    id: 'runAsPrivileged',
    area: 'security',
    severity: 'danger',
    kinds: WORKLOAD_KINDS,
    target: 'workload',
    polaris: true,
    title: 'Containers are not privileged',
    passes: 'no container sets `securityContext.privileged: true`',
    passMessage: 'No container is privileged',
    failMessage: 'Runs privileged',
    fix: 'securityContext:\n  privileged: false\n',
    evaluate: (workload) => containerOutcome(workload, true, (c) => isTrue(securityContext(c).privileged), 'Runs privileged'),
  },
  podFlag('hostNetworkSet', 'hostNetwork', 'network namespace'),
  podFlag('hostPIDSet', 'hostPID', 'process namespace'),
  podFlag('hostIPCSet', 'hostIPC', 'IPC namespace'),
  {
    id: 'hostPathSet',
    area: 'security',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    target: 'workload',
    polaris: true,
    title: 'No hostPath volumes',
    passes: 'no volume is a `hostPath`',
    passMessage: 'No hostPath volume',
    failMessage: 'Mounts a hostPath volume: the pods read or write the node\'s filesystem',
    fix: 'volumes:\n  - name: data\n    emptyDir: {}   # or a PersistentVolumeClaim, instead of hostPath\n',
    evaluate(workload) {
      const hostPaths = asArray(workload.podSpec.volumes)
        .map(asRecord)
        .filter((v) => v.hostPath !== undefined && v.hostPath !== null)
        .map((v) => asString(v.name) ?? '?');
      return hostPaths.length === 0 ? pass() : fail(`Mounts hostPath volume ${quoteList(hostPaths)}`);
    },
  },
  {
    id: 'dangerousCapabilities',
    area: 'security',
    severity: 'danger',
    kinds: WORKLOAD_KINDS,
    target: 'workload',
    polaris: true,
    title: 'No dangerous capabilities',
    passes: `no container adds ${DANGEROUS_CAPABILITIES.join(', ')}`,
    passMessage: 'No dangerous capability is added',
    failMessage: 'Adds dangerous capabilities',
    fix: 'securityContext:\n  capabilities:\n    drop: ["ALL"]\n    add: ["NET_BIND_SERVICE"]   # only what the app needs\n',
    evaluate(workload) {
      const found = workload.containers
        .map((c) => ({ name: c.name, caps: dangerousCapabilitiesOf(c) }))
        .filter((c) => c.caps.length > 0);
      if (found.length === 0) return pass();
      return fail(`Adds dangerous capabilities: ${found.map((c) => `"${c.name}" (${c.caps.join(', ')})`).join(', ')}`);
    },
  },
  {
    id: 'tagNotSpecified',
    area: 'security',
    severity: 'danger',
    kinds: WORKLOAD_KINDS,
    target: 'workload',
    polaris: true,
    title: 'Images are pinned to a tag or digest',
    passes: 'every image has a tag other than `latest`, or a digest',
    passMessage: 'Every image is pinned',
    failMessage: 'Image untagged or ":latest"',
    fix: 'image: ghcr.io/org/my-app:1.4.2   # or ghcr.io/org/my-app@sha256:...\n',
    evaluate(workload) {
      const bad = workload.containers.filter((c) => imageTagMissing(c.image));
      if (bad.length === 0) return pass();
      return fail(`Image untagged or ":latest": ${bad.map((c) => `"${c.name}" (${c.image || 'no image'})`).join(', ')}`);
    },
  },
  {
    id: 'missingNetworkPolicy',
    area: 'security',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    target: 'workload',
    polaris: true,
    title: 'NetworkPolicies govern both ingress and egress of the pods',
    passes:
      'NetworkPolicies in the namespace that select the pod template labels (an empty podSelector selects all) govern both directions: `policyTypes` (as the API server defaults it) includes Ingress on one and Egress on one',
    passMessage: 'NetworkPolicies govern the pods\' ingress and egress',
    failMessage: 'No NetworkPolicy selects the pods: any pod in the cluster can reach them, and they can reach anything',
    fix: [
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata:',
      '  name: my-app',
      'spec:',
      '  podSelector:',
      '    matchLabels:',
      '      app.kubernetes.io/name: my-app',
      '  policyTypes: [Ingress, Egress]',
      '  ingress:',
      '    - from:',
      '        - namespaceSelector:',
      '            matchLabels:',
      '              kubernetes.io/metadata.name: ingress-nginx',
      '  egress:',
      '    - to:',
      '        - namespaceSelector: {}',
      '      ports:',
      '        - { port: 53, protocol: UDP }',
      '',
    ].join('\n'),
    evaluate(workload, { inventory }) {
      const policies = inventory.networkPolicies.match(workload.nsKey, workload.podLabels);
      if (policies.length === 0) return fail();
      const names = quoteList(policies.map((p) => p.name));
      const ingress = policies.some((p) => p.ingress);
      const egress = policies.some((p) => p.egress);
      if (ingress && egress) return pass(`NetworkPolicy ${names} governs ingress and egress of the pods`);
      const open = ingress ? 'egress' : egress ? 'ingress' : 'ingress and egress';
      return fail(`NetworkPolicy ${names} selects the pods but leaves ${open} open (no policy with policyTypes ${open === 'egress' ? 'Egress' : open === 'ingress' ? 'Ingress' : 'Ingress/Egress'})`);
    },
  },
  {
    id: 'automountServiceAccountToken',
    area: 'security',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    target: 'workload',
    polaris: true,
    title: 'The service account token is not mounted',
    passes:
      '`automountServiceAccountToken: false` on the pod spec, or unset there and false on its ServiceAccount (when the set contains it)',
    passMessage: 'The service account token is not mounted',
    failMessage: 'The service account token is mounted: a compromised pod can call the Kubernetes API',
    fix: 'spec:\n  template:\n    spec:\n      automountServiceAccountToken: false\n',
    evaluate(workload, { inventory }) {
      const own = workload.podSpec.automountServiceAccountToken;
      if (isFalse(own)) return pass();
      if (isTrue(own)) return fail();
      const account = asString(workload.podSpec.serviceAccountName) ?? 'default';
      if (isFalse(inventory.serviceAccountAutomount.get(`${workload.nsKey}/${account}`))) {
        return pass(`ServiceAccount "${account}" disables the token mount`);
      }
      return fail();
    },
  },
];
