import { db } from '../database/tx';
import * as repo from './domains.repo';
import type { TrendPoint } from './strip.schema';

// The daily figures of each operations domain, for the 30/90-day trends
// (docs/domains.md "Trends"). Written by the domains.evaluate job (system),
// read by the domain pages (their service authorizes the read).

const DAY_MS = 86_400_000;

function utcDay(now: number): Date {
  return new Date(Math.floor(now / DAY_MS) * DAY_MS);
}

/** Stores today's figures of `domain` for each scope (replacing today's earlier run). */
export async function recordDomainDay(domain: string, rows: readonly { scopeKey: string; values: Record<string, number> }[], now = Date.now()): Promise<number> {
  return repo.upsertSnapshots(db(), utcDay(now), domain, rows);
}

export async function domainTrend(domain: string, scopeKey: string, days: number, now = Date.now()): Promise<TrendPoint[]> {
  const rows = await repo.readTrend(db(), domain, scopeKey, new Date(utcDay(now).getTime() - (days - 1) * DAY_MS));
  return rows.map((r) => ({ day: r.day.toISOString().slice(0, 10), values: r.values }));
}

/** Whether a domain has a stored day before today (the demo seeds history only once; today's row is the job's). */
export async function hasDomainHistory(domain: string, now = Date.now()): Promise<boolean> {
  const today = utcDay(now).getTime();
  return (await repo.readTrend(db(), domain, 'org', new Date(0))).some((r) => r.day.getTime() < today);
}
