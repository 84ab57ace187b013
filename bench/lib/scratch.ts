import { spawnSync } from 'node:child_process';

// What every database benchmark sets up the same way: a scratch PostgreSQL
// database of its own, migrated, with DATABASE_URL pointing at it, and the
// quantiles its tables quote.

export function sh(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
}

/** The q-quantile of xs (nearest rank), e.g. 0.5 for the median, 0.95 for p95. */
export const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  // Rank ceil(q n), 1-based: the median of 20 is the 10th, p99 of 1,000 the 990th.
  return s[Math.max(0, Math.ceil(q * s.length) - 1)]!;
};

/** Creates and migrates database `name` and points this process at it (pool of `pool` connections). */
export async function scratchDatabase(name: string, pool = 10): Promise<{ url: string; drop: () => void }> {
  const url = `postgresql://postgres@127.0.0.1:5432/${name}`;
  process.env.DATABASE_URL = url;
  process.env.RUNWELL_DB_POOL = String(pool);
  sh('createdb', ['-h', '127.0.0.1', '-U', 'postgres', name]);
  const { migrateDatabase } = await import('@/server/database/migrate.service');
  await migrateDatabase(url);
  return { url, drop: () => sh('dropdb', ['-h', '127.0.0.1', '-U', 'postgres', '--if-exists', name]) };
}
