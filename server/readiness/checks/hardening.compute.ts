import { PRIVATE_KEY_PATTERN, SENSITIVE_ENV_NAME_PATTERNS } from '../../lib/kube-conventions';
import { type Container, type Workload, WORKLOAD_KINDS } from '../workload.compute';
import { apiGroup, asArray, asInt, asRecord, asString, isTrue } from '../../lib/kube';
import { type CheckDefinition, containerOutcome, fail, pass } from './check.compute';

// Polaris' container-hardening checks Runwell lacked (issue 17), with Polaris'
// semantics and default severities. Like Runwell's other security checks they judge
// init containers too: an init container runs on the same node with the same reach.

/** Capabilities Polaris' insecureCapabilities wants dropped when "ALL" is not. */
const INSECURE_CAPABILITIES = [
  'NET_ADMIN',
  'CHOWN',
  'DAC_OVERRIDE',
  'FSETID',
  'FOWNER',
  'MKNOD',
  'NET_RAW',
  'SETGID',
  'SETUID',
  'SETFCAP',
  'SETPCAP',
  'NET_BIND_SERVICE',
  'SYS_CHROOT',
  'KILL',
  'AUDIT_WRITE',
] as const;

const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

const sc = (container: Container) => asRecord(container.spec.securityContext);
const podSc = (workload: Workload) => asRecord(workload.podSpec.securityContext);
const capabilityNames = (list: unknown) => asArray(list).map((c) => String(c).toUpperCase().replace(/^CAP_/, ''));

function dropsInsecureCapabilities(container: Container): boolean {
  const dropped = new Set(capabilityNames(asRecord(sc(container).capabilities).drop));
  return dropped.has('ALL') || INSECURE_CAPABILITIES.every((c) => dropped.has(c));
}

/**
 * A seccomp or AppArmor profile confines the container when its effective type (the
 * container's, else the pod's) is set and not "Unconfined".
 */
function confined(own: Record<string, unknown>, pod: Record<string, unknown>, field: string): boolean {
  const type = asString(asRecord(own[field]).type) || asString(asRecord(pod[field]).type);
  return type !== undefined && type !== '' && type !== 'Unconfined';
}

/**
 * Polaris' linuxHardening for one container: any one of an AppArmor profile, a
 * seccomp profile (the pod's applies unless the container sets Unconfined), SELinux
 * options (pod or container), or dropped capabilities (without adding ALL).
 * Runwell also accepts the `appArmorProfile` field that replaced the annotation in
 * Kubernetes 1.30.
 */
function isHardened(workload: Workload, container: Container): boolean {
  const own = sc(container);
  const pod = podSc(workload);
  if (asString(workload.podAnnotations[`${APPARMOR_ANNOTATION_PREFIX}${container.name}`])) return true;
  if (confined(own, pod, 'appArmorProfile') || confined(own, pod, 'seccompProfile')) return true;
  if (Object.keys(asRecord(pod.seLinuxOptions)).length > 0 || Object.keys(asRecord(own.seLinuxOptions)).length > 0) return true;
  const capabilities = asRecord(own.capabilities);
  return asArray(capabilities.drop).length > 0 && !capabilityNames(capabilities.add).includes('ALL');
}

/** Names of the env variables with a literal value Polaris considers sensitive (never the values). */
function sensitiveEnvNames(container: Container): string[] {
  const out: string[] = [];
  for (const raw of asArray(container.spec.env)) {
    const env = asRecord(raw);
    // A valueFrom reference (Secret, ConfigMap, field) is the recommended form; no literal value, nothing to leak.
    if (env.valueFrom !== undefined || env.value === undefined) continue;
    const name = asString(env.name) ?? '';
    const value = typeof env.value === 'string' ? env.value : '';
    if (SENSITIVE_ENV_NAME_PATTERNS.some((p) => p.test(name)) || PRIVATE_KEY_PATTERN.test(value)) out.push(name);
  }
  return out;
}

function hostPorts(container: Container): number[] {
  return asArray(container.spec.ports)
    .map((p) => asInt(asRecord(p).hostPort) ?? 0)
    .filter((port) => port !== 0);
}

export const hardeningChecks: CheckDefinition[] = [
  {
    id: 'hostPortSet',
    area: 'security',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    target: 'workload',
    polaris: true,
    title: 'No host ports',
    passes: 'no container port sets a non-zero `hostPort`',
    passMessage: 'Host port is not configured',
    failMessage: 'Host port should not be configured',
    fix: 'ports:\n  - containerPort: 8080   # no hostPort: expose it through a Service\n',
    evaluate(workload) {
      const bad = workload.containers.map((c) => ({ name: c.name, ports: hostPorts(c) })).filter((c) => c.ports.length > 0);
      if (bad.length === 0) return pass();
      return fail(`Binds host ports: ${bad.map((c) => `"${c.name}" (${c.ports.join(', ')})`).join(', ')}`);
    },
  },
  {
    id: 'hostProcess',
    area: 'security',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    target: 'workload',
    polaris: true,
    title: 'No Windows HostProcess containers',
    passes: '`securityContext.windowsOptions.hostProcess` is not true, on the pod nor on any container',
    passMessage: 'Privileged access to the host check is valid',
    failMessage: 'Privileged access to the host is disallowed',
    fix: 'securityContext:\n  windowsOptions:\n    hostProcess: false\n',
    evaluate(workload) {
      if (isTrue(asRecord(podSc(workload).windowsOptions).hostProcess)) {
        return fail('The pod runs as a Windows HostProcess: privileged access to the host');
      }
      return containerOutcome(workload, true, (c) => isTrue(asRecord(sc(c).windowsOptions).hostProcess), 'Windows HostProcess (privileged access to the host)');
    },
  },
  {
    id: 'insecureCapabilities',
    area: 'security',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    target: 'workload',
    polaris: true,
    title: 'Default capabilities are dropped',
    passes: `every container drops \`ALL\` capabilities (or each of ${INSECURE_CAPABILITIES.join(', ')})`,
    passMessage: 'Container does not have any insecure capabilities',
    failMessage: 'Container should not have insecure capabilities',
    fix: 'securityContext:\n  capabilities:\n    drop: ["ALL"]\n',
    evaluate: (workload) =>
      containerOutcome(workload, true, (c) => !dropsInsecureCapabilities(c), 'Keeps insecure capabilities (drop ALL)'),
  },
  {
    id: 'linuxHardening',
    area: 'security',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    target: 'workload',
    polaris: true,
    title: 'Containers are confined by AppArmor, seccomp, SELinux or dropped capabilities',
    passes:
      'every container has one of: an AppArmor profile (annotation or `appArmorProfile`), a seccomp profile other than Unconfined (its own or the pod\'s), SELinux options (its own or the pod\'s), or a non-empty `capabilities.drop` without adding ALL',
    passMessage: 'One of AppArmor, Seccomp, SELinux, or dropping Linux Capabilities restricts every container',
    failMessage: 'Use one of AppArmor, Seccomp, SELinux, or dropping Linux Capabilities to restrict containers',
    fix: 'spec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n',
    evaluate: (workload) =>
      containerOutcome(workload, true, (c) => !isHardened(workload, c), 'No AppArmor, seccomp, SELinux or dropped capabilities'),
  },
  {
    id: 'procMount',
    area: 'security',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    target: 'workload',
    polaris: true,
    title: 'The default /proc mount is kept',
    passes: '`securityContext.procMount` is unset or `Default` on every container',
    passMessage: 'The default /proc masks are kept',
    failMessage: 'Proc mount must not be changed from the default',
    fix: 'securityContext:\n  procMount: Default\n',
    evaluate: (workload) =>
      containerOutcome(
        workload,
        true,
        (c) => sc(c).procMount !== undefined && sc(c).procMount !== null && sc(c).procMount !== 'Default',
        'Unmasked /proc (procMount is not Default)',
      ),
  },
  {
    id: 'sensitiveContainerEnvVar',
    area: 'security',
    severity: 'danger',
    kinds: WORKLOAD_KINDS,
    target: 'workload',
    polaris: true,
    title: 'No secrets in literal environment variables',
    passes:
      'no env variable with a literal `value` is named like a secret (password, token, bearer, secret, AWS_SECRET_ACCESS_KEY, GOOGLE_APPLICATION_CREDENTIALS, AZURE_*KEY, OCI_CLI_KEY_CONTENT) or holds a private key; `valueFrom` is fine',
    passMessage: 'The containers set no potentially sensitive environment variables',
    failMessage: 'A container sets potentially sensitive environment variables',
    fix: 'env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db\n        key: password\n',
    evaluate(workload) {
      const bad = workload.containers.map((c) => ({ name: c.name, vars: sensitiveEnvNames(c) })).filter((c) => c.vars.length > 0);
      if (bad.length === 0) return pass();
      return fail(
        `Sensitive values in literal env variables (use valueFrom with a Secret): ${bad.map((c) => `"${c.name}" (${c.vars.join(', ')})`).join(', ')}`,
      );
    },
  },
  {
    id: 'tlsSettingsMissing',
    area: 'security',
    severity: 'warning',
    kinds: ['Ingress'],
    target: 'object',
    polaris: true,
    title: 'The Ingress has TLS configured',
    passes: 'the Ingress has a non-empty `spec.tls` list',
    passMessage: 'Ingress has TLS configured',
    failMessage: 'Ingress does not have TLS configured: traffic reaches it in clear text',
    fix: 'spec:\n  tls:\n    - hosts: [shop.example.com]\n      secretName: shop-tls\n',
    evaluate(subject) {
      const group = apiGroup(subject.apiVersion);
      if (group !== 'networking.k8s.io' && group !== 'extensions') return null;
      const tls = asRecord(subject.item.object.spec).tls;
      if (!Array.isArray(tls)) return fail();
      return tls.length > 0 ? pass() : fail('spec.tls is empty: no host is served over TLS');
    },
  },
];
