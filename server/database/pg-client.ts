import pg from 'pg';

// Why every connection Runwell opens is a GuardedClient
//
// A pg.Client reports a dead connection by emitting 'error'; an EventEmitter
// 'error' nobody listens to is thrown, here as an uncaught exception from the
// socket handler (what the killed-backends tests used to show as `FATAL 57P01
// terminating connection due to administrator command`). pg-pool listens while a
// connection is idle and takes that listener off when it hands the connection out;
// the new owner adds its own, but Prisma's startTransaction (adapter-pg) and
// pg-boss's transactions only do so after `await pool.connect()`. pg parses all
// messages of one TCP read synchronously, so when the server's FATAL arrives in the
// same read as the previous query's ReadyForQuery, the release of that query hands
// the connection to the waiting owner and the FATAL is emitted before the owner's
// continuation has run: no listener, process crash. Seen in
// server/alerts/burst.int.test.ts with a listener trace: the last listener change
// before the crash was pg-pool's _acquireClient removing its idle listener on the
// Prisma pool, with no owner's listener after it.
//
// A GuardedClient listens for its whole life. The listener only logs when nobody
// else heard the error; the connection is still marked unusable, its owner's next
// statement fails and releases it with the error, and the pool opens a new one.

export class GuardedClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', (error: Error) => {
      if (this.listenerCount('error') === 1) process.stderr.write(`[db] connection lost: ${error.message}\n`);
    });
  }
}

/** A pg pool of GuardedClients whose idle-connection errors are logged (the pool drops those connections itself). */
export function createPool(config: pg.PoolConfig, label: string): pg.Pool {
  const pool = new pg.Pool({ ...config, Client: GuardedClient });
  pool.on('error', (error) => process.stderr.write(`[${label}] idle connection lost: ${error.message}\n`));
  return pool;
}
