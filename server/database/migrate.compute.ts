import { createHash } from 'node:crypto';

export type MigrationFile = { name: string; sql: string };
export type AppliedMigration = {
  migrationName: string;
  checksum: string;
  finishedAt: Date | null;
  rolledBackAt: Date | null;
};

export type MigrationPlan =
  | { ok: true; pending: MigrationFile[]; upToDate: string[] }
  | { ok: false; error: string };

// Prisma's checksum: sha256 hex of the migration.sql bytes.
export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

const MIGRATION_NAME = /^\d{14}_[a-z0-9_]+$/;

// Decides what to apply, refusing the states Prisma refuses too: an applied
// migration edited afterwards, a failed one left unfinished, or one the
// database has that the folder lacks.
export function planMigrations(files: MigrationFile[], applied: AppliedMigration[]): MigrationPlan {
  for (const file of files) {
    if (!MIGRATION_NAME.test(file.name)) {
      return { ok: false, error: `Migration folder "${file.name}" must be named <14-digit timestamp>_<snake_case_name>` };
    }
  }
  const sorted = [...files].sort((a, b) => a.name.localeCompare(b.name));
  const live = applied.filter((m) => m.rolledBackAt === null);
  const byName = new Map(live.map((m) => [m.migrationName, m]));

  const unfinished = live.find((m) => m.finishedAt === null);
  if (unfinished) {
    return {
      ok: false,
      error: `Migration ${unfinished.migrationName} started but never finished; repair the database and mark it rolled back before migrating again`,
    };
  }
  const known = new Set(sorted.map((f) => f.name));
  const unknown = live.find((m) => !known.has(m.migrationName));
  if (unknown) {
    return { ok: false, error: `Database has migration ${unknown.migrationName}, which is missing from prisma/migrations` };
  }

  const pending: MigrationFile[] = [];
  const upToDate: string[] = [];
  for (const file of sorted) {
    const done = byName.get(file.name);
    if (!done) {
      pending.push(file);
      continue;
    }
    if (done.checksum !== checksumOf(file.sql)) {
      return {
        ok: false,
        error: `Migration ${file.name} was modified after it was applied (checksum ${done.checksum.slice(0, 12)}… in the database, ${checksumOf(file.sql).slice(0, 12)}… on disk). Restore the file and add a new migration instead`,
      };
    }
    if (pending.length > 0) {
      return { ok: false, error: `Migration ${file.name} is applied but an earlier one (${pending[0]!.name}) is not` };
    }
    upToDate.push(file.name);
  }
  return { ok: true, pending, upToDate };
}
