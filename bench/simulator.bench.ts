// Kubernetes simulator benchmark: `tsx bench/simulator.bench.ts` (npm run bench simulator).
// Sizes: SIM_BENCH_NODES (default 5000), SIM_BENCH_PODS (default 150000).
//
// 1. Start-up: generate and load a 5,000-node / 150,000-pod cluster (with its
//    Deployments, ReplicaSets, Services, PDBs, ... ~330k objects). Wall, CPU, RSS.
// 2. Full paginated pod list with limit=500 as JSON (what client-node and
//    `kubectl -o json` ask for) and as a server-side Table (what `kubectl get` asks for),
//    read and parsed by a client in a separate process. Target: JSON <= 30 s.
// 3. `kubectl get pods -A` end to end (the real kubectl, when installed).
// 4. Watch throughput: 4 watch streams on all pods in a separate process while pod
//    updates are written as fast as possible. Events delivered per second per stream.
// 5. Churn engine: watch events per second it can produce (realistic mixed operations).
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startSimulator } from '../simulator';

const NODES = Number(process.env.SIM_BENCH_NODES ?? 5000);
const PODS = Number(process.env.SIM_BENCH_PODS ?? 150_000);
const WATCHERS = 4;
const WATCH_EVENTS = 50_000;
const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';

const cpuMs = (c: NodeJS.CpuUsage) => Math.round((c.user + c.system) / 1000);
const mb = (b: number) => Math.round(b / 1e6);

// A client in its own process so that it does not share the server's event loop.
const LIST_CLIENT = `
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true });
const [url, table] = process.argv.slice(1);
const headers = table === '1' ? { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' } : {};
function get(path) {
  return new Promise((resolve, reject) => {
    http.get(url + path, { agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    }).on('error', reject);
  });
}
(async () => {
  const t = Date.now();
  let token = '', items = 0, pages = 0, bytes = 0, maxPage = 0;
  do {
    const p0 = Date.now();
    const text = await get('/api/v1/pods?limit=500' + (token ? '&continue=' + encodeURIComponent(token) : ''));
    const body = JSON.parse(text);
    maxPage = Math.max(maxPage, Date.now() - p0);
    bytes += text.length; pages++; items += (body.items || body.rows).length;
    token = body.metadata.continue || '';
  } while (token);
  process.stdout.write(JSON.stringify({ items, pages, bytes, ms: Date.now() - t, maxPageMs: maxPage }));
  agent.destroy();
})();
`;

const WATCH_CLIENT = `
const http = require('node:http');
const [url, rv, n, target] = process.argv.slice(1);
const counts = new Array(Number(n)).fill(0);
let started = 0, finished = 0;
const firstAt = [], doneAt = [];
for (let i = 0; i < Number(n); i++) {
  http.get(url + '/api/v1/pods?watch=1&resourceVersion=' + rv + '&timeoutSeconds=600', (res) => {
    let buf = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => {
      buf += chunk;
      let j;
      while ((j = buf.indexOf('\\n')) >= 0) {
        JSON.parse(buf.slice(0, j));
        buf = buf.slice(j + 1);
        if (counts[i]++ === 0) firstAt[i] = Date.now();
        if (counts[i] === Number(target)) {
          doneAt[i] = Date.now();
          res.destroy();
          if (++finished === Number(n)) {
            process.stdout.write(JSON.stringify({ counts, ms: Math.max(...doneAt) - Math.min(...firstAt) }));
            process.exit(0);
          }
        }
      }
    });
  });
  if (++started === Number(n)) process.stdout.write('ready\\n');
}
`;

function runClient(code: string, args: string[], onLine?: (line: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', code, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      let i;
      while (onLine && (i = out.indexOf('\n')) >= 0) {
        onLine(out.slice(0, i));
        out = out.slice(i + 1);
      }
    });
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`client exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const c0 = process.cpuUsage();
  const t0 = Date.now();
  const sim = await startSimulator({ nodes: NODES, pods: PODS, seed: 'bench', historySize: 200_000 });
  const startup = { wallMs: Date.now() - t0, cpuMs: cpuMs(process.cpuUsage(c0)) };
  await new Promise((r) => setTimeout(r, 500));
  const mem = process.memoryUsage();
  const podsDef = sim.store.registry.lookup('', 'v1', 'pods')!;
  const podCount = sim.store.count(podsDef);
  const objects = sim.store.resourceVersion;

  const lists: Record<string, unknown>[] = [];
  for (const table of [false, true]) {
    const c = process.cpuUsage();
    const r = JSON.parse(await runClient(LIST_CLIENT, [sim.url, table ? '1' : '0']));
    lists.push({ format: table ? 'Table' : 'JSON', pods: r.items, pages: r.pages, MB: mb(r.bytes), wallMs: r.ms, serverCpuMs: cpuMs(process.cpuUsage(c)), slowestPageMs: r.maxPageMs });
  }

  let kubectl: Record<string, unknown> | undefined;
  if (existsSync(KUBECTL)) {
    const dir = mkdtempSync(join(tmpdir(), 'sim-bench-'));
    writeFileSync(join(dir, 'kubeconfig'), '');
    const t = Date.now();
    const { stdout } = await promisify(execFile)(KUBECTL, ['--server', sim.url, '--cache-dir', join(dir, 'cache'), 'get', 'pods', '-A', '--no-headers'], {
      env: { ...process.env, KUBECONFIG: join(dir, 'kubeconfig') },
      maxBuffer: 1024 * 1024 * 1024,
    });
    kubectl = { command: 'kubectl get pods -A', lines: stdout.trim().split('\n').length, wallMs: Date.now() - t };
  }

  // watch throughput
  sim.churn.stop();
  const from = sim.store.resourceVersion;
  const watchRun = runClient(WATCH_CLIENT, [sim.url, String(from), String(WATCHERS), String(WATCH_EVENTS)], (line) => {
    if (line === 'ready') ready();
  });
  let ready!: () => void;
  await new Promise<void>((r) => (ready = r));
  await new Promise((r) => setTimeout(r, 300));
  // producer: plain pod updates (as a kubelet status update would be), 2,000 per tick
  const pt = Date.now();
  const podList = sim.store.all(podsDef);
  for (let i = 0; i < WATCH_EVENTS; i++) {
    const p = podList[i % podList.length]!;
    sim.store.put({ ...p, metadata: { ...p.metadata }, status: { ...p.status } });
    if (i % 2000 === 1999) await new Promise((r) => setImmediate(r));
  }
  const producedMs = Date.now() - pt;
  const w = JSON.parse(await watchRun);
  // churn engine on its own: realistic mixed operations, events per second it can emit
  const cc = process.cpuUsage();
  const ct = Date.now();
  const before = sim.store.resourceVersion;
  while (Date.now() - ct < 5000) {
    sim.churn.step(20);
    sim.controllers.settle();
    await new Promise((r) => setImmediate(r));
  }
  const churn = { events: sim.store.resourceVersion - before, ms: Date.now() - ct, cpuMs: cpuMs(process.cpuUsage(cc)), eventsPerSecond: Math.round(((sim.store.resourceVersion - before) * 1000) / (Date.now() - ct)), ops: sim.churn.stats };
  const watch = { streams: WATCHERS, eventsPerStream: WATCH_EVENTS, producedMs, deliveredMs: w.ms, eventsPerSecondPerStream: Math.round((WATCH_EVENTS * 1000) / w.ms), totalEventsPerSecond: Math.round((WATCH_EVENTS * WATCHERS * 1000) / w.ms) };
  await sim.close();

  const result = {
    environment: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? '', date: new Date().toISOString() },
    cluster: { nodes: NODES, pods: podCount, objects },
    startup: { ...startup, rssMB: mb(mem.rss), heapMB: mb(mem.heapUsed) },
    lists,
    kubectl,
    watch,
    churn,
  };
  const jsonList = lists[0] as { wallMs: number };
  const pass = podCount === PODS && jsonList.wallMs <= 30_000;
  const row = (l: Record<string, unknown>) => `| ${l.format} | ${l.pods} | ${l.pages} | ${l.MB} MB | ${l.wallMs} ms | ${l.serverCpuMs} ms | ${l.slowestPageMs} ms |`;
  const markdown = [
    '# Kubernetes simulator benchmark',
    '',
    'Generated by `tsx bench/simulator.bench.ts`. Clients run in separate processes; machines are shared (2 cores), treat figures as upper bounds.',
    '',
    `Cluster: ${NODES.toLocaleString('en')} nodes, ${podCount.toLocaleString('en')} pods, ${objects.toLocaleString('en')} objects in total.`,
    '',
    `Start-up (generate + load): **${startup.wallMs} ms** wall, ${startup.cpuMs} ms CPU; RSS **${mb(mem.rss)} MB**, heap ${mb(mem.heapUsed)} MB.`,
    '',
    '| list (limit=500) | pods | pages | transferred | wall | server CPU | slowest page |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...lists.map(row),
    '',
    kubectl ? `\`kubectl get pods -A\`: ${kubectl.lines} lines in **${kubectl.wallMs} ms**.` : 'kubectl not installed: skipped the kubectl run.',
    '',
    `Watch: ${WATCHERS} streams on all pods, ${WATCH_EVENTS.toLocaleString('en')} events each: **${watch.eventsPerSecondPerStream.toLocaleString('en')} events/s per stream** (${watch.totalEventsPerSecond.toLocaleString('en')} events/s written in total).`,
    '',
    `Churn engine alone (mixed restarts, evictions, scaling, rollouts, events...): **${churn.eventsPerSecond.toLocaleString('en')} watch events/s** (${churn.events.toLocaleString('en')} in ${churn.ms} ms).`,
    '',
    `Result: ${pass ? 'pass' : 'FAIL'} (all pods generated; JSON list <= 30 s).`,
    '',
    '```json',
    JSON.stringify(result, null, 2),
    '```',
    '',
  ].join('\n');
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/simulator.md', import.meta.url), markdown);
  process.stdout.write(markdown);
  if (!pass) process.exitCode = 1;
}

await main();
