// `npm test`: every check, in order, without stopping at the first failure:
// lint, typecheck, knip, unit tests, integration tests, end-to-end tests. Counts come
// from each runner's JSON report; the last line is the one CI reads:
//   Tests: N passed, M failed
// Lint and typecheck count as one check each.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '..');
const results = path.join(root, 'test-results');
mkdirSync(results, { recursive: true });
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

// Node 24 from node_modules/.bin first (see docs/architecture.md), for every child.
const env = {
  ...process.env,
  PATH: `${path.join(root, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
  NEXT_TELEMETRY_DISABLED: '1',
};

function run(command, args) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { cwd: root, env, stdio: 'inherit' });
    child.on('error', (error) => {
      console.error(`test-all: could not start ${command}: ${error.message}`);
      resolve({ code: 127, seconds: 0 });
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), seconds: Math.round((Date.now() - started) / 1000) }));
  });
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function vitestCounts(file) {
  const report = readJson(file);
  if (!report) return null;
  return {
    passed: report.numPassedTests ?? 0,
    failed: report.numFailedTests ?? 0,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

function playwrightCounts(file) {
  const report = readJson(file);
  if (!report?.stats) return null;
  const s = report.stats;
  return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: s.unexpected ?? 0, skipped: s.skipped ?? 0 };
}

const vitest = (project) => ({
  name: `${project} tests`,
  report: path.join(results, `${project}.json`),
  command: bin('vitest'),
  args: ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${path.join(results, `${project}.json`)}`],
  counts: vitestCounts,
});

const steps = [
  { name: 'lint', command: bin('eslint'), args: ['.', '--max-warnings=0'] },
  { name: 'typecheck', command: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.json'] },
  // Unused files, exports, types and dependencies (knip.jsonc; proven by tests/lint/knip.test.ts).
  { name: 'knip', command: bin('knip'), args: ['--no-progress'] },
  vitest('unit'),
  vitest('integration'),
  {
    name: 'e2e tests',
    report: path.join(results, 'e2e.json'),
    command: bin('playwright'),
    args: ['test'],
    counts: playwrightCounts,
    after: dropE2eDatabase,
  },
];

// The e2e database is named here, so that it can be dropped after Playwright
// has stopped the web server (playwright.config.ts keeps a name it is given).
const e2eDatabase = `runwell_test_e2e_${Date.now()}_${process.pid}`;
{
  const url = new URL(process.env.RUNWELL_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${e2eDatabase}`;
  env.RUNWELL_E2E_DATABASE_URL = url.toString();
}

async function dropE2eDatabase() {
  const client = new pg.Client({
    connectionString: process.env.RUNWELL_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    connectionTimeoutMillis: 5000,
  });
  try {
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${e2eDatabase}" WITH (FORCE)`);
  } catch (error) {
    console.error(`test-all: could not drop ${e2eDatabase}: ${error.message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const only = process.env.TEST_ONLY?.split(',').map((s) => s.trim());
const summary = [];
for (const step of steps) {
  if (only && !only.some((o) => step.name.startsWith(o))) continue;
  console.log(`\n=== ${step.name}: ${path.basename(step.command)} ${step.args.join(' ')}`);
  if (step.report && existsSync(step.report)) rmSync(step.report);
  const { code, seconds } = await run(step.command, step.args);
  if (step.after) await step.after();
  let counts = step.counts ? step.counts(step.report) : code === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 };
  let note = '';
  if (!counts) {
    counts = { passed: 0, failed: 1, skipped: 0 };
    note = code === 0 ? ' (no report written)' : ` (exit code ${code}, no report)`;
  } else if (code !== 0 && counts.failed === 0) {
    // A crash outside any test (setup, web server, config) still fails the run.
    counts = { ...counts, failed: counts.failed + 1 };
    note = ` (exit code ${code} outside the tests)`;
  } else if (step.counts && counts.passed + counts.failed === 0) {
    counts = { ...counts, failed: 1 };
    note = ' (ran no test)';
  }
  summary.push({ ...step, ...counts, code, seconds, note });
}

console.log('\n=== summary');
for (const s of summary) {
  const status = s.failed > 0 || s.code !== 0 ? 'FAIL' : 'ok  ';
  const skipped = s.skipped ? `, ${s.skipped} skipped` : '';
  console.log(`${status} ${s.name.padEnd(18)} ${s.passed} passed, ${s.failed} failed${skipped}  ${s.seconds}s${s.note}`);
}
const passed = summary.reduce((n, s) => n + s.passed, 0);
const failed = summary.reduce((n, s) => n + s.failed, 0);
const anyFailed = failed > 0 || summary.some((s) => s.code !== 0);
console.log(`Tests: ${passed} passed, ${failed} failed`);
process.exit(anyFailed ? 1 : 0);
