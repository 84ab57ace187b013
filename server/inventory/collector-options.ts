import type { KubeClient } from '../integrations/kubernetes/client';
import type { ClusterSyncState } from './collector.compute';
import type { KindDef } from './kinds.compute';

// A cluster collector's options, as callers give them and as every kind's
// collector runs with them (defaults filled in), and what one kind's list and
// watch share (collector-kind.service.ts).

export interface CollectorHooks {
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

/** The options one kind's collector runs with: defaults filled in (collector.service.ts). */
export type KindSettings = Required<Omit<CollectorOptions, 'kinds' | 'hooks' | 'log' | 'listConcurrency'>> & Pick<CollectorOptions, 'hooks' | 'log'>;

/** One kind's collector as its list and its watch see it. */
export interface KindSync {
  readonly clusterId: string;
  readonly client: KubeClient;
  readonly def: KindDef;
  /** The kind's collection path (listPath). */
  readonly path: string;
  readonly opts: KindSettings;
  readonly state: ClusterSyncState;
  setState(state: ClusterSyncState): void;
  /** The list epoch rows are written with; the relist sweep removes older ones. */
  epoch: number;
  /** When the watch last wrote the kind's sync status (every statusEveryMs at most). */
  lastStatusAt: number;
}

export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
