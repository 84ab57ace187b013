import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase, freshName, urlFor } from '@/tests/setup/test-db';

// A new user's first commands, without the slow part of a real fresh clone
// (`npm ci` downloads ~500 MB): the project's files copied as git lists them,
// WITHOUT server/generated, next to the installed node_modules. The CLI must
// generate the Prisma client itself and then work (help, migrate), also when
// started with the machine's own Node 20 (`node bin/runwell.mjs`, as the
// README shows). `npm ci` itself generates the client through the root
// package's postinstall (checked below; seen by hand in a fresh clone, see
// docs/testing.md "First run").

const ROOT = path.resolve(import.meta.dirname, '..');
// The machines' own Node (20): the runtime a new user has before `npm ci`.
const SYSTEM_NODE = '/usr/bin/node';

type Run = { code: number | null; stdout: string; stderr: string };

function run(node: string, cwd: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    // PATH without node_modules/.bin: a plain shell, not an npm script.
    const child = spawn(node, [path.join(cwd, 'bin/runwell.mjs'), ...args], {
      cwd,
      env: { ...process.env, PATH: '/usr/local/bin:/usr/bin:/bin', NODE_OPTIONS: '', RUNWELL_REEXEC: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let copy: string;
const database = freshName('firstrun');

beforeAll(() => {
  copy = mkdtempSync(path.join(tmpdir(), 'runwell-first-run-'));
  const files = spawnSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .stdout.split('\n')
    .filter((f) => f && !f.startsWith('server/generated/') && existsSync(path.join(ROOT, f)));
  const tar = spawnSync('sh', ['-c', `tar -cf - -T - | tar -xf - -C '${copy}'`], { cwd: ROOT, input: files.join('\n') });
  expect(tar.status).toBe(0);
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
});

afterAll(async () => {
  rmSync(copy, { recursive: true, force: true });
  await dropDatabase(database);
});

describe('first run, before anything generated the Prisma client', () => {
  it('the root package generates the client on npm install/ci (postinstall)', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.postinstall).toBe('node scripts/prisma-generate.mjs');
  });

  it('`node bin/runwell.mjs --help` on the machine Node 20 re-runs on the bundled Node 24 and generates the client first', async () => {
    expect(existsSync(path.join(copy, 'server/generated'))).toBe(false);
    const r = await run(SYSTEM_NODE, copy, ['--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('runwell: generating the Prisma client (first run)...\n');
    expect(r.stdout).toMatch(/Usage: runwell/);
    expect(r.stdout).toMatch(/migrate/);
    expect(existsSync(path.join(copy, 'server/generated/prisma/client.ts'))).toBe(true);
  });

  it('`migrate` then creates and migrates a fresh database', async () => {
    const r = await run(SYSTEM_NODE, copy, ['migrate'], { DATABASE_URL: urlFor(database) });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Created database');
    expect(r.stdout).toMatch(/Applied migration \d{14}_init/);
  });

  it('says in one line what to run when no Node >= 22.12 can be found', async () => {
    const version = spawnSync(SYSTEM_NODE, ['--version'], { encoding: 'utf8' }).stdout.trim();
    expect(version).toMatch(/^v(1\d|20|21)\./); // this check needs an old Node; the machines have 20
    // RUNWELL_REEXEC marks "already re-run": the bundled Node is not used again.
    const r = await run(SYSTEM_NODE, copy, ['--help'], { RUNWELL_REEXEC: '1' });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^runwell: needs Node >= 22\.12 \(this is Node 20\.[\d.]+\); run `npm install` .* and use `npx runwell`/);
  });
});
