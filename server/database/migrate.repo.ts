import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { GuardedClient } from './pg-client';
import type { AppliedMigration, MigrationFile } from './migrate.compute';

// Prisma's own advisory lock key, so `prisma migrate deploy` and `runwell migrate`
// never run at the same time against one database.
const PRISMA_MIGRATE_LOCK = 72707369;

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export async function readMigrationFiles(dir: string): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: MigrationFile[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    files.push({ name: entry.name, sql: await readFile(path.join(dir, entry.name, 'migration.sql'), 'utf8') });
  }
  return files;
}

export async function withMigrationLock<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new GuardedClient({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
    await client.query(CREATE_TABLE);
    return await work(client);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]).catch(() => undefined);
    await client.end();
  }
}

export async function listApplied(client: pg.Client): Promise<AppliedMigration[]> {
  const { rows } = await client.query<{
    migration_name: string;
    checksum: string;
    finished_at: Date | null;
    rolled_back_at: Date | null;
  }>('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at');
  return rows.map((r) => ({
    migrationName: r.migration_name,
    checksum: r.checksum,
    finishedAt: r.finished_at,
    rolledBackAt: r.rolled_back_at,
  }));
}

// One transaction per migration: its DDL and its bookkeeping row commit together
// or not at all, so a failure leaves nothing half-applied.
export async function applyMigration(client: pg.Client, file: MigrationFile, checksum: string): Promise<void> {
  await client.query('BEGIN');
  try {
    // clock_timestamp(), not now(): now() is the transaction's start, which would
    // put finished_at before started_at.
    const { rows } = await client.query<{ startedAt: Date }>('SELECT clock_timestamp() AS "startedAt"');
    await client.query(file.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, $4, 1)`,
      [randomUUID(), checksum, file.name, rows[0]!.startedAt],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
