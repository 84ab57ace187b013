import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { authenticateToken } from '@/server/tokens/tokens.service';
import { dropDatabase, freshName, urlFor } from '@/tests/setup/test-db';

// The CLI as people run it: a child process with DATABASE_URL set, judged by
// its exit code (0 ok, 1 failed, 2 bad usage) and what it prints.
const BIN = path.resolve(import.meta.dirname, '../bin/runwell.mjs');
const PASSWORD = 'correct horse battery staple';

type Run = { code: number | null; stdout: string; stderr: string };

function runwell(args: string[], options: { input?: string; databaseUrl?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: path.dirname(BIN),
      env: { ...process.env, DATABASE_URL: options.databaseUrl ?? inject('databaseUrl'), NODE_OPTIONS: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

const email = `cli-${process.pid}-${Date.now()}@example.com`;
let client: pg.Client;
const created: string[] = [];

beforeAll(async () => {
  client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
});
afterAll(async () => {
  await client.end();
  for (const name of created) await dropDatabase(name);
});

describe('runwell migrate', () => {
  it('exits 0 and says the database is up to date', async () => {
    const run = await runwell(['migrate']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Database is up to date \(\d+ migrations applied\)/);
  });

  it('creates and migrates a database that does not exist yet', async () => {
    const name = freshName('cli');
    created.push(name);
    const run = await runwell(['migrate'], { databaseUrl: urlFor(name) });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Created database`);
    expect(run.stdout).toMatch(/Applied migration \d{14}_init/);
  });

  it('exits 1 when the database cannot be reached', async () => {
    const run = await runwell(['migrate'], { databaseUrl: 'postgresql://postgres@127.0.0.1:1/runwell_test_nowhere' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^runwell: /);
  });
});

describe('runwell user create', () => {
  it('creates a user from a password on stdin (exit 0)', async () => {
    const run = await runwell(['user', 'create', '--email', email, '--name', 'CLI Admin', '--role', 'admin'], {
      input: `${PASSWORD}\n`,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Created admin ${email}\n`);
    const { rows } = await client.query('SELECT name, role FROM "User" WHERE email = $1', [email]);
    expect(rows).toEqual([{ name: 'CLI Admin', role: 'admin' }]);
    const audit = await client.query('SELECT "actorLabel" FROM "AuditLog" WHERE action = $1 AND "targetType" = $2 ORDER BY id DESC LIMIT 1', [
      'user.create',
      'user',
    ]);
    expect(audit.rows[0]).toEqual({ actorLabel: 'system:cli' });
  });

  it('refuses a duplicate e-mail (exit 1)', async () => {
    const run = await runwell(['user', 'create', '--email', email, '--role', 'viewer'], { input: PASSWORD });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('already exists');
  });

  it.each([
    { label: 'unknown role', args: ['--role', 'root'], input: PASSWORD, message: /--role must be one of/ },
    { label: 'short password', args: ['--role', 'viewer'], input: 'short\n', message: /password: Password must be at least 12/ },
    { label: 'empty password', args: [], input: '', message: /password: / },
  ])('refuses a bad $label (exit 2) and creates nobody', async ({ args, input, message }) => {
    const other = `bad-${Math.random().toString(36).slice(2)}@example.com`;
    const run = await runwell(['user', 'create', '--email', other, ...args], { input });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    const { rowCount } = await client.query('SELECT 1 FROM "User" WHERE email = $1', [other]);
    expect(rowCount).toBe(0);
  });

  it('refuses a missing --email and an unknown command (exit 2)', async () => {
    expect((await runwell(['user', 'create'])).code).toBe(2);
    expect((await runwell(['no-such-command'])).code).toBe(2);
  });

  it('prints help with exit 0', async () => {
    const run = await runwell(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('migrate');
  });
});

describe('runwell token', () => {
  // The owner: an admin made here, so the test does not depend on which admin
  // other files created first.
  const owner = `token-owner-${process.pid}-${Date.now()}@example.com`;
  beforeAll(async () => {
    const made = await runwell(['user', 'create', '--email', owner, '--name', 'Token Owner', '--role', 'admin'], { input: `${PASSWORD}\n` });
    expect(made.code).toBe(0);
  });

  it('creates a token, prints the secret once on stdout, stores only its hash, and audits as system:cli', async () => {
    const name = `am-${Date.now()}`;
    const run = await runwell(['token', 'create', '--name', name, '--scopes', 'alerts,pages', '--expires-days', '30', '--owner', owner]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^rw_[A-Za-z0-9_-]{43}\n$/);
    expect(run.stderr).toContain(`Created token "${name}"`);
    expect(run.stderr).toContain('shown once');
    const secret = run.stdout.trim();

    const { rows } = await client.query('SELECT t.id, t.scopes, t."tokenHash", t."expiresAt", u.email FROM "ApiToken" t JOIN "User" u ON u.id = t."createdById" WHERE t.name = $1', [name]);
    expect(rows).toHaveLength(1);
    expect(rows[0].scopes).toEqual(['alerts', 'pages']);
    expect(rows[0].email).toBe(owner);
    expect(rows[0].tokenHash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(new Date(rows[0].expiresAt).getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const audit = await client.query('SELECT "actorLabel", after FROM "AuditLog" WHERE action = $1 AND "targetId" = $2', ['token.create', rows[0].id]);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].actorLabel).toBe('system:cli');
    expect(JSON.stringify(audit.rows)).not.toContain(secret);

    // The secret works where Runwell checks tokens (the webhook's check).
    const actor = await authenticateToken(secret);
    expect(actor).toMatchObject({ kind: 'token', name, scopes: ['alerts', 'pages'] });

    const list = await runwell(['token', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${rows[0].id}\\s+${name}\\s+rw_\\S{6}\\s+alerts,pages\\s+active\\s+${owner}`));
    expect(list.stdout).not.toContain(secret);

    const revoke = await runwell(['token', 'revoke', name]);
    expect(revoke.stderr).toBe('');
    expect(revoke.code).toBe(0);
    expect(revoke.stdout).toContain(`Revoked token "${name}" (${rows[0].id})`);
    expect(await authenticateToken(secret)).toBeNull();
    const revoked = await client.query('SELECT "actorLabel" FROM "AuditLog" WHERE action = $1 AND "targetId" = $2', ['token.revoke', rows[0].id]);
    expect(revoked.rows).toEqual([{ actorLabel: 'system:cli' }]);
    const listed = JSON.parse((await runwell(['token', 'list', '--json'])).stdout) as { id: string; revokedAt: string | null }[];
    expect(listed.find((t) => t.id === rows[0].id)?.revokedAt).not.toBeNull();
  });

  it.each([
    { label: 'an unknown scope', args: ['--name', 'x', '--scopes', 'alerts,root'], message: /--scopes: unknown scope root/ },
    { label: 'a bad expiry', args: ['--name', 'x', '--scopes', 'alerts', '--expires-days', '0'], message: /--expires-days must be a whole number/ },
    { label: 'an owner who is not an admin', args: ['--name', 'x', '--scopes', 'alerts', '--owner', 'nobody@example.com'], message: /owner: No user nobody@example.com/ },
  ])('refuses $label (exit 2) and creates nothing', async ({ args, message }) => {
    const before = await client.query('SELECT count(*)::int AS n FROM "ApiToken"');
    const run = await runwell(['token', 'create', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
    const after = await client.query('SELECT count(*)::int AS n FROM "ApiToken"');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('says which token it cannot find (exit 1)', async () => {
    const run = await runwell(['token', 'revoke', 'no-such-token']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/No token "no-such-token"/);
  });
});
