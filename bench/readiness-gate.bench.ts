// CI gate with every check on: `tsx bench/readiness-gate.bench.ts` (npm run bench:readiness-gate).
//
// 10,000 manifest objects that exercise every check family: per service a workload
// (Deployments, StatefulSets and CronJobs, with init containers, env, ports, pod- and
// container-level security contexts), its PDB, HPA (half of them), Service,
// NetworkPolicy, Ingress, PrometheusRule and Sloth SLO. The config turns on every
// check that is off or not applicable by default (cpuLimits, allowedRegistries,
// requiredAnnotations). Measured: the real `runwell check FILE --config FILE --format
// json` process end to end (Node start-up, read, parse, evaluate, print), target
// <= 2 s; and, in-process, parse / index build / evaluation separately.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { CHECKS } from '../server/readiness/checks/registry.compute';
import { buildInventory } from '../server/readiness/inventory.compute';
import { parseManifests } from '../server/readiness/manifests.compute';
import { activeChecks, evaluateInventory } from '../server/readiness/readiness.compute';
import { type KubeObject, readinessConfigSchema } from '../server/readiness/readiness.schema';

const RUNS = 5;
const NOW = new Date('2026-06-01T00:00:00Z');
const TARGET_MS = 2_000;
const CONFIG_TEXT = [
  'cpuLimits: warning',
  'allowedRegistries: [ghcr.io/org, docker.io/library]',
  'requiredAnnotations: [example.com/cost-center]',
  '',
].join('\n');
const config = readinessConfigSchema.parse({
  cpuLimits: 'warning',
  allowedRegistries: ['ghcr.io/org', 'docker.io/library'],
  requiredAnnotations: ['example.com/cost-center'],
});

let seed = 11;
function rand(n: number): number {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
}

const sel = (app: string) => ({ matchLabels: { 'app.kubernetes.io/name': app } });
const meta = (name: string, ns: string, extra: Record<string, unknown> = {}) => ({ name, namespace: ns, ...extra });

function container(app: string, good: boolean): Record<string, unknown> {
  return {
    name: 'app',
    image: good ? `ghcr.io/org/${app}:1.${rand(20)}` : 'nginx',
    imagePullPolicy: good ? 'Always' : undefined,
    ports: [{ containerPort: 8080, ...(rand(10) === 0 ? { hostPort: 8080 } : {}) }],
    env: [
      { name: 'LOG_LEVEL', value: 'info' },
      rand(8) === 0 ? { name: 'DB_PASSWORD', value: 'x' } : { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: app, key: 'pw' } } },
    ],
    livenessProbe: good ? { httpGet: { path: '/healthz', port: 8080 } } : undefined,
    readinessProbe: rand(3) > 0 ? { httpGet: { path: '/ready', port: 8080 } } : undefined,
    resources: { requests: { cpu: '100m', memory: '128Mi' }, ...(good ? { limits: { cpu: '1', memory: '256Mi' } } : {}) },
    securityContext: good
      ? { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } }
      : { procMount: rand(5) === 0 ? 'Unmasked' : undefined },
  };
}

function podTemplate(app: string, good: boolean): Record<string, unknown> {
  return {
    metadata: { labels: { 'app.kubernetes.io/name': app }, annotations: good ? { 'example.com/cost-center': 'cc-1' } : {} },
    spec: {
      ...(good ? { priorityClassName: 'high', automountServiceAccountToken: false, securityContext: { seccompProfile: { type: 'RuntimeDefault' } } } : {}),
      topologySpreadConstraints: good ? [{ topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1 }] : undefined,
      initContainers: rand(3) === 0 ? [{ name: 'migrate', image: `ghcr.io/org/${app}-migrate:1`, securityContext: { runAsNonRoot: true } }] : undefined,
      containers: [container(app, good)],
    },
  };
}

function workload(i: number, app: string, ns: string, good: boolean): KubeObject {
  const metadata: KubeObject['metadata'] & object = {
    name: app,
    namespace: ns,
    labels: good
      ? { 'app.kubernetes.io/name': app, 'app.kubernetes.io/instance': app, 'argocd.argoproj.io/instance': app, 'runwell.io/tier': 'tier2' }
      : { 'app.kubernetes.io/name': app },
    annotations: good ? { 'runwell.io/team': `team-${rand(12)}`, 'runwell.io/runbook': 'https://x/rb', 'runwell.io/oncall': 'p' } : {},
  };
  const template = podTemplate(app, good);
  if (i % 10 === 9) return { apiVersion: 'batch/v1', kind: 'CronJob', metadata, spec: { schedule: '0 * * * *', jobTemplate: { spec: { template } } } };
  const kind = i % 10 === 8 ? 'StatefulSet' : 'Deployment';
  return { apiVersion: 'apps/v1', kind, metadata, spec: { replicas: 1 + rand(4), selector: sel(app), template } };
}

function objects(services: number, namespaces: number): KubeObject[] {
  const out: KubeObject[] = [];
  for (let i = 0; out.length < 10_000; i++) {
    const app = `svc-${i}`;
    const ns = `ns-${i % namespaces}`;
    const all: KubeObject[] = [
      workload(i, app, ns, rand(3) > 0),
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta(app, ns), spec: rand(6) === 0 ? { maxUnavailable: 0, selector: sel(app) } : { minAvailable: 1 + rand(3), selector: sel(app) } },
      { apiVersion: 'v1', kind: 'Service', metadata: meta(app, ns, { labels: { 'app.kubernetes.io/name': app } }), spec: { selector: { 'app.kubernetes.io/name': app } } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta(app, ns), spec: { podSelector: sel(app), policyTypes: rand(4) === 0 ? ['Ingress'] : ['Ingress', 'Egress'] } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: meta(app, ns), spec: { ...(rand(3) > 0 ? { tls: [{ hosts: [`${app}.example.com`], secretName: app }] } : {}), rules: [{ host: `${app}.example.com` }] } },
      { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: meta(`${app}-alerts`, ns), spec: { groups: [{ name: app, rules: [{ alert: `${app}Down`, expr: 'up == 0', annotations: rand(4) ? { runbook_url: 'https://x/rb' } : {} }] }] } },
      { apiVersion: 'sloth.slok.dev/v1', kind: 'PrometheusServiceLevel', metadata: meta(`${app}-slo`, ns), spec: { service: app, slos: [] } },
      ...(i % 2 === 0
        ? [{ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: meta(app, ns), spec: { scaleTargetRef: { kind: 'Deployment', name: app }, minReplicas: 1 + rand(3), maxReplicas: 2 + rand(6) } } as KubeObject]
        : []),
    ];
    out.push(...all.slice(0, 10_000 - out.length));
    if (i > services) throw new Error('object budget not reached');
  }
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

const set = objects(5_000, 50);
const yamlText = set.map((o) => `---\n${stringify(o)}`).join('');
const load = () => Number(loadavg()[0]!.toFixed(2));
const loadBefore = load();

// In-process phases.
const parses: number[] = [];
const builds: number[] = [];
const evals: number[] = [];
let report;
for (let run = 0; run <= RUNS; run++) {
  const parsed = time(() => parseManifests(yamlText, 'bench.yaml'));
  const built = time(() => buildInventory(parsed.value));
  const evaluated = time(() => evaluateInventory(built.value, { now: NOW, config }));
  if (run === 0) continue; // warm-up (JIT)
  parses.push(parsed.ms);
  builds.push(built.ms);
  evals.push(evaluated.ms);
  report = evaluated.value;
}

// What a CI pipeline waits for: the real process.
const dir = mkdtempSync(path.join(tmpdir(), 'runwell-gate-bench-'));
const file = path.join(dir, 'manifests.yaml');
const configFile = path.join(dir, 'readiness.yaml');
writeFileSync(file, yamlText);
writeFileSync(configFile, CONFIG_TEXT);
// CPU time (user + sys, via /usr/bin/time when present) says what the run costs on a
// machine of its own; wall time on a shared machine also contains the other agents' load.
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const cliCpu: number[] = [];
const cliRuns = Array.from({ length: RUNS }, () => {
  const started = performance.now();
  const argv = [process.execPath, path.resolve(import.meta.dirname, '../bin/runwell.mjs'), 'check', file, '--config', configFile, '--format', 'json'];
  const run = TIME
    ? spawnSync(TIME, ['-f', 'CPU %U %S', ...argv], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 })
    : spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const wall = performance.now() - started;
  if (run.status !== 0 && run.status !== 1) throw new Error(`runwell check failed: ${run.stderr}`);
  const cpu = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(run.stderr);
  if (cpu) cliCpu.push((Number(cpu[1]) + Number(cpu[2])) * 1000);
  return wall;
});
rmSync(dir, { recursive: true, force: true });
const loadAfter = load();

const active = activeChecks(config).length;
const ids = new Set(report!.objects.flatMap((o) => o.checks.map((c) => c.id)));
const cliMs = Math.round(median(cliRuns));
const result = {
  environment: {
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    runs: RUNS,
    statistic: 'median of runs (in-process: after one warm-up)',
    loadAverage1mBefore: loadBefore,
    loadAverage1mAfter: loadAfter,
    date: new Date().toISOString(),
  },
  objects: set.length,
  yamlBytes: yamlText.length,
  checksDefined: CHECKS.length,
  checksActive: active,
  checksReported: ids.size,
  evaluatedObjects: report!.objects.length,
  checkResults: report!.objects.reduce((n, o) => n + o.checks.length, 0),
  score: report!.score,
  parseMs: Math.round(median(parses)),
  buildMs: Math.round(median(builds)),
  evaluateMs: Math.round(median(evals)),
  cliEndToEndMs: cliMs,
  cliRunsMs: cliRuns.map(Math.round),
  cliCpuMs: cliCpu.length ? Math.round(median(cliCpu)) : null,
  targetMs: TARGET_MS,
  pass: cliMs <= TARGET_MS,
};
const markdown = [
  '# Readiness CI gate, every check on',
  '',
  'Generated by `tsx bench/readiness-gate.bench.ts` (`npm run bench:readiness-gate`). 10,000 manifest objects',
  '(Deployments, StatefulSets, CronJobs with init containers, PDBs, HPAs, Services, NetworkPolicies, Ingresses,',
  'PrometheusRules, SLOs); a config that turns on every check (cpuLimits, allowedRegistries, requiredAnnotations).',
  'Machines are shared (2 cores, several agents): treat figures as upper bounds; the load average is recorded.',
  '',
  '| objects | checks on | results | YAML parse | index build | evaluation | `runwell check` end to end (wall) | its CPU time | target | |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  `| ${result.objects.toLocaleString('en')} | ${active} of ${CHECKS.length} | ${result.checkResults.toLocaleString('en')} | ${result.parseMs} ms | ${result.buildMs} ms | ${result.evaluateMs} ms | **${cliMs} ms** | ${result.cliCpuMs ?? '?'} ms | ${TARGET_MS} ms | ${result.pass ? 'pass' : 'FAIL'} |`,
  '',
  `Load average (1 min): ${loadBefore} before, ${loadAfter} after. Checks reported at least once: ${ids.size}.`,
  '',
  '```json',
  JSON.stringify(result, null, 2),
  '```',
  '',
].join('\n');
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/readiness-gate.md', import.meta.url), markdown);
process.stdout.write(markdown);
if (!result.pass) process.exitCode = 1;
