import { createHash } from 'node:crypto';
import { db } from '../database/tx';
import type { ClusterConnection } from '../integrations/kubernetes/client';
import { keysFromEnv, openSecret } from '../security/secrets';
import { LEASE_RENEW_MS, LEASE_TTL_MS } from './collector.compute';
import type { CollectorOptions } from './collector-options';
import { startClusterCollector, type RunningCollector } from './collector.service';
import * as repo from './collector.repo';

// Each worker process runs one supervisor: it claims clusters whose lease is
// free or expired, runs their collectors in-process, renews the leases, and
// stops a collector whose lease it lost. A dead worker's leases expire after
// LEASE_TTL_MS and the next supervisor tick elsewhere takes them over.

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
  leaseTtlMs?: number;
  renewMs?: number;
  tickMs?: number;
  collector?: CollectorOptions;
  log?: (line: string) => void;
}

export class InventorySupervisor {
  private readonly running = new Map<string, { collector: RunningCollector; fingerprint: string }>();
  private tickTimer?: NodeJS.Timeout;
  private renewTimer?: NodeJS.Timeout;
  private ticking: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly opts: SupervisorOptions) {}

  get holder(): string {
    return this.opts.holder;
  }

  clusterIds(): string[] {
    return [...this.running.keys()];
  }

  start(): void {
    this.stopped = false;
    void this.tick();
    this.tickTimer ??= setInterval(() => void this.tick(), this.opts.tickMs ?? 15_000);
    this.renewTimer ??= setInterval(() => void this.renew(), this.opts.renewMs ?? LEASE_RENEW_MS);
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
    try {
      const claimable = new Set(await repo.claimableClusterIds(db(), this.holder));
      for (const [id, entry] of this.running) {
        const row = await repo.findClusterForCollector(db(), id);
        if (!row || row.disabled || fingerprint(row) !== entry.fingerprint || !claimable.has(id)) {
          log?.(`[inventory] stopping collector of cluster ${row?.name ?? id}`);
          this.running.delete(id);
          await entry.collector.stop();
          if (row) await repo.releaseLease(db(), id, this.holder);
        }
      }
      for (const id of claimable) {
        if (this.stopped || this.running.has(id)) continue;
        const row = await repo.findClusterForCollector(db(), id);
        if (!row || row.disabled) continue;
        if (!(await repo.acquireLease(db(), id, this.holder, this.opts.leaseTtlMs ?? LEASE_TTL_MS))) continue;
        let connection: ClusterConnection;
        try {
          connection = connectionOf(row);
        } catch (error) {
          await repo.updateClusterSync(db(), id, { syncState: 'error', lastError: `Cannot open the credentials: ${(error as Error).message}` });
          await repo.releaseLease(db(), id, this.holder);
          continue;
        }
        log?.(`[inventory] ${this.holder} collects cluster ${row.name}`);
        const collector = startClusterCollector(id, connection, { ...this.opts.collector, log: (line) => log?.(`[inventory ${row.name}] ${line}`) });
        this.running.set(id, { collector, fingerprint: fingerprint(row) });
      }
    } catch (error) {
      log?.(`[inventory] supervisor tick failed: ${(error as Error).message}`);
    }
  }

  /** Renews every lease held; a lease lost (expired and taken) stops that collector at once. */
  async renew(): Promise<void> {
    for (const [id, entry] of this.running) {
      let kept = false;
      try {
        kept = await repo.acquireLease(db(), id, this.holder, this.opts.leaseTtlMs ?? LEASE_TTL_MS);
      } catch {
        kept = true; // the database is unreachable: writes fail anyway; keep trying until the TTL tells
      }
      if (!kept && this.running.get(id) === entry) {
        this.opts.log?.(`[inventory] lost the lease of cluster ${id}; stopping its collector`);
        this.running.delete(id);
        await entry.collector.stop();
      }
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
    await this.ticking;
    const entries = [...this.running.entries()];
    this.running.clear();
    await Promise.allSettled(entries.map(([, e]) => e.collector.stop()));
    if (release) await Promise.allSettled(entries.map(([id]) => repo.releaseLease(db(), id, this.holder)));
  }
}

let processSupervisor: InventorySupervisor | null = null;

/** The supervisor of this process (workers/jobs/inventory-supervise.ts and `runwell worker`). */
export function processInventorySupervisor(holder: string, log?: (line: string) => void): InventorySupervisor {
  if (!processSupervisor) {
    processSupervisor = new InventorySupervisor({ holder, log });
    processSupervisor.start();
  }
  return processSupervisor;
}

export async function stopProcessInventorySupervisor(): Promise<void> {
  const s = processSupervisor;
  processSupervisor = null;
  await s?.stop();
}
