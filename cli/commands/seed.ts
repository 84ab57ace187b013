import type { Command } from 'commander';
import { ZodError } from 'zod';
import { redactUrl, resolveDatabaseUrlSync } from '@/server/database/database-url';
import { disconnectDatabase } from '@/server/database/lifecycle';
import { DomainError } from '@/server/errors';
import { hasSeededAnything, seedDemo, type SeedResult, type SeededUser } from '@/server/seed/seed.service';
import { CliError, EXIT } from '../exit';
import { systemContext } from '../system-context';

// The one place plain-text demo passwords exist: printed once, right after the
// users are created, and never written anywhere else.
export function credentialsBox(users: SeededUser[]): string {
  const rows = users.map((u) => [u.role, u.email, u.password] as const);
  const header = ['Role', 'E-mail', 'Password'] as const;
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => `│ ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' │ ')} │`;
  const rule = (l: string, m: string, r: string) => `${l}${widths.map((w) => '─'.repeat(w + 2)).join(m)}${r}`;
  const title = 'Demo users created. Passwords are shown ONCE and stored only as hashes:';
  return [
    title,
    rule('┌', '┬', '┐'),
    line(header),
    rule('├', '┼', '┤'),
    ...rows.map(line),
    rule('└', '┴', '┘'),
    'Change them after signing in, or reset one with the admin UI. Lost them? Delete the demo users and seed again.',
  ].join('\n');
}

export function describeSeed(result: SeedResult): string[] {
  if (!hasSeededAnything(result)) return ['Demo data already present; nothing to do.'];
  const lines: string[] = [];
  if (result.createdUsers.length) lines.push(credentialsBox(result.createdUsers));
  if (result.createdTeams.length) lines.push(`Created teams: ${result.createdTeams.join(', ')}`);
  if (result.addedMemberships) lines.push(`Added ${result.addedMemberships} team membership(s)`);
  if (result.createdServices.length) lines.push(`Created services: ${result.createdServices.join(', ')}`);
  if (result.createdOncall.length) lines.push(`Created on-call schedules and escalation policies: ${result.createdOncall.join(', ')}`);
  return lines;
}

export async function runDemoSeed(log: (line: string) => void): Promise<SeedResult> {
  try {
    const result = await seedDemo(systemContext('seed'));
    for (const line of describeSeed(result)) log(line);
    return result;
  } catch (error) {
    if (error instanceof ZodError) throw new CliError(`Demo data is invalid: ${error.message}`, EXIT.failed);
    if (error instanceof DomainError) throw new CliError(error.message, EXIT.failed);
    throw error;
  }
}

export function registerSeed(program: Command): void {
  program
    .command('seed')
    .description('Create demo data (idempotent): one user per role with random passwords, teams and services')
    .option('--demo', 'create the demo organisation (users @demo.runwell.local, teams, services)')
    .action(async (opts: { demo?: boolean }) => {
      if (!opts.demo) throw new CliError('Nothing to seed: pass --demo to create the demo organisation', EXIT.usage);
      const url = resolveDatabaseUrlSync();
      process.stdout.write(`Using database ${redactUrl(url)}\n`);
      try {
        await runDemoSeed((line) => process.stdout.write(`${line}\n`));
      } finally {
        await disconnectDatabase();
      }
    });
}
