import { GuardedClient } from './pg-client';

export type DatabaseProbe = { state: 'ok' } | { state: 'missing' } | { state: 'unreachable'; message: string };

// Connects to the target database itself (not the `postgres` maintenance
// database, which a managed service often keeps its users out of) and tells
// "server unreachable" from "database does not exist yet".
export async function probeDatabase(url: string, timeoutMs = 5000): Promise<DatabaseProbe> {
  const client = new GuardedClient({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { state: 'ok' };
  } catch (error) {
    const err = error as Error & { code?: string; errors?: Error[] };
    if (err.code === '3D000') return { state: 'missing' };
    // Node reports a refused dual-stack connect as an AggregateError with an empty message.
    const message = err.message || err.errors?.map((e) => e.message).join('; ') || err.code || String(err);
    return { state: 'unreachable', message };
  } finally {
    await client.end().catch(() => undefined);
  }
}
