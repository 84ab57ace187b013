import type { Command } from 'commander';
import { ensureDatabaseExists, redactUrl, resolveDatabaseUrlSync } from '@/server/database/database-url';
import { MigrationError, migrateDatabase } from '@/server/database/migrate.service';
import { CliError, EXIT } from '../exit';

export async function runMigrations(url: string, log: (line: string) => void): Promise<void> {
  if ((await ensureDatabaseExists(url)) === 'created') log(`Created database ${redactUrl(url)}`);
  try {
    const result = await migrateDatabase(url);
    if (result.applied.length === 0) log(`Database is up to date (${result.alreadyApplied} migrations applied).`);
    for (const name of result.applied) log(`Applied migration ${name}`);
  } catch (error) {
    if (error instanceof MigrationError) throw new CliError(error.message, EXIT.failed);
    throw error;
  }
}

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending SQL migrations from prisma/migrations (offline; recorded as Prisma records them)')
    .action(async () => {
      const url = resolveDatabaseUrlSync();
      process.stdout.write(`Using database ${redactUrl(url)}\n`);
      await runMigrations(url, (line) => process.stdout.write(`${line}\n`));
    });
}
