import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { db } from '../database/tx';
import { KubeClient, KubeHttpError, statusError, type ClusterConnection } from '../integrations/kubernetes/client';
import {
  backoffMs,
  classifyError,
  clusterState,
  EventBatch,
  listUrl,
  PAGE_SIZE,
  watchErrorStatus,
  watchUrl,
  type ClusterSyncState,
  type ErrorLike,
} from './collector.compute';
import * as repo from './collector.repo';
import { KIND_DEFS, type KindDef, listPath } from './kinds.compute';
import { toRow } from './transform.compute';

// The collector of one cluster: per kind, a paginated list streamed page by
// page through the transform into Postgres, then a watch from the list's
// resourceVersion; relist on 410, backoff with jitter on anything else. See
// docs/inventory.md for the algorithm and failure handling.

interface CollectorHooks {
  /** Called after each committed batch (benchmarks measure lag with it). */
  onCommitted?: (kind: string, resourceVersions: string[], committedAt: number) => void;
  onKindState?: (kind: string, state: ClusterSyncState) => void;
}

export interface CollectorOptions {
  kinds?: readonly KindDef[];
  /** Initial lists running at once across kinds (the API server and Postgres share the load). */
  listConcurrency?: number;
  pageSize?: number;
  /** Page writes of one list in flight at once (while the next page is fetched and transformed). */
  listWritesInFlight?: number;
  /** Largest watch batch written in one statement, and the longest an event waits for its batch. */
  batchSize?: number;
  flushMs?: number;
  /** Re-check for kinds the cluster does not serve (e.g. cert-manager installed later). */
  notServedRecheckMs?: number;
  statusEveryMs?: number;
  watchTimeoutSeconds?: number;
  backoff?: { baseMs: number; maxMs: number };
  hooks?: CollectorHooks;
  log?: (line: string) => void;
}

class Semaphore {
  private waiting: (() => void)[] = [];
  constructor(private free: number) {}
  async acquire(signal: AbortSignal): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  }
}

type ListPage = { metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number }; items?: unknown[] };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

class KindCollector {
  state: ClusterSyncState = 'pending';
  private epoch = 0;
  private lastStatusAt = 0;
  private readonly path: string;
  readonly kind: string;

  constructor(
    private readonly clusterId: string,
    private readonly client: KubeClient,
    private readonly def: KindDef,
    private readonly lists: Semaphore,
    private readonly opts: Required<Omit<CollectorOptions, 'kinds' | 'hooks' | 'log' | 'listConcurrency'>> & Pick<CollectorOptions, 'hooks' | 'log'>,
  ) {
    this.path = listPath(def);
    this.kind = def.kind;
  }

  private setState(state: ClusterSyncState) {
    if (state === this.state) return;
    this.state = state;
    this.opts.hooks?.onKindState?.(this.def.kind, state);
  }

  async run(signal: AbortSignal): Promise<void> {
    let rv: string | null = null;
    let attempt = 0;
    while (!signal.aborted) {
      try {
        if (rv === null) {
          const listed = await this.listWithSlot(signal);
          if (listed === 'not-served') {
            await sleep(this.opts.notServedRecheckMs, undefined, { signal });
            continue;
          }
          rv = listed;
          attempt = 0;
        }
        if (this.def.pollSeconds) {
          await sleep(this.def.pollSeconds * 1000, undefined, { signal });
          rv = null;
          continue;
        }
        const started = Date.now();
        const result = await this.watch(rv, signal);
        rv = result.rv;
        if (result.events > 0) attempt = 0;
        else if (Date.now() - started < 1_000) {
          // A server that ends every watch at once must not be hammered.
          await sleep(backoffMs(attempt++, Math.random(), this.opts.backoff), undefined, { signal });
        }
      } catch (error) {
        if (signal.aborted) break;
        const e = error as ErrorLike & { resumeFrom?: string | null };
        if (e.resumeFrom !== undefined) rv = e.resumeFrom;
        const action = classifyError(e);
        if (action === 'relist') rv = null;
        // A 410 is routine (history compacted): relist at once the first time.
        const delay = action === 'relist' && attempt === 0 ? 0 : backoffMs(attempt, Math.random(), this.opts.backoff);
        attempt += 1;
        const state: ClusterSyncState = action === 'auth' ? 'error' : action === 'relist' ? this.state : 'stale';
        this.setState(state);
        this.opts.log?.(`[${this.def.kind}] ${action}: ${messageOf(error)}; next try in ${delay} ms`);
        await repo
          .updateSyncStatus(db(), this.clusterId, this.def.kind, { state, lastError: messageOf(error).slice(0, 1000) })
          .catch(() => undefined);
        await sleep(delay, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  private async listWithSlot(signal: AbortSignal): Promise<string | 'not-served'> {
    await this.lists.acquire(signal);
    try {
      return await this.list(signal);
    } finally {
      this.lists.release();
    }
  }

  /** One complete paginated list; returns the resourceVersion to watch from. */
  private async list(signal: AbortSignal): Promise<string | 'not-served'> {
    const { clusterId, def } = this;
    this.epoch = await repo.nextListEpoch(db(), clusterId, def.kind);
    const startedAt = new Date();
    if (this.state === 'pending') this.setState('syncing');
    await repo.updateSyncStatus(db(), clusterId, def.kind, { state: this.state, listedSoFar: 0, lastListAt: startedAt });
    let listRv: string | null = null;
    let listed = 0;
    // Page writes in flight, oldest first (see listWritesInFlight).
    const writing: Promise<void>[] = [];
    // A failed write stays in the list, so the catch below still waits for the others.
    const allWritten = async () => {
      while (writing.length) {
        await writing[0];
        writing.shift();
      }
    };
    let lastProgressAt = 0;
    // One page with its retries: non-410 errors retry the same page a few times
    // (backoff); a 410 (expired continue token) or the last failure is thrown.
    const fetchPage = async (continueToken: string | null): Promise<ListPage> => {
      for (let pageErrors = 0; ; pageErrors++) {
        try {
          return await this.client.getJson<ListPage>(listUrl(this.path, { limit: this.opts.pageSize, continueToken }), { signal, timeoutMs: 120_000 });
        } catch (error) {
          const notServed = error instanceof KubeHttpError && error.status === 404 && continueToken === null;
          if (signal.aborted || notServed || classifyError(error as ErrorLike) !== 'retry' || pageErrors >= 5) throw error;
          await sleep(backoffMs(pageErrors, Math.random(), this.opts.backoff), undefined, { signal });
        }
      }
    };
    let nextPage: Promise<ListPage> | null = fetchPage(null);
    let firstPage = true;
    try {
      while (nextPage) {
        let page: ListPage;
        try {
          page = await nextPage;
        } catch (error) {
          if (!signal.aborted && error instanceof KubeHttpError && error.status === 404 && firstPage) {
            await allWritten();
            await repo.sweepObjects(db(), clusterId, def.kind, 2 ** 31 - 1); // the kind is gone: so are its rows
            await repo.updateSyncStatus(db(), clusterId, def.kind, { state: 'synced', objectCount: 0, listedSoFar: 0, estimatedTotal: 0, lastError: 'Not served by this cluster (API group not installed)' });
            this.setState('synced');
            return 'not-served';
          }
          throw error;
        }
        firstPage = false;
        const meta = page.metadata ?? {};
        listRv ??= meta.resourceVersion ?? null;
        // Ask for the next page before transforming this one: the API server
        // prepares it while this page is transformed and encoded.
        nextPage = meta.continue ? fetchPage(meta.continue) : null;
        nextPage?.catch(() => undefined); // awaited at the next turn (or abandoned with the list)
        const rows = (page.items ?? []).map((item) => toRow(def, item));
        page = {}; // let the page's full objects go before the write
        listed += rows.length;
        const remaining = meta.remainingItemCount;
        const estimatedTotal = typeof remaining === 'number' ? listed + remaining : null;
        // Write this page while the next ones are fetched, with at most
        // listWritesInFlight writes at once: pages of one list touch different rows,
        // so their order does not matter, and Postgres can use more than one core.
        while (writing.length >= this.opts.listWritesInFlight) {
          await writing[0];
          writing.shift();
        }
        // Progress is for people watching the first sync: every statusEveryMs is plenty.
        const now = Date.now();
        const reportProgress = now - lastProgressAt >= this.opts.statusEveryMs;
        if (reportProgress) lastProgressAt = now;
        const write = (async () => {
          await repo.upsertObjectsForCollector(clusterId, rows, this.epoch);
          if (reportProgress) await repo.updateSyncStatus(db(), clusterId, def.kind, { listedSoFar: listed, ...(estimatedTotal !== null ? { estimatedTotal } : {}) });
        })();
        write.catch(() => undefined); // awaited later; a failure fails the list then
        writing.push(write);
      }
      await allWritten();
    } catch (error) {
      // Nothing of a failed list may still be writing when it is retried.
      await Promise.allSettled(writing.splice(0));
      throw error;
    }
    if (!listRv) throw new Error(`List of ${def.kind} had no resourceVersion`);
    // The sweep commits durably, which also flushes the pages' asynchronous commits before it.
    const removed = await repo.sweepObjects(db(), clusterId, def.kind, this.epoch);
    const objectCount = await repo.countObjects(db(), clusterId, def.kind);
    // Pages are written with asynchronous commit (inventory.repo.ts): a Postgres
    // crash in the middle of the list can lose a page without any write failing
    // (the pool reconnects). Nothing else writes this kind while it is listed, so
    // the table must now hold exactly what was listed; if not, list again.
    if (objectCount !== listed) {
      throw new Error(`List of ${def.kind} returned ${listed} objects but ${objectCount} rows are stored; listing again`);
    }
    this.setState('synced');
    await repo.updateSyncStatus(db(), clusterId, def.kind, {
      state: 'synced',
      resourceVersion: listRv,
      objectCount,
      listedSoFar: listed,
      estimatedTotal: listed,
      lastError: null,
    });
    if (removed > 0) this.opts.log?.(`[${def.kind}] relist removed ${removed} rows no longer in the cluster`);
    return listRv;
  }

  /** Watches from `rv` until the stream ends; returns the last committed resourceVersion. */
  private async watch(rv: string, signal: AbortSignal): Promise<{ rv: string; events: number }> {
    const { clusterId, def } = this;
    const res = await this.client.open(watchUrl(this.path, rv, this.opts.watchTimeoutSeconds), { signal });
    if ((res.statusCode ?? 0) >= 300) {
      const chunks: Buffer[] = [];
      for await (const c of res) chunks.push(c as Buffer);
      throw statusError(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'));
    }
    if (this.state !== 'synced') this.setState('synced');
    const batch = new EventBatch();
    let seenRv = rv; // newest resourceVersion read from the stream
    let committedRv = rv; // newest one whose events are in Postgres
    let oldestPendingAt = 0;
    let events = 0;
    let chain: Promise<void> = Promise.resolve();
    let flushError: unknown = null;
    const flush = () => {
      chain = chain.then(async () => {
        if (batch.size === 0 && seenRv === committedRv) return;
        const rvAtDrain = seenRv;
        const waitedSince = oldestPendingAt;
        oldestPendingAt = 0;
        const { upserts, deletes } = batch.drain();
        try {
          if (upserts.length) await repo.upsertObjects(db(), clusterId, upserts, this.epoch);
          if (deletes.length) await repo.deleteObjects(db(), clusterId, deletes.map((d) => ({ kind: def.kind, namespace: d.namespace, name: d.name })));
        } catch (error) {
          flushError = error;
          res.destroy();
          return;
        }
        committedRv = rvAtDrain;
        const now = Date.now();
        if (upserts.length || deletes.length) {
          this.opts.hooks?.onCommitted?.(def.kind, upserts.map((u) => u.resourceVersion), now);
        }
        if (now - this.lastStatusAt >= this.opts.statusEveryMs) {
          this.lastStatusAt = now;
          await repo
            .updateSyncStatus(db(), clusterId, def.kind, {
              state: 'synced',
              resourceVersion: committedRv,
              lastEventAt: new Date(now),
              lagMs: waitedSince ? now - waitedSince : 0,
              objectCount: await repo.countObjects(db(), clusterId, def.kind),
              lastError: null,
            })
            .catch(() => undefined);
        }
      });
      return chain;
    };
    const timer = setInterval(() => void flush(), this.opts.flushMs);
    const lines = createInterface({ input: res, crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        if (!line) continue;
        const event = JSON.parse(line) as { type: string; object: { metadata?: { name?: string; namespace?: string; resourceVersion?: string } } };
        if (event.type === 'ERROR') {
          throw Object.assign(new KubeHttpError(watchErrorStatus(event.object), '', `Watch error: ${(event.object as { message?: string }).message ?? 'unknown'}`), {});
        }
        const meta = event.object?.metadata ?? {};
        if (meta.resourceVersion) seenRv = meta.resourceVersion;
        if (event.type === 'BOOKMARK') continue;
        events += 1;
        if (!oldestPendingAt) oldestPendingAt = Date.now();
        if (event.type === 'DELETED') {
          batch.add({ op: 'delete', kind: def.kind, namespace: def.namespaced ? (meta.namespace ?? '') : '', name: meta.name ?? '', resourceVersion: meta.resourceVersion ?? '' });
        } else {
          batch.add({ op: 'upsert', row: toRow(def, event.object) });
        }
        if (batch.size >= this.opts.batchSize) await flush();
        if (flushError) break;
      }
      await flush();
    } catch (error) {
      // Keep what was read: flush it, then resume from what is committed.
      await flush().catch(() => undefined);
      throw Object.assign(error as object, { resumeFrom: committedRv });
    } finally {
      clearInterval(timer);
      lines.close();
      res.destroy();
    }
    if (flushError) throw Object.assign(flushError as object, { resumeFrom: committedRv });
    // A stream that ended cleanly (timeoutSeconds, server closed it) resumes at once.
    if (res.errored && !signal.aborted) throw Object.assign(new Error(`Watch connection lost: ${res.errored.message}`), { resumeFrom: committedRv });
    return { rv: committedRv, events };
  }
}

export interface RunningCollector {
  clusterId: string;
  stop(): Promise<void>;
  /** Current state per kind. */
  states(): Record<string, ClusterSyncState>;
}

/** Starts every kind's collector for one cluster; they run until stop(). */
export function startClusterCollector(clusterId: string, connection: ClusterConnection, options: CollectorOptions = {}): RunningCollector {
  const client = new KubeClient(connection);
  const controller = new AbortController();
  const lists = new Semaphore(options.listConcurrency ?? 3);
  const log = options.log;
  let lastClusterState: ClusterSyncState | null = null;
  const collectors: KindCollector[] = [];
  const reportCluster = async () => {
    const state = clusterState(collectors.map((c) => c.state));
    if (state === lastClusterState) return;
    lastClusterState = state;
    await repo
      .updateClusterSync(db(), clusterId, {
        syncState: state,
        ...(state === 'synced' ? { lastSyncedAt: new Date(), lastError: null } : {}),
      })
      .catch(() => undefined);
  };
  const opts = {
    pageSize: options.pageSize ?? PAGE_SIZE,
    listWritesInFlight: options.listWritesInFlight ?? 2,
    batchSize: options.batchSize ?? 500,
    flushMs: options.flushMs ?? 100,
    notServedRecheckMs: options.notServedRecheckMs ?? 600_000,
    statusEveryMs: options.statusEveryMs ?? 2_000,
    watchTimeoutSeconds: options.watchTimeoutSeconds ?? 300,
    backoff: options.backoff ?? { baseMs: 500, maxMs: 30_000 },
    log,
    hooks: {
      ...options.hooks,
      onKindState: (kind: string, state: ClusterSyncState) => {
        options.hooks?.onKindState?.(kind, state);
        void reportCluster();
      },
    },
  };
  for (const def of options.kinds ?? KIND_DEFS) collectors.push(new KindCollector(clusterId, client, def, lists, opts));
  // While synced, lastSyncedAt keeps moving, so "data age" is honest when the cluster goes away.
  const heartbeat = setInterval(() => {
    if (lastClusterState === 'synced') void repo.updateClusterSync(db(), clusterId, { lastSyncedAt: new Date() }).catch(() => undefined);
  }, 15_000);
  const version = client
    .getJson<{ gitVersion?: string; minor?: string }>('/version', { signal: controller.signal, timeoutMs: 15_000 })
    .then((v) => repo.updateClusterSync(db(), clusterId, { serverGitVersion: v.gitVersion ?? '', serverMinor: v.minor ?? '' }))
    .catch(() => undefined);
  const runs = collectors.map((c) =>
    c.run(controller.signal).catch((error) => log?.(`[${clusterId}] collector stopped: ${messageOf(error)}`)),
  );
  void reportCluster();
  return {
    clusterId,
    states: () => Object.fromEntries(collectors.map((c) => [c.kind, c.state])),
    async stop() {
      clearInterval(heartbeat);
      controller.abort(new Error('collector stopped'));
      await Promise.allSettled([...runs, version]);
    },
  };
}
