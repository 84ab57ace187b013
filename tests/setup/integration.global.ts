import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '../../server/database/migrate.service';
import { createDatabase, dropDatabase, dropStaleDatabases, freshName } from './test-db';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseName: string;
    secretKey: string;
  }
}

// One fresh, migrated database for the whole integration run.
export default async function setup(project: TestProject) {
  const dropped = await dropStaleDatabases();
  if (dropped.length) console.log(`dropped stale test databases: ${dropped.join(', ')}`);
  const name = freshName();
  const url = await createDatabase(name);
  try {
    await migrateDatabase(url);
  } catch (error) {
    await dropDatabase(name);
    throw error;
  }
  process.env.DATABASE_URL = url;
  project.provide('databaseUrl', url);
  project.provide('databaseName', name);
  // One sealing key for every file of the run: rows sealed by one file (clusters,
  // data sources, channels) must open in the others, e.g. when secrets are rotated.
  project.provide('secretKey', process.env.RUNWELL_SECRET_KEY ?? randomBytes(32).toString('hex'));
  return async () => {
    await dropDatabase(name);
  };
}
