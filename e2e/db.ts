import pg from 'pg';

// The e2e database (chosen in playwright.config.ts) and the Postgres server
// it lives on.
export function e2eDatabaseUrl(): string {
  const url = process.env.RUNWELL_E2E_DATABASE_URL;
  if (!url) throw new Error('RUNWELL_E2E_DATABASE_URL is not set; run the specs through playwright.config.ts');
  return url;
}

export async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new URL(e2eDatabaseUrl());
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A client on the e2e database for fixtures the UI cannot create (tokens, sampled data). */
export async function withDb<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
