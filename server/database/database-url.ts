import { GuardedClient } from './pg-client';

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/runwell';

export function resolveDatabaseUrlSync(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL && env.DATABASE_URL.length > 0 ? env.DATABASE_URL : DEFAULT_DATABASE_URL;
}

export function databaseNameOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) throw new Error(`DATABASE_URL has no database name: ${redactUrl(url)}`);
  return name;
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable url>';
  }
}

// Connects to the server's maintenance database and creates the target database
// when it is missing, so the first `npm start` works on a bare Postgres.
export async function ensureDatabaseExists(url: string): Promise<'created' | 'existed'> {
  const name = databaseNameOf(url);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new GuardedClient({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return 'existed';
    await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    return 'created';
  } finally {
    await client.end();
  }
}
