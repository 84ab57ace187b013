import { getPrisma } from '@/server/db';

// Empties every data table of the run's database (not the migrations table), so
// a test file starts from a known state whatever ran before it.
export async function resetDatabase(): Promise<void> {
  const prisma = getPrisma();
  const rows = await prisma.$queryRawUnsafe<{ name: string }[]>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
  );
  if (rows.length === 0) return;
  const list = rows.map((r) => `"${r.name.replaceAll('"', '""')}"`).join(', ');
  await prisma.$executeRawUnsafe(`TRUNCATE ${list} RESTART IDENTITY CASCADE`);
}

// JSON text of anything read from the database (BigInt ids included), for
// "this secret appears nowhere" assertions.
export function dump(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
