import { db } from '../database/tx';
import { KubeClient, type ClusterConnection } from '../integrations/kubernetes/client';
import { clusterState, PAGE_SIZE, type ClusterSyncState } from './collector.compute';
import { type CollectorOptions, messageOf } from './collector-options';
import * as repo from './collector.repo';
import { KindCollector } from './kind-collector.service';
import { KIND_DEFS } from './kinds.compute';
import { Semaphore } from './semaphore';

// The collector of one cluster: per kind, a paginated list streamed page by
// page through the transform into Postgres (kind-list.service.ts), then a watch
// from the list's resourceVersion (kind-watch.service.ts); relist on 410,
// backoff with jitter on anything else (kind-collector.service.ts). See
// docs/inventory.md for the algorithm and failure handling.

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
