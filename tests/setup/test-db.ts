import pg from 'pg';

// Test databases are always named runwell_test_*, so a crashed run's leftovers
// can be recognised and dropped without touching anything else.
export const TEST_DB_PREFIX = 'runwell_test_';
const STALE_AFTER_MS = 3 * 60 * 60 * 1000;

export function serverUrl(): string {
  return process.env.RUNWELL_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
}

export function urlFor(database: string): string {
  const url = new URL(serverUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

export function freshName(tag = ''): string {
  return `${TEST_DB_PREFIX}${tag ? `${tag}_` : ''}${Date.now()}_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

export async function createDatabase(name: string): Promise<string> {
  if (!name.startsWith(TEST_DB_PREFIX)) throw new Error(`refusing to create ${name}: not a test database`);
  await withAdmin((c) => c.query(`CREATE DATABASE ${quote(name)}`));
  return urlFor(name);
}

export async function dropDatabase(name: string): Promise<void> {
  if (!name.startsWith(TEST_DB_PREFIX)) throw new Error(`refusing to drop ${name}: not a test database`);
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`));
}

// Drops runwell_test_* databases left by runs that crashed hours ago. The name
// carries its creation time in milliseconds (runwell_test_[tag_]<ms>_...).
export async function dropStaleDatabases(now = Date.now()): Promise<string[]> {
  const names = await withAdmin(async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'runwell\\_test\\_%'`,
    );
    return rows.map((r) => r.datname);
  });
  const stale = names.filter((name) => {
    const ms = /_(\d{13})_/.exec(name)?.[1];
    return ms !== undefined && now - Number(ms) > STALE_AFTER_MS;
  });
  for (const name of stale) await dropDatabase(name).catch(() => undefined);
  return stale;
}
