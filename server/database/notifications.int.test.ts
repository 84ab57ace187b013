import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factGeneration, factListenerConnected, onDatabaseFact, startFactListener, stopFactListener } from './notifications';

// The cross-process notices behind the per-process memos, against a real
// PostgreSQL: another connection (standing in for another process) writes, and
// this process hears the topic once the write commits, never for a rollback,
// and hears '*' again after its listening connection was killed.

const url = process.env.DATABASE_URL!;
const heard: string[] = [];
let other: pg.Client;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => boolean, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await wait(20);
  }
}

beforeAll(async () => {
  onDatabaseFact((topic) => heard.push(topic));
  startFactListener();
  await until('the listener', factListenerConnected);
  await until("the first '*'", () => heard.includes('*'));
  other = new pg.Client({ connectionString: url });
  await other.connect();
});

afterAll(async () => {
  await other.end();
  await stopFactListener();
});

describe('database fact notices', () => {
  it('a committed write to a table behind the SLO lists is heard as "slos"', async () => {
    heard.length = 0;
    await other.query('BEGIN');
    await other.query(`UPDATE "Team" SET name = name WHERE false`);
    await wait(300);
    expect(heard, 'nothing before the commit').toEqual([]);
    await other.query('COMMIT');
    await until('the notice', () => heard.includes('slos'));
  });

  it('a rolled-back write sends nothing', async () => {
    heard.length = 0;
    await other.query('BEGIN');
    await other.query(`UPDATE "SloState" SET "dataState" = "dataState" WHERE false`);
    await other.query('ROLLBACK');
    await wait(500);
    expect(heard).toEqual([]);
  });

  it('a write to a table no memo reads sends nothing', async () => {
    heard.length = 0;
    await other.query(`UPDATE "AuditLog" SET action = action WHERE false`);
    await wait(500);
    expect(heard).toEqual([]);
  });

  it('after its connection is killed it reconnects and tells everyone to forget ("*")', async () => {
    heard.length = 0;
    const killed = await other.query(`SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = 'runwell-facts' AND datname = current_database()`);
    expect(killed.rowCount).toBe(1);
    await until("'*' after the reconnect", () => heard.includes('*'), 10_000);
    expect(factListenerConnected()).toBe(true);
    await other.query(`UPDATE "Slo" SET name = name WHERE false`);
    await until('a notice on the new connection', () => heard.includes('slos'));
  });

  it('a generation moves at the first notice, once more for a burst, and not for other topics', async () => {
    const generation = factGeneration(['slos'], 300);
    const start = generation();
    await other.query(`UPDATE "Slo" SET name = name WHERE false`);
    await until('the first move', () => generation() === start + 1);
    for (let i = 0; i < 5; i++) await other.query(`UPDATE "SloState" SET "dataState" = "dataState" WHERE false`);
    await wait(100);
    expect(generation(), 'the burst waits for the window').toBe(start + 1);
    await until('one trailing move for the burst', () => generation() === start + 2, 2_000);
    await wait(500);
    expect(generation()).toBe(start + 2);
    await other.query(`UPDATE "Page" SET status = status WHERE false`);
    await wait(500);
    expect(generation(), "'quality' is not 'slos'").toBe(start + 2);
  });
});

