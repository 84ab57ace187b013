// The crash behind `FATAL 57P01 terminating connection due to administrator
// command` as an uncaught exception, made deterministic: pg-pool hands a released
// connection to a waiting `await pool.connect()` without a listener, and a FATAL
// parsed from the same TCP read (pg emits every message of a read synchronously)
// reaches it before the new owner's continuation runs. The FATAL is emitted here
// the way pg's parser emits it ('errorMessage' on the connection).
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createPool, GuardedClient } from './pg-client';

const url = process.env.DATABASE_URL!;
const pools: pg.Pool[] = [];
afterEach(async () => {
  for (const p of pools.splice(0)) await p.end().catch(() => undefined);
});

function fatal(client: pg.PoolClient): void {
  const error = Object.assign(new Error('terminating connection due to administrator command'), { severity: 'FATAL', code: '57P01' });
  (client as unknown as { connection: { emit(event: string, e: Error): void } }).connection.emit('errorMessage', error);
}

/** Releases the only connection to a waiter and delivers a FATAL in the same synchronous run. */
async function handOverThenKill(pool: pg.Pool): Promise<{ thrown: unknown; next: Promise<pg.PoolClient> }> {
  const first = await pool.connect();
  const next = pool.connect();
  let thrown: unknown = null;
  try {
    first.release();
    fatal(first);
  } catch (error) {
    thrown = error;
  }
  return { thrown, next };
}

describe('a connection killed while it changes hands', () => {
  it('with plain pg clients, the FATAL is thrown out of the socket handler (the old crash)', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    pool.on('error', () => undefined);
    pools.push(pool);
    const { thrown, next } = await handOverThenKill(pool);
    expect(thrown).toMatchObject({ code: '57P01', message: expect.stringContaining('administrator command') });
    (await next).release(new Error('dead'));
  });

  it('with GuardedClients, nothing is thrown; the owner sees a failed statement and the pool replaces the connection', async () => {
    const logged: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (logged.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      const pool = createPool({ connectionString: url, max: 1 }, 'test');
      pools.push(pool);
      const { thrown, next } = await handOverThenKill(pool);
      expect(thrown).toBeNull();
      const owner = await next;
      expect(owner).toBeInstanceOf(GuardedClient);
      const failed = await owner.query('SELECT 1').then(() => null, (e: Error) => e);
      expect(failed?.message).toMatch(/not queryable/);
      owner.release(failed!);
      expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      process.stderr.write = write;
    }
    expect(logged.join('')).toContain('[db] connection lost: terminating connection due to administrator command');
  });
});
