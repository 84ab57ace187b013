import { setTimeout as sleep } from 'node:timers/promises';
import { db } from '../database/tx';
import type { KubeClient } from '../integrations/kubernetes/client';
import { backoffMs, classifyError, type ClusterSyncState, type ErrorLike } from './collector.compute';
import { type KindSettings, type KindSync, messageOf } from './collector-options';
import * as repo from './collector.repo';
import { type KindDef, listPath } from './kinds.compute';
import { listKind } from './kind-list.service';
import { watchKind } from './kind-watch.service';
import type { Semaphore } from './semaphore';

// One kind's collector: list, then watch from the list's resourceVersion; relist
// on 410, backoff with jitter on anything else (docs/inventory.md, "Collector
// algorithm"). Metrics kinds are re-listed every pollSeconds instead of watched.

export class KindCollector implements KindSync {
  state: ClusterSyncState = 'pending';
  epoch = 0;
  lastStatusAt = 0;
  readonly path: string;
  readonly kind: string;

  constructor(
    readonly clusterId: string,
    readonly client: KubeClient,
    readonly def: KindDef,
    private readonly lists: Semaphore,
    readonly opts: KindSettings,
  ) {
    this.path = listPath(def);
    this.kind = def.kind;
  }

  setState(state: ClusterSyncState) {
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
        const result = await watchKind(this, rv, signal);
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
      return await listKind(this, signal);
    } finally {
      this.lists.release();
    }
  }
}
