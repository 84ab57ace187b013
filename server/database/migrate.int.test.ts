import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createDatabase, dropDatabase, freshName } from '@/tests/setup/test-db';
import { checksumOf } from './migrate.compute';
import { MigrationError, migrateDatabase, MIGRATIONS_DIR } from './migrate.service';

// Each test migrates its own empty database, so the shared run database is
// left alone.
const created: string[] = [];
const temps: string[] = [];

async function emptyDatabase(): Promise<string> {
  const name = freshName('mig');
  created.push(name);
  return createDatabase(name);
}

async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'runwell-migrations-'));
  temps.push(dir);
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function migrationFolders(dir = MIGRATIONS_DIR): Promise<string[]> {
  return (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

afterEach(async () => {
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});
afterAll(async () => {
  for (const name of created.splice(0)) await dropDatabase(name);
});

describe('migrateDatabase against a fresh database', () => {
  it('applies every migration, then does nothing on a second run', async () => {
    const url = await emptyDatabase();
    const folders = await migrationFolders();
    expect(folders.length).toBeGreaterThan(0);

    expect(await migrateDatabase(url)).toEqual({ applied: folders, alreadyApplied: 0 });
    expect(await migrateDatabase(url)).toEqual({ applied: [], alreadyApplied: folders.length });

    const rows = await query<{ n: string }>(url, 'SELECT count(*) AS n FROM "_prisma_migrations"');
    expect(Number(rows[0]!.n)).toBe(folders.length);
  });

  it("records rows exactly as Prisma does", async () => {
    const url = await emptyDatabase();
    await migrateDatabase(url);
    const rows = await query<{
      id: string;
      checksum: string;
      finished_at: Date | null;
      migration_name: string;
      logs: string | null;
      rolled_back_at: Date | null;
      started_at: Date;
      applied_steps_count: number;
    }>(url, 'SELECT * FROM "_prisma_migrations" ORDER BY migration_name');
    const folders = await migrationFolders();
    expect(rows.map((r) => r.migration_name)).toEqual(folders);
    for (const row of rows) {
      const sql = await readFile(path.join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'), 'utf8');
      expect(row.id).toHaveLength(36);
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.checksum).toBe(checksumOf(sql));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it("creates _prisma_migrations with Prisma's own column types", async () => {
    const url = await emptyDatabase();
    await migrateDatabase(url);
    const columns = await query<{ column_name: string; data_type: string; is_nullable: string; len: number | null }>(
      url,
      `SELECT column_name, data_type, is_nullable, character_maximum_length AS len
       FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'character varying', is_nullable: 'NO', len: 36 },
      { column_name: 'checksum', data_type: 'character varying', is_nullable: 'NO', len: 64 },
      { column_name: 'finished_at', data_type: 'timestamp with time zone', is_nullable: 'YES', len: null },
      { column_name: 'migration_name', data_type: 'character varying', is_nullable: 'NO', len: 255 },
      { column_name: 'logs', data_type: 'text', is_nullable: 'YES', len: null },
      { column_name: 'rolled_back_at', data_type: 'timestamp with time zone', is_nullable: 'YES', len: null },
      { column_name: 'started_at', data_type: 'timestamp with time zone', is_nullable: 'NO', len: null },
      { column_name: 'applied_steps_count', data_type: 'integer', is_nullable: 'NO', len: null },
    ]);
  });

  it('refuses a migration edited after it was applied, with a clear error, and changes nothing', async () => {
    const url = await emptyDatabase();
    const dir = await copyOfMigrations();
    await migrateDatabase(url, dir);
    const [first] = await migrationFolders(dir);
    const file = path.join(dir, first!, 'migration.sql');
    await writeFile(file, `${await readFile(file, 'utf8')}\nCREATE TABLE "Sneaky" (id int);\n`);

    const error = await migrateDatabase(url, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toMatch(
      new RegExp(`Migration ${first} was modified after it was applied .*Restore the file and add a new migration instead`),
    );
    const sneaky = await query(url, `SELECT 1 FROM pg_tables WHERE tablename = 'Sneaky'`);
    expect(sneaky).toHaveLength(0);
  });

  it('applies a new migration added later, and only that one', async () => {
    const url = await emptyDatabase();
    const dir = await copyOfMigrations();
    const before = await migrateDatabase(url, dir);
    await mkdir(path.join(dir, '29990101000000_add_widget'));
    await writeFile(path.join(dir, '29990101000000_add_widget', 'migration.sql'), 'CREATE TABLE "Widget" (id int);\n');

    expect(await migrateDatabase(url, dir)).toEqual({ applied: ['29990101000000_add_widget'], alreadyApplied: before.applied.length });
    expect(await query(url, `SELECT 1 FROM pg_tables WHERE tablename = 'Widget'`)).toHaveLength(1);
  });

  it('rolls back a failing migration entirely and records nothing for it', async () => {
    const url = await emptyDatabase();
    const dir = await copyOfMigrations();
    await migrateDatabase(url, dir);
    await mkdir(path.join(dir, '29990101000000_broken'));
    await writeFile(
      path.join(dir, '29990101000000_broken', 'migration.sql'),
      'CREATE TABLE "HalfDone" (id int);\nALTER TABLE "NoSuchTable" ADD COLUMN x int;\n',
    );

    await expect(migrateDatabase(url, dir)).rejects.toThrow(/Migration 29990101000000_broken failed and was rolled back: .*NoSuchTable/);
    expect(await query(url, `SELECT 1 FROM pg_tables WHERE tablename = 'HalfDone'`)).toHaveLength(0);
    expect(await query(url, `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '29990101000000_broken'`)).toHaveLength(0);
  });

  it('refuses a database that has a migration the folder lacks', async () => {
    const url = await emptyDatabase();
    const dir = await copyOfMigrations();
    await mkdir(path.join(dir, '29990101000000_only_here'));
    await writeFile(path.join(dir, '29990101000000_only_here', 'migration.sql'), 'SELECT 1;\n');
    await migrateDatabase(url, dir);
    await rm(path.join(dir, '29990101000000_only_here'), { recursive: true });

    await expect(migrateDatabase(url, dir)).rejects.toThrow(
      'Database has migration 29990101000000_only_here, which is missing from prisma/migrations',
    );
  });

  it("waits for Prisma's advisory lock (72707369) and runs once it is free", async () => {
    const url = await emptyDatabase();
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(72707369)');
      let finished = false;
      const run = migrateDatabase(url).then((r) => {
        finished = true;
        return r;
      });
      // The migrator must be blocked on the same lock key while we hold it.
      let waiting = 0;
      for (let i = 0; i < 50 && waiting === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const rows = await holder.query(
          `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = 72707369`,
        );
        waiting = rows.rowCount ?? 0;
      }
      expect(waiting).toBe(1);
      expect(finished).toBe(false);
      await holder.query('SELECT pg_advisory_unlock(72707369)');
      expect((await run).applied.length).toBeGreaterThan(0);
    } finally {
      await holder.end();
    }
  });

  it('two concurrent runs apply each migration once', async () => {
    const url = await emptyDatabase();
    const [a, b] = await Promise.all([migrateDatabase(url), migrateDatabase(url)]);
    const folders = await migrationFolders();
    expect([...a.applied, ...b.applied].sort()).toEqual(folders);
    const rows = await query<{ n: string }>(url, 'SELECT count(*) AS n FROM "_prisma_migrations"');
    expect(Number(rows[0]!.n)).toBe(folders.length);
  });
});
