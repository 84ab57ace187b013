import path from 'node:path';
import { checksumOf, planMigrations } from './migrate.compute';
import { applyMigration, listApplied, readMigrationFiles, withMigrationLock } from './migrate.repo';

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../prisma/migrations');

export type MigrateResult = { applied: string[]; alreadyApplied: number };

export class MigrationError extends Error {}

export async function migrateDatabase(url: string, dir = MIGRATIONS_DIR): Promise<MigrateResult> {
  const files = await readMigrationFiles(dir);
  return withMigrationLock(url, async (client) => {
    const plan = planMigrations(files, await listApplied(client));
    if (!plan.ok) throw new MigrationError(plan.error);
    const applied: string[] = [];
    for (const file of plan.pending) {
      try {
        await applyMigration(client, file, checksumOf(file.sql));
      } catch (error) {
        throw new MigrationError(`Migration ${file.name} failed and was rolled back: ${(error as Error).message}`);
      }
      applied.push(file.name);
    }
    return { applied, alreadyApplied: plan.upToDate.length };
  });
}
