import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { ROLE_LABELS, ROLES, type Role } from '../server/lib/roles';
import { e2eDatabaseUrl } from './db';

export type Account = { role: Role; email: string; name: string; password: string };
export type Accounts = Record<Role, Account>;

const ROOT = path.resolve(import.meta.dirname, '..');

// Users are made the way an operator makes them: `runwell user create`, with
// the password on stdin. Each worker gets its own accounts and random passwords.
function createUser(account: Account): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'bin', 'runwell.mjs'), 'user', 'create', '--email', account.email, '--name', account.name, '--role', account.role],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: e2eDatabaseUrl() }, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`runwell user create ${account.email} exited ${code}: ${output}`)),
    );
    child.stdin.end(`${account.password}\n`);
  });
}

export function roleLabel(role: Role): string {
  return ROLE_LABELS[role];
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

type WorkerFixtures = { accounts: Accounts };
type TestFixtures = { signInAs: (role: Role) => Promise<Account> };

export const test = base.extend<TestFixtures, WorkerFixtures>({
  accounts: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a function destructures
    async ({}, use, workerInfo) => {
      const run = randomBytes(3).toString('hex');
      const accounts = Object.fromEntries(
        ROLES.map((role) => [
          role,
          {
            role,
            email: `${role.replaceAll('_', '-')}.w${workerInfo.workerIndex}.${run}@e2e.runwell.test`,
            name: `${ROLE_LABELS[role]} ${run}`,
            password: randomBytes(18).toString('base64url'),
          },
        ]),
      ) as Accounts;
      await Promise.all(Object.values(accounts).map(createUser));
      await use(accounts);
    },
    { scope: 'worker', timeout: 120_000 },
  ],

  signInAs: async ({ page, accounts }, use) => {
    await use(async (role) => {
      const account = accounts[role];
      await signIn(page, account.email, account.password);
      await expect(page).not.toHaveURL(/\/signin/);
      return account;
    });
  },
});

export { expect };
