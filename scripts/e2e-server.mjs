// The web server Playwright starts (playwright.config.ts, webServer): migrates
// the fresh e2e database, then runs the production app on E2E_PORT with
// `runwell serve` (which builds when the sources changed). The database is
// dropped when this process is stopped (and by scripts/test-all.mjs after the
// e2e run, in case the server was killed).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '..');
const port = process.env.E2E_PORT ?? '3210';
const url = process.env.DATABASE_URL;
if (!url || !new URL(url).pathname.startsWith('/runwell_test_')) {
  console.error('e2e-server: DATABASE_URL must name a runwell_test_* database');
  process.exit(2);
}
const name = decodeURIComponent(new URL(url).pathname.slice(1));
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://127.0.0.1:${port}`,
  // Fixed for this run only, so nothing is written to the data dir's secrets file.
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? randomBytes(32).toString('base64url'),
  RUNWELL_SECRET_KEY: process.env.RUNWELL_SECRET_KEY ?? randomBytes(32).toString('base64'),
};

const bin = path.join(root, 'bin', 'runwell.mjs');
const log = (line) => console.log(`[e2e-server] ${line}`);

log(`migrating ${name}`);
const migrate = spawnSync(process.execPath, [bin, 'migrate'], { cwd: root, env, stdio: 'inherit' });
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

let child;
if (existsSync(path.join(root, 'cli', 'commands', 'serve.ts'))) {
  log(`runwell serve on port ${port}`);
  child = spawn(process.execPath, [bin, 'serve', '--port', port, '--workers', '1'], { cwd: root, env, stdio: 'inherit' });
} else {
  // Before `runwell serve` existed: build and start Next.js directly.
  const next = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  log('next build');
  const build = spawnSync(process.execPath, [next, 'build'], { cwd: root, env: { ...env, NODE_ENV: 'production' }, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  child = spawn(process.execPath, [next, 'start', '-H', '127.0.0.1', '-p', port], {
    cwd: root,
    env: { ...env, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
}

async function dropDatabase() {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  try {
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`);
    log(`dropped ${name}`);
  } catch (error) {
    log(`could not drop ${name}: ${error.message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const waitExit = (ms) =>
    new Promise((resolve) => {
      if (exited()) return resolve(true);
      const timer = setTimeout(() => resolve(false), ms);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  // Playwright signals the whole process group, so the server usually got the
  // same signal already; a second one would make it kill its children at once.
  if (!(await waitExit(3_000))) {
    child.kill(signal);
    if (!(await waitExit(15_000))) child.kill('SIGKILL');
  }
  await dropDatabase();
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
child.on('exit', async (code, signal) => {
  if (stopping) return;
  log(`server exited (${signal ?? `code ${code}`})`);
  await dropDatabase();
  process.exit(code ?? 1);
});
