// Alertmanager webhook ingestion benchmark: `npm run bench:alerts`.
// Sustained deliveries on loopback into the real route handler (served by
// node:http in this process) backed by a fresh, migrated PostgreSQL database.
// A load generator in a separate process sends groups of ALERTS_BENCH_GROUP
// alerts (default 50) with ALERTS_BENCH_CONCURRENCY (8) deliveries in flight
// for ALERTS_BENCH_SECONDS (20 s); one delivery in five is a re-send of an
// earlier group (as Alertmanager does on every group_interval). The sender
// retries on 5xx like Alertmanager. Afterwards the stored alerts are counted:
// none may be lost or duplicated. Target: >= 2,000 alerts/s.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

const SECONDS = Number(process.env.ALERTS_BENCH_SECONDS ?? 20);
const GROUP = Number(process.env.ALERTS_BENCH_GROUP ?? 50);
const CONCURRENCY = Number(process.env.ALERTS_BENCH_CONCURRENCY ?? 8);
const PORT = Number(process.env.ALERTS_BENCH_PORT ?? 0);
const DB_PREFIX = process.env.RUNWELL_BENCH_DB_PREFIX ?? 'runwell_test_';
const TARGET = 2000;

const GENERATOR = `
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const [url, token, seconds, group, concurrency] = process.argv.slice(1);
const G = Number(group), C = Number(concurrency);
function post(body) {
  return new Promise((resolve) => {
    const t = process.hrtime.bigint();
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - t) / 1e6 }));
    });
    req.on('error', () => resolve({ status: 0, ms: Number(process.hrtime.bigint() - t) / 1e6 }));
    req.end(body);
  });
}
const run = Date.now().toString(36);
function payload(g) {
  const alerts = [];
  for (let i = 0; i < G; i++) alerts.push({ status: 'firing', labels: { alertname: 'BenchAlert', service: 'bench', group: String(g), i: String(i) },
    annotations: { summary: 'bench' }, startsAt: '2026-03-01T10:00:00Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: 'http://prometheus/graph', fingerprint: run + '-' + g + '-' + i });
  return JSON.stringify({ version: '4', groupKey: '{}:{group="' + g + '"}', truncatedAlerts: 0, status: 'firing', receiver: 'runwell',
    groupLabels: { group: String(g) }, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://alertmanager', alerts });
}
(async () => {
  const end = Date.now() + Number(seconds) * 1000;
  let next = 0, deliveries = 0, alerts = 0, retries = 0;
  const latencies = [];
  const start = Date.now();
  await Promise.all(Array.from({ length: C }, async () => {
    while (Date.now() < end) {
      const resend = next > 10 && deliveries % 5 === 4;
      const g = resend ? Math.floor(Math.random() * next) : next++;
      const body = payload(g);
      for (;;) {
        const r = await post(body);
        latencies.push(r.ms);
        if (r.status >= 200 && r.status < 300) break;
        if (r.status >= 400 && r.status < 500) { console.error('refused', r.status); process.exit(1); }
        retries++;
        await new Promise((res) => setTimeout(res, 50));
      }
      deliveries++;
      alerts += G;
    }
  }));
  const wall = (Date.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)];
  process.stdout.write(JSON.stringify({ run, wall, deliveries, alerts, distinct: next * G, retries, p50: q(0.5), p99: q(0.99), max: latencies.at(-1) }));
})();
`;

async function main() {
  const { serverUrl, urlFor } = await import('../tests/setup/test-db');
  const pg = (await import('pg')).default;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: serverUrl() });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  const name = `${DB_PREFIX}bench_alerts_${Date.now()}`;
  await admin(`CREATE DATABASE "${name}"`);
  const url = urlFor(name);
  process.env.DATABASE_URL = url;
  process.env.RUNWELL_DB_POOL ??= '16';
  try {
    const { migrateDatabase } = await import('../server/database/migrate.service');
    await migrateDatabase(url);
    const { alertsToken, serveWebhook } = await import('../tests/alerts/webhook-kit');
    const { getPrisma } = await import('../server/db');
    const team = await getPrisma().team.create({ data: { slug: 'bench', name: 'Bench' } });
    await getPrisma().service.create({ data: { slug: 'bench', name: 'Bench', tier: 'tier2', teamId: team.id } });
    const token = await alertsToken('bench');
    const served = await serveWebhook(PORT);
    const cpu0 = process.cpuUsage();
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', GENERATOR, served.url, token, String(SECONDS), String(GROUP), String(CONCURRENCY)], { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`generator exited ${code}`))));
    });
    const cpu = process.cpuUsage(cpu0);
    const r = JSON.parse(out) as { run: string; wall: number; deliveries: number; alerts: number; distinct: number; retries: number; p50: number; p99: number; max: number };
    const [row] = await getPrisma().$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "Alert" WHERE fingerprint LIKE $1`, `${r.run}-%`);
    const stored = Number(row!.n);
    await served.close();
    const perSecond = Math.round(r.alerts / r.wall);
    const lost = r.distinct - stored;
    const lines = [
      '# Alert ingestion benchmark',
      '',
      `Run ${new Date().toISOString()} on ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, PostgreSQL on loopback.`,
      `Sustained POST /api/webhooks/alertmanager for ${SECONDS} s: groups of ${GROUP} alerts, ${CONCURRENCY} deliveries in flight, one in five a re-send of an earlier group; the load generator runs in its own process.`,
      '',
      '| measure | value |',
      '| --- | --- |',
      `| alerts delivered (incl. re-sends) | ${r.alerts} in ${r.wall.toFixed(1)} s |`,
      `| **alerts/s** | **${perSecond}** (target >= ${TARGET}) |`,
      `| deliveries/s | ${Math.round(r.deliveries / r.wall)} |`,
      `| delivery latency p50 / p99 / max | ${r.p50.toFixed(1)} / ${r.p99.toFixed(1)} / ${r.max.toFixed(1)} ms |`,
      `| distinct alerts sent / stored | ${r.distinct} / ${stored} (${lost === 0 ? 'none lost, none duplicated' : `${lost} missing`}) |`,
      `| deliveries retried after 5xx | ${r.retries} |`,
      `| server process CPU | ${Math.round((cpu.user + cpu.system) / 1000 / r.wall / 10)} % of one core |`,
      '',
      `Verdict: ${perSecond >= TARGET && lost === 0 ? 'PASS' : 'FAIL'} (>= ${TARGET} alerts/s with none lost).`,
      '',
    ];
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(new URL('./results/alerts.md', import.meta.url), lines.join('\n'));
    process.stdout.write(lines.join('\n'));
    const { disconnectDatabase } = await import('../server/database/lifecycle');
    await disconnectDatabase();
    if (lost !== 0) process.exitCode = 1;
  } finally {
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
