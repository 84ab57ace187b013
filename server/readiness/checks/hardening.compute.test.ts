import { describe, it } from 'vitest';
import { type CheckRow, expectCheck, goodWorkload, type Loose, NS, readySet, readySetWith } from '../fixtures/builders';
import type { KubeObject } from '../readiness.schema';

const withContainer = (mutate: (c: Loose) => void) => readySetWith((d) => mutate(d.spec.template.spec.containers[0]!));
const withPod = (mutate: (pod: Loose) => void) => readySetWith((d) => mutate(d.spec.template.spec));
const withInit = (init: Loose) => withPod((p) => (p.initContainers = [{ name: 'init', image: 'init:1', securityContext: { capabilities: { drop: ['ALL'] } }, ...init }]));
/** The good container without any hardening (no capabilities dropped). */
const bare = (mutate: (c: Loose, pod: Loose) => void = () => {}) =>
  readySetWith((d) => {
    const c = d.spec.template.spec.containers[0]!;
    delete c.securityContext.capabilities;
    mutate(c, d.spec.template.spec);
  });
const cronJob = (mutateContainer: (c: Loose) => void): KubeObject => {
  const job = goodWorkload('CronJob') as Loose;
  mutateContainer(job.spec.jobTemplate.spec.template.spec.containers[0]);
  return job as KubeObject;
};
const ingress = (spec: Record<string, unknown>, apiVersion = 'networking.k8s.io/v1'): KubeObject => ({
  apiVersion,
  kind: 'Ingress',
  metadata: { name: 'shop', namespace: NS },
  spec: { rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'checkout', port: { number: 80 } } } }] } }], ...spec },
});
const CRON = { kind: 'CronJob', name: 'checkout-cronjob' };

const table: Record<string, CheckRow[]> = {
  hostPortSet: [
    { label: 'no ports', objects: readySet(), expected: true },
    { label: 'containerPort only', objects: withContainer((c) => (c.ports = [{ containerPort: 8080 }])), expected: true },
    { label: 'hostPort 0 (unset)', objects: withContainer((c) => (c.ports = [{ containerPort: 8080, hostPort: 0 }])), expected: true },
    { label: 'hostPort 8080', objects: withContainer((c) => (c.ports = [{ containerPort: 8080, hostPort: 8080 }])), expected: false, message: /"app" \(8080\)/ },
    { label: 'init container with a hostPort', objects: withInit({ ports: [{ containerPort: 53, hostPort: 53 }] }), expected: false, message: /"init" \(53\)/ },
    { label: 'CronJob container with a hostPort', objects: [cronJob((c) => (c.ports = [{ containerPort: 9, hostPort: 9 }]))], ...CRON, expected: false },
  ],
  hostProcess: [
    { label: 'unset', objects: readySet(), expected: true },
    { label: 'false on the container', objects: withContainer((c) => (c.securityContext.windowsOptions = { hostProcess: false })), expected: true },
    { label: 'true on the container', objects: withContainer((c) => (c.securityContext.windowsOptions = { hostProcess: true })), expected: false, message: /container "app"/ },
    { label: 'true on the pod', objects: withPod((p) => (p.securityContext = { windowsOptions: { hostProcess: true } })), expected: false, message: /The pod runs as a Windows HostProcess/ },
    { label: 'true on an init container', objects: withInit({ securityContext: { windowsOptions: { hostProcess: true } } }), expected: false, message: /"init"/ },
    { label: 'other windowsOptions only', objects: withPod((p) => (p.securityContext = { windowsOptions: { runAsUserName: 'app' } })), expected: true },
  ],
  insecureCapabilities: [
    { label: 'drops ALL', objects: readySet(), expected: true },
    { label: 'drops all, lower case', objects: withContainer((c) => (c.securityContext.capabilities = { drop: ['all'] })), expected: true },
    { label: 'no securityContext', objects: withContainer((c) => delete c.securityContext), expected: false, message: /container "app"/ },
    { label: 'drops only NET_RAW', objects: withContainer((c) => (c.securityContext.capabilities = { drop: ['NET_RAW'] })), expected: false },
    {
      label: 'drops each insecure capability one by one',
      objects: withContainer((c) => (c.securityContext.capabilities = { drop: ['NET_ADMIN', 'CHOWN', 'DAC_OVERRIDE', 'FSETID', 'FOWNER', 'MKNOD', 'NET_RAW', 'SETGID', 'SETUID', 'SETFCAP', 'SETPCAP', 'NET_BIND_SERVICE', 'SYS_CHROOT', 'KILL', 'AUDIT_WRITE'] })),
      expected: true,
    },
    { label: 'init container keeps the defaults', objects: withInit({ securityContext: {} }), expected: false, message: /"init"/ },
    { label: 'CronJob container without drop', objects: [cronJob((c) => delete c.securityContext.capabilities)], ...CRON, expected: false },
  ],
  linuxHardening: [
    { label: 'drops capabilities', objects: readySet(), expected: true },
    { label: 'nothing at all', objects: bare(), expected: false, message: /container "app"/ },
    { label: 'drop ALL but add ALL back', objects: withContainer((c) => (c.securityContext.capabilities = { drop: ['ALL'], add: ['ALL'] })), expected: false },
    { label: 'seccomp RuntimeDefault on the pod', objects: bare((_c, p) => (p.securityContext = { seccompProfile: { type: 'RuntimeDefault' } })), expected: true },
    { label: 'seccomp on the pod, container opts out with Unconfined', objects: bare((c, p) => { p.securityContext = { seccompProfile: { type: 'RuntimeDefault' } }; c.securityContext.seccompProfile = { type: 'Unconfined' }; }), expected: false },
    { label: 'seccomp Unconfined on the pod, Localhost on the container', objects: bare((c, p) => { p.securityContext = { seccompProfile: { type: 'Unconfined' } }; c.securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'p.json' }; }), expected: true },
    { label: 'seccomp Unconfined only', objects: bare((c) => (c.securityContext.seccompProfile = { type: 'Unconfined' })), expected: false },
    { label: 'SELinux options on the pod', objects: bare((_c, p) => (p.securityContext = { seLinuxOptions: { level: 's0:c123,c456' } })), expected: true },
    { label: 'empty SELinux options on the container', objects: bare((c) => (c.securityContext.seLinuxOptions = {})), expected: false },
    { label: 'AppArmor annotation for the container', objects: readySetWith((d) => { delete d.spec.template.spec.containers[0]!.securityContext.capabilities; d.spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default' }; }), expected: true },
    { label: 'AppArmor annotation for another container', objects: readySetWith((d) => { delete d.spec.template.spec.containers[0]!.securityContext.capabilities; d.spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/other': 'runtime/default' }; }), expected: false },
    { label: 'appArmorProfile field (Kubernetes 1.30) on the pod', objects: bare((_c, p) => (p.securityContext = { appArmorProfile: { type: 'RuntimeDefault' } })), expected: true },
    { label: 'init container without hardening', objects: withInit({ securityContext: {} }), expected: false, message: /"init"/ },
    { label: 'init container covered by the pod seccomp profile', objects: withPod((p) => { p.securityContext = { seccompProfile: { type: 'RuntimeDefault' } }; p.initContainers = [{ name: 'init', image: 'init:1' }]; }), expected: true },
  ],
  procMount: [
    { label: 'unset', objects: readySet(), expected: true },
    { label: 'Default', objects: withContainer((c) => (c.securityContext.procMount = 'Default')), expected: true },
    { label: 'Unmasked', objects: withContainer((c) => (c.securityContext.procMount = 'Unmasked')), expected: false, message: /container "app"/ },
    { label: 'Unmasked on an init container', objects: withInit({ securityContext: { procMount: 'Unmasked' } }), expected: false, message: /"init"/ },
    { label: 'Unmasked in a CronJob', objects: [cronJob((c) => (c.securityContext.procMount = 'Unmasked'))], ...CRON, expected: false },
  ],
  sensitiveContainerEnvVar: [
    { label: 'no env', objects: readySet(), expected: true },
    { label: 'harmless literal values', objects: withContainer((c) => (c.env = [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'PORT', value: '8080' }])), expected: true },
    { label: 'password as a literal', objects: withContainer((c) => (c.env = [{ name: 'DB_PASSWORD', value: 'hunter2' }])), expected: false, message: /"app" \(DB_PASSWORD\)/ },
    { label: 'the message never shows the value', objects: withContainer((c) => (c.env = [{ name: 'API_TOKEN', value: 'hunter2' }])), expected: false, message: /^(?!.*hunter2)/ },
    { label: 'password from a Secret', objects: withContainer((c) => (c.env = [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }])), expected: true },
    { label: 'declared without a value', objects: withContainer((c) => (c.env = [{ name: 'GITHUB_TOKEN' }])), expected: true },
    { label: 'empty literal value still counts', objects: withContainer((c) => (c.env = [{ name: 'SECRET_KEY', value: '' }])), expected: false },
    { label: 'AWS_SECRET_ACCESS_KEY', objects: withContainer((c) => (c.env = [{ name: 'aws_secret_access_key', value: 'x' }])), expected: false },
    { label: 'AZURE_STORAGE_KEY', objects: withContainer((c) => (c.env = [{ name: 'AZURE_STORAGE_KEY', value: 'x' }])), expected: false },
    { label: 'AZURE_KEY_VAULT_NAME is not a key', objects: withContainer((c) => (c.env = [{ name: 'AZURE_KEY_VAULT_NAME', value: 'x' }])), expected: true },
    { label: 'private key under a harmless name', objects: withContainer((c) => (c.env = [{ name: 'TLS_PEM', value: '-----BEGIN RSA PRIVATE KEY-----\nMIIE...' }])), expected: false, message: /TLS_PEM/ },
    { label: 'public certificate', objects: withContainer((c) => (c.env = [{ name: 'CA_PEM', value: '-----BEGIN CERTIFICATE-----\nMIIE...' }])), expected: true },
    { label: 'init container', objects: withInit({ env: [{ name: 'BEARER', value: 'abc' }] }), expected: false, message: /"init" \(BEARER\)/ },
    { label: 'CronJob container', objects: [cronJob((c) => (c.env = [{ name: 'SLACK_TOKEN', value: 'x' }]))], ...CRON, expected: false },
  ],
  tlsSettingsMissing: [
    { label: 'TLS configured', objects: [ingress({ tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }] })], kind: 'Ingress', name: 'shop', expected: true },
    { label: 'no tls', objects: [ingress({})], kind: 'Ingress', name: 'shop', expected: false, message: /does not have TLS/ },
    { label: 'tls: null', objects: [ingress({ tls: null })], kind: 'Ingress', name: 'shop', expected: false },
    { label: 'tls: [] (Runwell: no host is served over TLS)', objects: [ingress({ tls: [] })], kind: 'Ingress', name: 'shop', expected: false, message: /spec.tls is empty/ },
    { label: 'legacy extensions/v1beta1 Ingress', objects: [ingress({}, 'extensions/v1beta1')], kind: 'Ingress', name: 'shop', expected: false },
    { label: 'an Ingress CRD of another group is not judged', objects: [ingress({}, 'example.com/v1')], kind: 'Ingress', name: 'shop', expected: 'n/a' },
  ],
};

describe.each(Object.entries(table))('%s', (id, rows) => {
  it.each(rows)('$label', (row) => expectCheck(id, row));
});
