import type { Command } from 'commander';
import { ZodError } from 'zod';
import { ROLES, type Role } from '@/server/lib/roles';
import { disconnectDatabase } from '@/server/database/lifecycle';
import { DomainError } from '@/server/errors';
import { createUser } from '@/server/users/users.service';
import { CliError, EXIT, readStdin } from '../exit';
import { systemContext } from '../system-context';

async function promptHidden(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const output = rl as unknown as { _writeToOutput: (s: string) => void };
  process.stderr.write(question);
  output._writeToOutput = () => undefined; // keep the password off the screen
  try {
    return await rl.question('');
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}

export function registerUser(program: Command): void {
  const user = program.command('user').description('Manage Runwell users');
  user
    .command('create')
    .description('Create a user. The password is prompted for, or read from stdin when stdin is not a terminal')
    .requiredOption('--email <email>', 'e-mail address used to sign in')
    .option('--name <name>', 'display name (defaults to the e-mail)')
    .option('--role <role>', `one of ${ROLES.join(', ')}`, 'viewer')
    .action(async (opts: { email: string; name?: string; role: string }) => {
      if (!(ROLES as readonly string[]).includes(opts.role)) {
        throw new CliError(`--role must be one of ${ROLES.join(', ')} (got "${opts.role}")`, EXIT.usage);
      }
      const password = process.stdin.isTTY ? await promptHidden('Password: ') : (await readStdin()).replace(/\r?\n$/, '');
      try {
        const created = await createUser(systemContext('cli'), {
          email: opts.email,
          name: opts.name ?? opts.email,
          role: opts.role as Role,
          password,
        });
        process.stdout.write(`Created ${created.role} ${created.email}\n`);
      } catch (error) {
        if (error instanceof ZodError) {
          throw new CliError(error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), EXIT.usage);
        }
        if (error instanceof DomainError) throw new CliError(error.message, EXIT.failed);
        throw error;
      } finally {
        // Otherwise the idle pool keeps the process alive for ~10 s.
        await disconnectDatabase();
      }
    });
}
