import type { Db } from '../database/tx';

// DomainSnapshot: one row per day, domain and scope with the day's figures
// (docs/domains.md "Trends"). Re-running a day replaces its row.

export async function upsertSnapshots(db: Db, day: Date, domain: string, rows: readonly { scopeKey: string; values: Record<string, number> }[]): Promise<number> {
  if (rows.length === 0) return 0;
  await db.$executeRawUnsafe(
    `INSERT INTO "DomainSnapshot" (day, domain, "scopeKey", values)
     SELECT $1::date, $2, s.key, s.values::jsonb FROM unnest($3::text[], $4::text[]) AS s(key, values)
     ON CONFLICT (domain, "scopeKey", day) DO UPDATE SET values = EXCLUDED.values, "createdAt" = now()`,
    day,
    domain,
    rows.map((r) => r.scopeKey),
    rows.map((r) => JSON.stringify(r.values)),
  );
  return rows.length;
}

export async function readTrend(db: Db, domain: string, scopeKey: string, since: Date): Promise<{ day: Date; values: Record<string, number> }[]> {
  const rows = await db.domainSnapshot.findMany({ where: { domain, scopeKey, day: { gte: since } }, orderBy: { day: 'asc' }, select: { day: true, values: true } });
  return rows.map((r) => ({ day: r.day, values: r.values as Record<string, number> }));
}
