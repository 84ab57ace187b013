import { createHash } from 'node:crypto';
import { readEnv } from '../config';
import { db } from '../database/tx';
import type { ClusterConnection } from '../integrations/kubernetes/client';
import { keysFromEnv, openSecret } from '../security/secrets';
import { fairShare, leaseTimings, rebalance } from './lease.compute';
import type { CollectorOptions } from './collector-options';
import { startClusterCollector, type RunningCollector } from './collector.service';
import * as repo from './collector.repo';

// Each worker process runs one supervisor: it claims clusters whose lease is
// free or expired, runs their collectors in-process, renews the leases, and
// stops a collector whose lease it lost. Every supervisor marks itself alive
// (CollectorWorker) and holds at most its fair share of the clusters, handing
// the rest over, so clusters spread over the workers however they started. A
// dead worker's leases and mark expire after the lease TTL
// (RUNWELL_CLUSTER_LEASE_SECONDS) and the next tick elsewhere takes them over.

type ClusterRow = NonNullable<Awaited<ReturnType<typeof repo.findClusterForCollector>>>;

export function connectionOf(cluster: ClusterRow, env: NodeJS.ProcessEnv = process.env): ClusterConnection {
  const credentials = cluster.sealedCredentials ? openSecret(cluster.sealedCredentials, keysFromEnv(env), `cluster:${cluster.id}`) : null;
  return {
    kind: cluster.connectionKind,
    apiUrl: cluster.apiUrl,
    credentials,
    kubeContext: cluster.kubeContext,
    caData: cluster.caData,
    insecureSkipTlsVerify: cluster.insecureSkipTlsVerify,
  };
}

/** Changes to any of these restart the cluster's collector. */
function fingerprint(c: ClusterRow): string {
  return createHash('sha256')
    .update(JSON.stringify([c.connectionKind, c.apiUrl, c.sealedCredentials, c.caData, c.kubeContext, c.insecureSkipTlsVerify]))
    .digest('hex');
}

export interface SupervisorOptions {
  holder: string;
  /** Default: leaseTimings() of the default TTL. */
  leaseTtlMs?: number;
  renewMs?: number;
  tickMs?: number;
  collector?: CollectorOptions;
  log?: (line: string) => void;
}

type Running = { collector: RunningCollector; fingerprint: string; name: string };

export class InventorySupervisor {
  // Insertion order is start order: a hand-over gives up the newest collectors.
  private readonly running = new Map<string, Running>();
  private tickTimer?: NodeJS.Timeout;
  private renewTimer?: NodeJS.Timeout;
  private ticking: Promise<void> | null = null;
  private renewing: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly opts: SupervisorOptions) {}

  get holder(): string {
    return this.opts.holder;
  }

  clusterIds(): string[] {
    return [...this.running.keys()];
  }

  private get timings() {
    const defaults = leaseTimings();
    return {
      leaseTtlMs: this.opts.leaseTtlMs ?? defaults.leaseTtlMs,
      renewMs: this.opts.renewMs ?? defaults.renewMs,
      tickMs: this.opts.tickMs ?? defaults.tickMs,
    };
  }

  start(): void {
    this.stopped = false;
    void this.tick();
    this.tickTimer ??= setInterval(() => void this.tick(), this.timings.tickMs);
    this.renewTimer ??= setInterval(() => void this.renewOnce(), this.timings.renewMs);
    this.tickTimer.unref?.();
    this.renewTimer.unref?.();
  }

  /** Claims free clusters and starts their collectors; stops the ones deleted, disabled or changed. */
  tick(): Promise<void> {
    this.ticking ??= this.doTick().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  private async doTick(): Promise<void> {
    if (this.stopped) return;
    const log = this.opts.log;
    const ttl = this.timings.leaseTtlMs;
    try {
      const { workers, clusters } = await repo.markCollectorWorker(db(), this.holder, ttl);
      const share = fairShare(clusters, workers);
      const claimable = new Set(await repo.claimableClusterIds(db(), this.holder));
      for (const [id, entry] of this.running) {
        const row = await repo.findClusterForCollector(db(), id);
        if (!row || row.disabled || fingerprint(row) !== entry.fingerprint || !claimable.has(id)) {
          await this.stopCollector(id, entry, !row ? 'deleted' : row.disabled ? 'disabled' : !claimable.has(id) ? 'lease lost' : 'connection changed', Boolean(row));
        }
      }
      const { handOver, room } = rebalance([...this.running.keys()], share);
      for (const id of handOver) {
        const entry = this.running.get(id);
        if (entry) await this.stopCollector(id, entry, `handed over: fair share ${share} of ${clusters} clusters over ${workers} workers`, true);
      }
      let free = room;
      for (const id of claimable) {
        if (this.stopped || free <= 0) break;
        if (this.running.has(id)) continue;
        const row = await repo.findClusterForCollector(db(), id);
        if (!row || row.disabled) continue;
        if (!(await repo.acquireLease(db(), id, this.holder, ttl))) continue;
        let connection: ClusterConnection;
        try {
          connection = connectionOf(row);
        } catch (error) {
          await repo.updateClusterSync(db(), id, { syncState: 'error', lastError: `Cannot open the credentials: ${(error as Error).message}` });
          await repo.releaseLease(db(), id, this.holder);
          continue;
        }
        free -= 1;
        log?.(`[inventory] ${this.holder} collects cluster ${row.name}`);
        const collector = startClusterCollector(id, connection, { ...this.opts.collector, log: (line) => log?.(`[inventory ${row.name}] ${line}`) });
        this.running.set(id, { collector, fingerprint: fingerprint(row), name: row.name });
      }
    } catch (error) {
      log?.(`[inventory] supervisor tick failed: ${(error as Error).message}`);
    }
  }

  /** Every stop says the same line (operators and the scale-out test read who collects what). */
  private async stopCollector(id: string, entry: Running, reason: string, release: boolean): Promise<void> {
    if (this.running.get(id) !== entry) return;
    this.opts.log?.(`[inventory] ${this.holder} stops collecting cluster ${entry.name} (${reason})`);
    this.running.delete(id);
    await entry.collector.stop();
    if (release) await repo.releaseLease(db(), id, this.holder);
  }

  // One renewal at a time, and stop() waits for it: a renewal finishing after
  // a graceful stop would mark this worker alive again for a whole TTL.
  private renewOnce(): Promise<void> {
    this.renewing ??= this.renew().finally(() => {
      this.renewing = null;
    });
    return this.renewing;
  }

  /** Renews the mark and every lease held; a lease lost (expired and taken) stops that collector at once. */
  private async renew(): Promise<void> {
    if (this.stopped) return;
    const ttl = this.timings.leaseTtlMs;
    // The mark first: it must not outlive the leases, or a survivor would wait
    // for a dead worker's mark after its leases expired.
    await repo.markCollectorWorker(db(), this.holder, ttl).catch(() => undefined);
    for (const [id, entry] of this.running) {
      let kept = false;
      try {
        kept = await repo.acquireLease(db(), id, this.holder, ttl);
      } catch {
        kept = true; // the database is unreachable: writes fail anyway; keep trying until the TTL tells
      }
      if (!kept) await this.stopCollector(id, entry, 'lease lost', false);
    }
  }

  /**
   * Graceful shutdown: stop collectors, release leases so another worker takes
   * over without waiting for expiry. `release: false` behaves like a crash (tests).
   */
  async stop({ release = true }: { release?: boolean } = {}): Promise<void> {
    this.stopped = true;
    clearInterval(this.tickTimer);
    clearInterval(this.renewTimer);
    this.tickTimer = this.renewTimer = undefined;
    await Promise.all([this.ticking, this.renewing]);
    const entries = [...this.running.entries()];
    this.running.clear();
    for (const [, e] of entries) this.opts.log?.(`[inventory] ${this.holder} stops collecting cluster ${e.name} (shutting down)`);
    await Promise.allSettled(entries.map(([, e]) => e.collector.stop()));
    if (release) {
      await Promise.allSettled([...entries.map(([id]) => repo.releaseLease(db(), id, this.holder)), repo.forgetCollectorWorker(db(), this.holder)]);
    }
  }
}

let processSupervisor: InventorySupervisor | null = null;

/** The supervisor of this process (workers/jobs/inventory-supervise.ts and `runwell worker`). */
export function processInventorySupervisor(holder: string, log?: (line: string) => void): InventorySupervisor {
  if (!processSupervisor) {
    // Read here, not by the caller: `runwell worker` and the inventory.supervise
    // job both start it, whichever comes first.
    processSupervisor = new InventorySupervisor({ holder, log, ...leaseTimings(readEnv().RUNWELL_CLUSTER_LEASE_SECONDS) });
    processSupervisor.start();
  }
  return processSupervisor;
}

export async function stopProcessInventorySupervisor(): Promise<void> {
  const s = processSupervisor;
  processSupervisor = null;
  await s?.stop();
}
