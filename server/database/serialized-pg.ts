import { PrismaPg } from '@prisma/adapter-pg';

// Why this file exists
//
// An interactive transaction (`inTransaction`) runs on ONE pg connection. Prisma 7's
// query interpreter loads the relations of a `select`/`include` concurrently (its
// `join` node awaits `Promise.all` over the children), and a `Db` passed down to a
// repo may be fanned out with `Promise.all` as well. On a pool that is fine (each
// query borrows its own connection); on a transaction's single `pg.PoolClient` the
// queries pile up in pg's internal queue, and pg 8.20+ prints
// `DeprecationWarning: Calling client.query() when the client is already executing
// a query` (a hard error from pg 9). Upstream: prisma/orm#29407, fixes proposed in
// prisma/orm#29468 and #29979, not released in @prisma/adapter-pg 7.10.
//
// The fix here: the transactions this adapter hands out run their statements one
// after another (a FIFO promise chain), which is what the connection does anyway.
// Commit and rollback wait for the statements queued before them, so a connection
// is never released with work in flight. Queries outside a transaction still go
// to the pool concurrently. Drop this wrapper once adapter-pg serializes itself.

type PgAdapter = Awaited<ReturnType<PrismaPg['connect']>>;
type PgTransaction = Awaited<ReturnType<PgAdapter['startTransaction']>>;
type SqlQuery = Parameters<PgTransaction['queryRaw']>[0];

/** Runs tasks strictly one after another, in call order; a failed task does not stop the next. */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

class SerializedTransaction implements PgTransaction {
  readonly #inner: PgTransaction;
  readonly #queue = new SerialQueue();

  constructor(inner: PgTransaction) {
    this.#inner = inner;
  }

  get provider() {
    return this.#inner.provider;
  }
  get adapterName() {
    return this.#inner.adapterName;
  }
  get options() {
    return this.#inner.options;
  }

  queryRaw(query: SqlQuery) {
    return this.#queue.run(() => this.#inner.queryRaw(query));
  }
  executeRaw(query: SqlQuery) {
    return this.#queue.run(() => this.#inner.executeRaw(query));
  }
  commit() {
    return this.#queue.run(() => this.#inner.commit());
  }
  rollback() {
    return this.#queue.run(() => this.#inner.rollback());
  }
  // The pg transaction implements savepoints (nested `$transaction`); each is one statement.
  createSavepoint(name: string) {
    return this.#queue.run(() => this.#inner.createSavepoint!(name));
  }
  rollbackToSavepoint(name: string) {
    return this.#queue.run(() => this.#inner.rollbackToSavepoint!(name));
  }
  releaseSavepoint(name: string) {
    return this.#queue.run(() => this.#inner.releaseSavepoint!(name));
  }
}

/** `PrismaPg` whose interactive transactions never overlap statements on their connection. */
export class SerializedPrismaPg extends PrismaPg {
  override async connect(): Promise<PgAdapter> {
    const adapter = await super.connect();
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => new SerializedTransaction(await start(isolationLevel));
    return adapter;
  }
}
