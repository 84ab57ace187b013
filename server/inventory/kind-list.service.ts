import { setTimeout as sleep } from 'node:timers/promises';
import { db } from '../database/tx';
import { KubeHttpError } from '../integrations/kubernetes/client';
import { backoffMs, classifyError, type ErrorLike, listUrl } from './collector.compute';
import type { KindSync } from './collector-options';
import * as repo from './collector.repo';
import { toRow } from './transform.compute';

// The initial (and every re-) list of one kind: pages streamed through the
// transform into Postgres, the next page fetched while this one is written, then
// the relist sweep (docs/inventory.md, "Collector algorithm").

type ListPage = { metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number }; items?: unknown[] };

/** One complete paginated list; returns the resourceVersion to watch from. */
export async function listKind(sync: KindSync, signal: AbortSignal): Promise<string | 'not-served'> {
  const { clusterId, def } = sync;
  sync.epoch = await repo.nextListEpoch(db(), clusterId, def.kind);
  const startedAt = new Date();
  if (sync.state === 'pending') sync.setState('syncing');
  await repo.updateSyncStatus(db(), clusterId, def.kind, { state: sync.state, listedSoFar: 0, lastListAt: startedAt });
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
        return await sync.client.getJson<ListPage>(listUrl(sync.path, { limit: sync.opts.pageSize, continueToken }), { signal, timeoutMs: 120_000 });
      } catch (error) {
        const notServed = error instanceof KubeHttpError && error.status === 404 && continueToken === null;
        if (signal.aborted || notServed || classifyError(error as ErrorLike) !== 'retry' || pageErrors >= 5) throw error;
        await sleep(backoffMs(pageErrors, Math.random(), sync.opts.backoff), undefined, { signal });
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
          sync.setState('synced');
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
      while (writing.length >= sync.opts.listWritesInFlight) {
        await writing[0];
        writing.shift();
      }
      // Progress is for people watching the first sync: every statusEveryMs is plenty.
      const now = Date.now();
      const reportProgress = now - lastProgressAt >= sync.opts.statusEveryMs;
      if (reportProgress) lastProgressAt = now;
      const write = (async () => {
        await repo.upsertObjectsForCollector(clusterId, rows, sync.epoch);
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
  const removed = await repo.sweepObjects(db(), clusterId, def.kind, sync.epoch);
  const objectCount = await repo.countObjects(db(), clusterId, def.kind);
  // Pages are written with asynchronous commit (inventory.repo.ts): a Postgres
  // crash in the middle of the list can lose a page without any write failing
  // (the pool reconnects). Nothing else writes this kind while it is listed, so
  // the table must now hold exactly what was listed; if not, list again.
  if (objectCount !== listed) {
    throw new Error(`List of ${def.kind} returned ${listed} objects but ${objectCount} rows are stored; listing again`);
  }
  sync.setState('synced');
  await repo.updateSyncStatus(db(), clusterId, def.kind, {
    state: 'synced',
    resourceVersion: listRv,
    objectCount,
    listedSoFar: listed,
    estimatedTotal: listed,
    lastError: null,
  });
  if (removed > 0) sync.opts.log?.(`[${def.kind}] relist removed ${removed} rows no longer in the cluster`);
  return listRv;
}
