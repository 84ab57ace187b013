// Pure decisions of the inventory collectors: URLs, backoff, what to do after
// an error, lease ownership, and folding watch events into batches.

import type { InventoryRow } from './transform.compute';

export const PAGE_SIZE = 500;
const WATCH_TIMEOUT_SECONDS = 300;

export function listUrl(path: string, opts: { limit: number; continueToken?: string | null }): string {
  const q = new URLSearchParams({ limit: String(opts.limit) });
  if (opts.continueToken) q.set('continue', opts.continueToken);
  return `${path}?${q}`;
}

export function watchUrl(path: string, resourceVersion: string, timeoutSeconds = WATCH_TIMEOUT_SECONDS): string {
  const q = new URLSearchParams({
    watch: '1',
    resourceVersion,
    allowWatchBookmarks: 'true',
    timeoutSeconds: String(timeoutSeconds),
  });
  return `${path}?${q}`;
}

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 30_000 };

/** Exponential backoff with "full jitter" (delay uniform in [cap/2, cap]); `random` in [0, 1). */
export function backoffMs(attempt: number, random: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  return Math.round(cap / 2 + (cap / 2) * Math.min(Math.max(random, 0), 1));
}

export type ErrorAction =
  /** The resourceVersion or continue token is gone: list again from scratch. */
  | 'relist'
  /** Wait (backoff), then resume the watch from the last resourceVersion. */
  | 'retry'
  /** Credentials or permissions: retrying will not help soon; wait long and tell people. */
  | 'auth';

export interface ErrorLike {
  status?: number;
  code?: string;
}

export function classifyError(error: ErrorLike): ErrorAction {
  if (error.status === 410) return 'relist';
  if (error.status === 401 || error.status === 403) return 'auth';
  return 'retry';
}

/** A watch event's `object` for ERROR events is a Status; 410 there means the same as HTTP 410. */
export function watchErrorStatus(object: unknown): number {
  const code = (object as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : 500;
}

export type LeaseView = { holder: string; expiresAt: Date } | null;
export type LeaseDecision = 'acquire' | 'renew' | 'held';

/** Mirrors the WHERE clause of the lease upsert (inventory.repo.ts), which decides with the database clock. */
export function leaseDecision(lease: LeaseView, me: string, now: Date): LeaseDecision {
  if (!lease) return 'acquire';
  if (lease.holder === me) return 'renew';
  return lease.expiresAt.getTime() <= now.getTime() ? 'acquire' : 'held';
}

export type PendingOp = { op: 'upsert'; row: InventoryRow } | { op: 'delete'; kind: string; namespace: string; name: string; resourceVersion: string };

const rowKey = (kind: string, namespace: string, name: string) => `${kind}\u0000${namespace}\u0000${name}`;

/**
 * Folds watch events into one batch: the last event per object wins, so one
 * statement never touches a row twice (Postgres refuses ON CONFLICT on a row
 * it already changed in the same statement) and ADDED+DELETED cancel out.
 */
export class EventBatch {
  private readonly ops = new Map<string, PendingOp>();

  add(op: PendingOp): void {
    const key = op.op === 'upsert' ? rowKey(op.row.kind, op.row.namespace, op.row.name) : rowKey(op.kind, op.namespace, op.name);
    this.ops.delete(key); // re-insert so the map keeps the latest order
    this.ops.set(key, op);
  }

  get size(): number {
    return this.ops.size;
  }

  drain(): { upserts: InventoryRow[]; deletes: { kind: string; namespace: string; name: string }[] } {
    const upserts: InventoryRow[] = [];
    const deletes: { kind: string; namespace: string; name: string }[] = [];
    for (const op of this.ops.values()) {
      if (op.op === 'upsert') upserts.push(op.row);
      else deletes.push({ kind: op.kind, namespace: op.namespace, name: op.name });
    }
    this.ops.clear();
    return { upserts, deletes };
  }
}

/** Initial-sync progress in percent, when the API gave an estimate (remainingItemCount). */
export function progressPercent(listed: number, estimatedTotal: number | null): number | null {
  if (!estimatedTotal || estimatedTotal <= 0) return null;
  return Math.min(100, Math.round((listed / estimatedTotal) * 100));
}

export type ClusterSyncState = 'pending' | 'syncing' | 'synced' | 'stale' | 'error';

/** The cluster's state from its kinds': any failing kind makes it stale (auth errors: error); all watching: synced. */
export function clusterState(kinds: ClusterSyncState[]): ClusterSyncState {
  if (kinds.length === 0) return 'pending';
  if (kinds.includes('error')) return 'error';
  if (kinds.includes('stale')) return 'stale';
  if (kinds.every((k) => k === 'synced')) return 'synced';
  if (kinds.some((k) => k === 'syncing' || k === 'synced')) return 'syncing';
  return 'pending';
}
