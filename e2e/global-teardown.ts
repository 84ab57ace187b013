import { e2eDatabaseUrl, withAdminClient } from './db';

// The web server drops its database when it stops; this is the backstop for
// a server that was killed instead.
export default async function globalTeardown(): Promise<void> {
  const name = decodeURIComponent(new URL(e2eDatabaseUrl()).pathname.slice(1));
  if (!name.startsWith('runwell_test_')) return;
  await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`));
}
