import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsToken, serveWebhook } from '@/tests/alerts/webhook-kit';
import { getPrisma } from '../db';
import { rawAlert, rawPayload } from './alerts.fixtures';

// 10,000 alerts in groups of 100 over loopback, every group delivered twice
// (Alertmanager re-sends), while every database connection of the test
// database is killed three times mid-way. The sender behaves like
// Alertmanager: it retries a delivery until it gets a 2xx. Afterwards every
// alert is stored exactly once.
const TOTAL = 10_000;
const GROUP = 100;
const CONCURRENCY = 8;
const tag = `burst${Date.now().toString(36)}`;
let url: string;
let token: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const served = await serveWebhook(9754);
  url = served.url;
  close = served.close;
  token = await alertsToken(tag);
});
afterAll(() => close());

async function deliver(body: string, stats: { attempts: number; failures: number }): Promise<void> {
  // Bounded: a delivery that cannot be stored after 200 tries fails the test.
  for (let i = 0; i < 200; i++) {
    stats.attempts++;
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body });
      await res.arrayBuffer();
      if (res.ok) return;
      if (res.status < 500) throw new Error(`delivery refused with ${res.status}`);
    } catch (error) {
      if ((error as Error).message.startsWith('delivery refused')) throw error;
    }
    stats.failures++;
    await new Promise((r) => setTimeout(r, 20 + Math.min(i, 10) * 20));
  }
  throw new Error('delivery never stored');
}

async function killBackends(databaseUrl: string): Promise<number> {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    const r = await admin.query(
      `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    return r.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

describe('burst with database connections killed', () => {
  it('stores every one of 10,000 alerts exactly once', async () => {
    const groups = Array.from({ length: TOTAL / GROUP }, (_, g) =>
      JSON.stringify(
        rawPayload(
          Array.from({ length: GROUP }, (_, i) =>
            rawAlert({ fingerprint: `${tag}-${g}-${i}`, labels: { alertname: `${tag}Burst`, group: String(g), i: String(i) } }),
          ),
          { groupKey: `{}:{alertname="${tag}Burst",group="${g}"}` },
        ),
      ),
    );
    const queue = [...groups, ...groups]; // every group is re-sent once
    const stats = { attempts: 0, failures: 0 };
    let done = 0;
    const kills: number[] = [];
    const killAt = new Set([30, 80, 140]);
    const databaseUrl = process.env.DATABASE_URL!;
    const workers = Array.from({ length: CONCURRENCY }, async () => {
      for (let body = queue.shift(); body; body = queue.shift()) {
        await deliver(body, stats);
        done++;
        if (killAt.has(done)) {
          killAt.delete(done);
          kills.push(await killBackends(databaseUrl));
        }
      }
    });
    await Promise.all(workers);

    expect(kills).toHaveLength(3);
    expect(kills.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const [row] = await getPrisma().$queryRawUnsafe<{ n: bigint; distinct_keys: bigint }[]>(
      `SELECT count(*) AS n, count(DISTINCT (fingerprint, "startsAt")) AS distinct_keys FROM "Alert" WHERE fingerprint LIKE $1`,
      `${tag}-%`,
    );
    expect(Number(row!.n)).toBe(TOTAL);
    expect(Number(row!.distinct_keys)).toBe(TOTAL);
    // Each group produced "new" once in total across all its deliveries.
    const deliveries = await getPrisma().alertWebhookDelivery.findMany({ where: { groupKey: { contains: `${tag}Burst` } }, select: { outcome: true } });
    const created = deliveries.reduce((n, d) => n + ((d.outcome as { new: number }).new ?? 0), 0);
    expect(created).toBe(TOTAL);
    console.log(`burst: ${stats.attempts} attempts, ${stats.failures} retried after 5xx/network errors, backends killed: ${kills.join(', ')}`);
  }, 300_000);
});
