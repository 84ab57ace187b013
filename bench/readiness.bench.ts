// Readiness engine benchmark: `tsx bench/readiness.bench.ts` (npm run bench:readiness).
//
// 1. CI gate: 10,000 manifest objects (2,500 Deployments, each with its PDB, Service
//    and NetworkPolicy) evaluated in one go. Target <= 2 s. Parsing the same objects
//    from YAML text (what `runwell check` also does) is measured separately.
// 2. Live inventory, "150,000 pods": the engine evaluates pod templates, never pods, so
//    150k pods means ~15,000 workloads averaging 10 replicas. The inventory handed to
//    the engine holds the workloads, their ReplicaSets and all 150,000 Pods (owned
//    objects are skipped, but each still costs a look), plus per workload a PDB,
//    Service, ServiceMonitor, PrometheusRule, SLO, HPA (half of them) and a
//    NetworkPolicy per namespace: ~277k objects. Workloads are packed into 20
//    namespaces (750 each) so that selector matching without the label index would be
//    quadratic. Target <= 5 s.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { parseManifests } from '../server/readiness/manifests.compute';
import { buildInventory } from '../server/readiness/inventory.compute';
import { evaluateInventory } from '../server/readiness/readiness.compute';
import type { InventoryItem, KubeObject, ReadinessReport } from '../server/readiness/readiness.schema';

const NOW = new Date('2026-06-01T00:00:00Z');
const RUNS = 3;

let seed = 7;
function rand(n: number): number {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
}

function podTemplate(app: string, good: boolean): Record<string, unknown> {
  return {
    metadata: { labels: { 'app.kubernetes.io/name': app, tier: good ? 'web' : 'batch' } },
    spec: {
      ...(good ? { priorityClassName: 'high', automountServiceAccountToken: false } : {}),
      topologySpreadConstraints: good ? [{ topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1 }] : undefined,
      containers: [
        {
          name: 'app',
          image: good ? `ghcr.io/org/${app}:1.${rand(20)}` : 'nginx',
          imagePullPolicy: good ? 'Always' : undefined,
          livenessProbe: good ? { httpGet: { path: '/healthz', port: 8080 } } : undefined,
          readinessProbe: rand(3) > 0 ? { httpGet: { path: '/ready', port: 8080 } } : undefined,
          resources: { requests: { cpu: '100m', memory: '128Mi' }, ...(good ? { limits: { memory: '256Mi' } } : {}) },
          securityContext: good ? { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true } : {},
        },
        ...(rand(4) === 0 ? [{ name: 'proxy', image: 'envoyproxy/envoy:v1.30.1', resources: { requests: { cpu: '50m' } } }] : []),
      ],
    },
  };
}

function deployment(app: string, ns: string, replicas: number, good: boolean): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: app,
      namespace: ns,
      labels: { 'app.kubernetes.io/name': app, ...(good ? { 'argocd.argoproj.io/instance': app, 'runwell.io/tier': 'tier2' } : {}) },
      annotations: good ? { 'runwell.io/team': `team-${rand(12)}`, 'runwell.io/runbook': 'https://x/rb', 'runwell.io/oncall': 'p' } : {},
    },
    spec: { replicas, selector: { matchLabels: { 'app.kubernetes.io/name': app } }, template: podTemplate(app, good) },
  };
}

const meta = (name: string, ns: string, labels?: Record<string, string>) => ({ name, namespace: ns, ...(labels ? { labels } : {}) });
const selector = (app: string) => ({ matchLabels: { 'app.kubernetes.io/name': app } });

function ciObjects(workloads: number, namespaces: number): KubeObject[] {
  const objects: KubeObject[] = [];
  for (let i = 0; i < workloads; i++) {
    const app = `svc-${i}`;
    const ns = `ns-${i % namespaces}`;
    objects.push(
      deployment(app, ns, 2 + rand(4), rand(3) > 0),
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta(app, ns), spec: { maxUnavailable: 1, selector: selector(app) } },
      { apiVersion: 'v1', kind: 'Service', metadata: meta(app, ns, { 'app.kubernetes.io/name': app }), spec: { selector: { 'app.kubernetes.io/name': app } } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta(app, ns), spec: { podSelector: selector(app) } },
    );
  }
  return objects;
}

function liveInventory(workloads: number, namespaces: number, podsPerWorkload: number): { items: InventoryItem[]; pods: number } {
  const items: InventoryItem[] = [];
  const add = (object: KubeObject) => items.push({ object });
  let pods = 0;
  for (let n = 0; n < namespaces; n++) {
    add({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${n}`, labels: { 'runwell.io/team': `team-${n}` } } });
    add({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('default-deny', `ns-${n}`), spec: { podSelector: {} } });
  }
  for (let i = 0; i < workloads; i++) {
    const app = `svc-${i}`;
    const ns = `ns-${i % namespaces}`;
    const replicas = i % 2 === 0 ? podsPerWorkload - 4 : podsPerWorkload + 4; // 6 or 14: exactly 10 on average
    const workload = deployment(app, ns, replicas, rand(3) > 0);
    add(workload);
    const owner = (kind: string, name: string) => [{ apiVersion: 'apps/v1', kind, name, controller: true }];
    add({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { ...meta(`${app}-7d9f`, ns), ownerReferences: owner('Deployment', app) }, spec: workload.spec });
    const template = (workload.spec as { template: { spec: unknown } }).template;
    for (let p = 0; p < replicas; p++, pods++) {
      add({ apiVersion: 'v1', kind: 'Pod', metadata: { ...meta(`${app}-7d9f-${p}`, ns, { 'app.kubernetes.io/name': app }), ownerReferences: owner('ReplicaSet', `${app}-7d9f`) }, spec: template.spec });
    }
    add({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta(app, ns), spec: { minAvailable: rand(5) === 0 ? '100%' : 1, selector: selector(app) } });
    add({ apiVersion: 'v1', kind: 'Service', metadata: meta(app, ns, { 'app.kubernetes.io/name': app }), spec: { selector: { 'app.kubernetes.io/name': app } } });
    add({ apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: meta(app, ns), spec: { selector: selector(app), endpoints: [{ port: 'http' }] } });
    add({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: meta(`${app}-alerts`, ns),
      spec: { groups: [{ name: app, rules: [{ alert: `${app}Down`, expr: 'up == 0', annotations: rand(4) ? { runbook_url: 'https://x/rb' } : {} }] }] },
    });
    add({ apiVersion: 'sloth.slok.dev/v1', kind: 'PrometheusServiceLevel', metadata: meta(`${app}-slo`, ns), spec: { service: app, slos: [] } });
    if (i % 2 === 0) {
      add({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: meta(app, ns), spec: { scaleTargetRef: { kind: 'Deployment', name: app }, minReplicas: 2, maxReplicas: 20 } });
    }
  }
  return { items, pods };
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

interface Scenario {
  name: string;
  objects: number;
  evaluated: number;
  checkResults: number;
  score: number;
  buildMs: number;
  evaluateMs: number;
  totalMs: number;
  targetMs: number;
  pass: boolean;
  extra?: Record<string, number>;
}

function measure(name: string, items: InventoryItem[], targetMs: number, extra?: Record<string, number>): Scenario {
  const builds: number[] = [];
  const evals: number[] = [];
  const totals: number[] = [];
  let report: ReadinessReport | undefined;
  time(() => evaluateInventory(buildInventory(items), { now: NOW })); // warm-up (JIT)
  for (let run = 0; run < RUNS; run++) {
    const built = time(() => buildInventory(items));
    const evaluated = time(() => evaluateInventory(built.value, { now: NOW }));
    builds.push(built.ms);
    evals.push(evaluated.ms);
    totals.push(built.ms + evaluated.ms);
    report = evaluated.value;
  }
  const totalMs = median(totals);
  return {
    name,
    objects: items.length,
    evaluated: report!.objects.length,
    checkResults: report!.objects.reduce((n, o) => n + o.checks.length, 0),
    score: report!.score,
    buildMs: Math.round(median(builds)),
    evaluateMs: Math.round(median(evals)),
    totalMs: Math.round(totalMs),
    targetMs,
    pass: totalMs <= targetMs,
    ...(extra ? { extra } : {}),
  };
}

const ci = ciObjects(2_500, 50);
const ciItems = ci.map((object) => ({ object }));
const yamlText = ci.map((o) => `---\n${stringify(o)}`).join('');
const parse = median(Array.from({ length: RUNS }, () => time(() => parseManifests(yamlText, 'bench.yaml')).ms));
// What a CI pipeline waits for: the real `runwell check` process on the file,
// including Node start-up, reading, parsing, evaluating and printing JSON.
const cliFile = path.join(mkdtempSync(path.join(tmpdir(), 'runwell-bench-')), 'manifests.yaml');
writeFileSync(cliFile, yamlText);
const cliRuns = Array.from({ length: RUNS }, () => {
  const started = performance.now();
  const run = spawnSync(process.execPath, [path.resolve(import.meta.dirname, '../bin/runwell.mjs'), 'check', cliFile, '--format', 'json'], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (run.status !== 0 && run.status !== 1) throw new Error(`runwell check failed: ${run.stderr}`);
  return performance.now() - started;
});
const cliMs = Math.round(median(cliRuns));
rmSync(path.dirname(cliFile), { recursive: true, force: true });
const scenarios = [
  measure('CI gate: 10,000 manifest objects', ciItems, 2_000, {
    yamlParseMs: Math.round(parse),
    yamlBytes: yamlText.length,
    cliEndToEndMs: cliMs,
  }),
];
const live = liveInventory(15_000, 20, 10);
scenarios.push(measure('Live inventory: 15,000 workloads / 150,000 pods', live.items, 5_000, { pods: live.pods }));

const environment = {
  node: process.version,
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  runs: RUNS,
  statistic: 'median of runs after one warm-up',
  loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
  date: new Date().toISOString(),
};
const table = [
  '| scenario | objects | evaluated | check results | index build | evaluation | total | target | |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ...scenarios.map(
    (s) =>
      `| ${s.name} | ${s.objects.toLocaleString('en')} | ${s.evaluated.toLocaleString('en')} | ${s.checkResults.toLocaleString('en')} | ${s.buildMs} ms | ${s.evaluateMs} ms | **${s.totalMs} ms** | ${s.targetMs} ms | ${s.pass ? 'pass' : 'FAIL'} |`,
  ),
].join('\n');
const markdown = [
  '# Readiness engine benchmark',
  '',
  'Generated by `tsx bench/readiness.bench.ts`. Evaluation = building the cross-object indexes plus running every',
  'check on every workload (pure, in-process). The live-inventory scenario contains all 150,000 Pods; the engine skips',
  'controller-owned objects and evaluates the 15,000 pod templates. Machines are shared (2 cores): treat figures as upper bounds.',
  '',
  table,
  '',
  `YAML parsing of the CI scenario (${(yamlText.length / 1e6).toFixed(1)} MB, what \`runwell check\` adds before evaluation): ${Math.round(parse)} ms.`,
  `\`runwell check manifests.yaml --format json\` on those 10,000 objects, end to end (process start, read, parse, evaluate, print): **${cliMs} ms** (target 2000 ms: ${cliMs <= 2_000 ? 'pass' : 'FAIL'}).`,
  '',
  '```json',
  JSON.stringify({ environment, scenarios }, null, 2),
  '```',
  '',
].join('\n');

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/readiness.md', import.meta.url), markdown);
process.stdout.write(markdown);
if (scenarios.some((s) => !s.pass)) process.exitCode = 1;
