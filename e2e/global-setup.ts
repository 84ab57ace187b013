import { withAdminClient } from './db';

// Drops e2e/integration databases left behind by runs that crashed hours ago.
export default async function globalSetup(): Promise<void> {
  const cutoff = Date.now() - 3 * 60 * 60 * 1000;
  await withAdminClient(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'runwell\\_test\\_%'`,
    );
    for (const { datname } of rows) {
      const ms = /_(\d{13})_/.exec(datname)?.[1];
      if (ms && Number(ms) < cutoff) {
        await client.query(`DROP DATABASE IF EXISTS "${datname.replaceAll('"', '""')}" WITH (FORCE)`).catch(() => undefined);
      }
    }
  });
}
