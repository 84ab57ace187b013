import { describe, expect, it } from 'vitest';
import { type CheckRow, expectCheck, goodWorkload, NS, networkPolicy, readySet, readySetWith, type Loose } from '../fixtures/builders';
import type { KubeObject } from '../readiness.schema';
import { imageTagMissing } from './security.compute';

const withContainer = (mutate: (c: Loose) => void) => readySetWith((d) => mutate(d.spec.template.spec.containers[0]!));
const withPod = (mutate: (pod: Record<string, unknown>) => void) => readySetWith((d) => mutate(d.spec.template.spec));
const serviceAccount = (name: string, automount: boolean): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name, namespace: NS },
  automountServiceAccountToken: automount,
});

const withoutNp = () => readySet().filter((o) => o.kind !== 'NetworkPolicy');

const table: Record<string, CheckRow[]> = {
  runAsRootAllowed: [
    { label: 'runAsNonRoot on the container', objects: readySet(), expected: true },
    { label: 'nothing set', objects: withContainer((c) => delete c.securityContext.runAsNonRoot), expected: false, message: /May run as root: container "app"/ },
    { label: 'runAsNonRoot on the pod', objects: readySetWith((d) => { delete d.spec.template.spec.containers[0]!.securityContext.runAsNonRoot; d.spec.template.spec.securityContext = { runAsNonRoot: true }; }), expected: true },
    { label: 'non-zero runAsUser', objects: withContainer((c) => { delete c.securityContext.runAsNonRoot; c.securityContext.runAsUser = 1000; }), expected: true },
    { label: 'runAsUser 0 beats runAsNonRoot', objects: withContainer((c) => (c.securityContext.runAsUser = 0)), expected: false },
    { label: 'container runAsNonRoot false overrides the pod', objects: readySetWith((d) => { d.spec.template.spec.containers[0]!.securityContext.runAsNonRoot = false; d.spec.template.spec.securityContext = { runAsNonRoot: true }; }), expected: false },
    { label: 'init container as root', objects: withPod((p) => (p.initContainers = [{ name: 'init', image: 'i:1' }])), expected: false, message: /"init"/ },
  ],
  privilegeEscalationAllowed: [
    { label: 'false', objects: readySet(), expected: true },
    { label: 'unset', objects: withContainer((c) => delete c.securityContext.allowPrivilegeEscalation), expected: false },
    { label: 'true', objects: withContainer((c) => (c.securityContext.allowPrivilegeEscalation = true)), expected: false },
    { label: 'privileged implies escalation', objects: withContainer((c) => (c.securityContext.privileged = true)), expected: false },
  ],
  notReadOnlyRootFilesystem: [
    { label: 'read-only', objects: readySet(), expected: true },
    { label: 'unset', objects: withContainer((c) => delete c.securityContext.readOnlyRootFilesystem), expected: false },
  ],
  runAsPrivileged: [
    { label: 'not privileged', objects: readySet(), expected: true },
    { label: 'privileged', objects: withContainer((c) => (c.securityContext.privileged = true)), expected: false, message: /Runs privileged/ },
  ],
  hostNetworkSet: [
    { label: 'unset', objects: readySet(), expected: true },
    { label: 'false', objects: withPod((p) => (p.hostNetwork = false)), expected: true },
    { label: 'true', objects: withPod((p) => (p.hostNetwork = true)), expected: false },
  ],
  hostPIDSet: [
    { label: 'unset', objects: readySet(), expected: true },
    { label: 'true', objects: withPod((p) => (p.hostPID = true)), expected: false },
  ],
  hostIPCSet: [
    { label: 'unset', objects: readySet(), expected: true },
    { label: 'true', objects: withPod((p) => (p.hostIPC = true)), expected: false },
  ],
  hostPathSet: [
    { label: 'emptyDir only', objects: withPod((p) => (p.volumes = [{ name: 'tmp', emptyDir: {} }])), expected: true },
    { label: 'hostPath', objects: withPod((p) => (p.volumes = [{ name: 'sock', hostPath: { path: '/var/run/docker.sock' } }])), expected: false, message: /"sock"/ },
  ],
  dangerousCapabilities: [
    { label: 'drop ALL', objects: readySet(), expected: true },
    { label: 'NET_BIND_SERVICE is fine', objects: withContainer((c) => (c.securityContext.capabilities.add = ['NET_BIND_SERVICE'])), expected: true },
    { label: 'SYS_ADMIN', objects: withContainer((c) => (c.securityContext.capabilities.add = ['SYS_ADMIN'])), expected: false, message: /"app" \(SYS_ADMIN\)/ },
    { label: 'CAP_NET_ADMIN spelling', objects: withContainer((c) => (c.securityContext.capabilities.add = ['CAP_NET_ADMIN'])), expected: false },
    { label: 'all (lower case)', objects: withContainer((c) => (c.securityContext.capabilities.add = ['all'])), expected: false },
  ],
  tagNotSpecified: [
    { label: 'tagged', objects: readySet(), expected: true },
    { label: 'untagged', objects: withContainer((c) => (c.image = 'nginx')), expected: false, message: /"app" \(nginx\)/ },
    { label: 'latest', objects: withContainer((c) => (c.image = 'ghcr.io/org/app:latest')), expected: false },
    { label: 'digest', objects: withContainer((c) => (c.image = 'ghcr.io/org/app@sha256:abc')), expected: true },
    { label: 'registry port, no tag', objects: withContainer((c) => (c.image = 'registry:5000/app')), expected: false },
    { label: 'no image at all', objects: withContainer((c) => delete c.image), expected: false },
  ],
  missingNetworkPolicy: [
    { label: 'policy selects the pods', objects: readySet(), expected: true },
    { label: 'none', objects: readySet().filter((o) => o.kind !== 'NetworkPolicy'), expected: false },
    { label: 'empty podSelector selects all', objects: [...readySet().filter((o) => o.kind !== 'NetworkPolicy'), networkPolicy({})], expected: true },
    { label: 'policy for other pods', objects: [...readySet().filter((o) => o.kind !== 'NetworkPolicy'), networkPolicy({ matchLabels: { app: 'x' } })], expected: false },
    { label: 'NotIn expression', objects: [...readySet().filter((o) => o.kind !== 'NetworkPolicy'), networkPolicy({ matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'NotIn', values: ['cart'] }] })], expected: true },
    { label: 'Ingress only: egress open', objects: [...withoutNp(), networkPolicy(undefined, { policyTypes: ['Ingress'], ingress: [{}] })], expected: false, message: /leaves egress open/ },
    { label: 'Egress only: ingress open', objects: [...withoutNp(), networkPolicy(undefined, { policyTypes: ['Egress'], egress: [{}] })], expected: false, message: /leaves ingress open/ },
    { label: 'no policyTypes, no egress: the API server defaults to Ingress only', objects: [...withoutNp(), networkPolicy(undefined, { ingress: [{}] })], expected: false, message: /egress open/ },
    { label: 'no policyTypes, empty egress list: still Ingress only', objects: [...withoutNp(), networkPolicy(undefined, { ingress: [{}], egress: [] })], expected: false, message: /egress open/ },
    { label: 'no policyTypes, egress rules: defaulted to both', objects: [...withoutNp(), networkPolicy(undefined, { ingress: [{}], egress: [{ to: [{ namespaceSelector: {} }] }] })], expected: true },
    { label: 'ingress policy plus namespace-wide egress deny: covered together', objects: [...withoutNp(), networkPolicy(undefined, { policyTypes: ['Ingress'] }), networkPolicy({}, { policyTypes: ['Egress'] }, 'deny-egress')], expected: true, message: /"deny-egress", "checkout"/ },
    { label: 'default-deny both ways (no rules) is covered', objects: [...withoutNp(), networkPolicy({}, { policyTypes: ['Ingress', 'Egress'] })], expected: true },
    { label: 'lower-case policy types', objects: [...withoutNp(), networkPolicy(undefined, { policyTypes: ['ingress', 'egress'] })], expected: true },
    { label: 'CronJob pods', objects: [goodWorkload('CronJob'), networkPolicy({}, { policyTypes: ['Ingress'] })], kind: 'CronJob', name: 'checkout-cronjob', expected: false, message: /egress open/ },
  ],
  automountServiceAccountToken: [
    { label: 'false on the pod', objects: readySet(), expected: true },
    { label: 'unset', objects: withPod((p) => delete p.automountServiceAccountToken), expected: false },
    { label: 'unset, default ServiceAccount disables it', objects: [...withPod((p) => delete p.automountServiceAccountToken), serviceAccount('default', false)], expected: true, message: /ServiceAccount "default"/ },
    { label: 'unset, named ServiceAccount disables it', objects: [...withPod((p) => { delete p.automountServiceAccountToken; p.serviceAccountName = 'checkout'; }), serviceAccount('checkout', false)], expected: true },
    { label: 'true on the pod wins over the ServiceAccount', objects: [...withPod((p) => (p.automountServiceAccountToken = true)), serviceAccount('default', false)], expected: false },
  ],
};

describe.each(Object.entries(table))('%s', (id, rows) => {
  it.each(rows)('$label', (row) => expectCheck(id, row));
});

describe('security checks apply to every workload kind', () => {
  it.each(['StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'ReplicaSet'] as const)('%s', (kind) => {
    expectCheck('runAsRootAllowed', { label: kind, objects: [goodWorkload(kind)], kind, name: `checkout-${kind.toLowerCase()}`, expected: true });
  });
});

describe('imageTagMissing', () => {
  it.each([
    ['nginx', true],
    ['nginx:latest', true],
    ['nginx:1.27', false],
    ['docker.io/library/nginx:1.27', false],
    ['localhost:5000/app', true],
    ['localhost:5000/app:2', false],
    ['app@sha256:0123', false],
    ['app:latest@sha256:0123', false],
    ['', true],
  ])('%s -> %s', (image, missing) => {
    expect(imageTagMissing(image)).toBe(missing);
  });
});
