import { createInterface } from 'node:readline';
import { db } from '../database/tx';
import { KubeHttpError, statusError } from '../integrations/kubernetes/client';
import { EventBatch, watchErrorStatus, watchUrl } from './collector.compute';
import type { KindSync } from './collector-options';
import * as repo from './collector.repo';
import { toRow } from './transform.compute';

// The watch of one kind from a list's resourceVersion: events batched into
// Postgres every flushMs (or batchSize events), resuming from what is committed
// when the stream fails (docs/inventory.md, "Collector algorithm").

/** Watches from `rv` until the stream ends; returns the last committed resourceVersion. */
export async function watchKind(sync: KindSync, rv: string, signal: AbortSignal): Promise<{ rv: string; events: number }> {
  const { clusterId, def } = sync;
  const res = await sync.client.open(watchUrl(sync.path, rv, sync.opts.watchTimeoutSeconds), { signal });
  if ((res.statusCode ?? 0) >= 300) {
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    throw statusError(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'));
  }
  if (sync.state !== 'synced') sync.setState('synced');
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
        if (upserts.length) await repo.upsertObjects(db(), clusterId, upserts, sync.epoch);
        if (deletes.length) await repo.deleteObjects(db(), clusterId, deletes.map((d) => ({ kind: def.kind, namespace: d.namespace, name: d.name })));
      } catch (error) {
        flushError = error;
        res.destroy();
        return;
      }
      committedRv = rvAtDrain;
      const now = Date.now();
      if (upserts.length || deletes.length) {
        sync.opts.hooks?.onCommitted?.(def.kind, upserts.map((u) => u.resourceVersion), now);
      }
      if (now - sync.lastStatusAt >= sync.opts.statusEveryMs) {
        sync.lastStatusAt = now;
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
  const timer = setInterval(() => void flush(), sync.opts.flushMs);
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
      if (batch.size >= sync.opts.batchSize) await flush();
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
