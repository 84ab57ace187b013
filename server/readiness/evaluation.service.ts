import { setImmediate as nextTurn } from 'node:timers/promises';
import { db, inTransaction } from '../database/tx';
import { DomainError } from '../errors';
import { refKey } from './exemptions.compute';
import { buildInventory } from './inventory.compute';
import { severityById } from './check-filter.compute';
import { expandExemptions } from './exemption-scopes.compute';
import { DEFAULT_GATE_CONFIG, type GateConfig, type GateOutcome, launchGate } from './launch-gate.compute';
import { LIVE_KINDS, rowsToItems, serviceKeys } from './live-rows.compute';
import { encodeAreas } from './scorecard.compute';
import { digestOf, toResultRecord } from './stored-results.compute';
import { evaluateSubject, prepareEvaluation, summarise } from './readiness.compute';
import * as exemptionRepo from './exemption.repo';
import * as repo from './readiness.repo';
import { DEFAULT_CONFIG, type ObjectReport, type ReadinessConfig } from './readiness.schema';

// The live evaluation (docs/readiness.md, "Live evaluation"): the pure engine
// over a cluster's stored inventory, its results written where they changed,
// and the launch gates recomputed from them.

/** The engine config used for live clusters (the CLI's --config equivalent; defaults for now). */
export const LIVE_CONFIG: ReadinessConfig = DEFAULT_CONFIG;
export const GATE_CONFIG: GateConfig = DEFAULT_GATE_CONFIG;

/** A cluster is re-evaluated at least this often even when no collector reported a change (a safety net). */
const REEVALUATE_AFTER_MS = 15 * 60_000;

// Subjects are evaluated in chunks, and changed results written in batches
// while the next chunks are evaluated: Postgres inserts one batch on its core
// while the engine runs on ours. A first evaluation of a 150k-pod cluster
// writes ~90k rows, which would otherwise follow the evaluation end to end.
const CHUNK = 2_000;
const WRITE_BATCH = 5_000;
/** A first evaluation of a very large cluster holds its transaction while it evaluates. */
const TRANSACTION_TIMEOUT_MS = 120_000;

export interface EvaluationSummary {
  clusterId: string;
  workloads: number;
  /** Results whose figures changed and were written (the rest were already stored). */
  written: number;
  score: number;
  durationMs: number;
  loadMs: number;
  /** Time spent in the engine and encoding results (writes overlap it). */
  evaluateMs: number;
  /** The rest after loading: writes not hidden behind the evaluation, deletes, commit. */
  storeMs: number;
}

/** Evaluates one cluster's stored inventory and replaces its results. No authorization: jobs and services call it. */
export async function runEvaluation(clusterId: string, now: Date = new Date()): Promise<EvaluationSummary> {
  const started = performance.now();
  const client = db();
  const cluster = await repo.findClusterByIdOrName(client, clusterId);
  if (!cluster) throw new DomainError('NOT_FOUND', 'Cluster not found');
  const [rows, scopes, teams, services, sloServices] = await Promise.all([
    repo.loadLiveRows(client, cluster.id),
    exemptionRepo.activeExemptionScopes(client, now),
    repo.teamsBySlug(client),
    repo.servicesBySlug(client),
    repo.knownSloServices(client),
  ]);
  const loaded = performance.now();
  const items = rowsToItems(rows);
  const objects = items.map(({ object }) => ({ kind: object.kind, namespace: object.metadata?.namespace ?? null, name: object.metadata?.name ?? '' }));
  const knownSlos = sloServices.map((service) => ({ service }));
  const inventory = buildInventory(items, { knownSlos });
  const evaluation = prepareEvaluation(inventory, { now, config: LIVE_CONFIG, exemptions: expandExemptions(scopes, cluster.id, objects, now), knownSlos });
  const keys = serviceKeys(items);
  const serialize = (object: ObjectReport): repo.SerializedResult => {
    const record = toResultRecord(object, keys.get(refKey(object)) ?? null);
    const service = record.serviceKey ? services.get(record.serviceKey) : undefined;
    const team = record.teamLabel ? teams.get(record.teamLabel) : undefined;
    const result = { ...record, serviceId: service?.id ?? null, teamId: team?.id ?? service?.teamId ?? null };
    const byAreaJson = JSON.stringify(encodeAreas(result.byArea));
    const checksJson = JSON.stringify(result.checks);
    const digest = digestOf(`${result.teamLabel}|${result.teamId}|${result.serviceKey}|${result.serviceId}|${result.score}|${byAreaJson}|${checksJson}`);
    return { result, byAreaJson, checksJson, digest };
  };
  let evaluateMs = performance.now() - loaded;
  let written = 0;
  let score = 100;
  const reports: ObjectReport[] = [];
  await inTransaction(
    async (tx) => {
      const before = await repo.resultDigests(tx, cluster.id);
      const seen = new Set<string>();
      let batch: repo.SerializedResult[] = [];
      let writing: Promise<void> = Promise.resolve();
      // Start writing `batch` (after the previous write) and return at once.
      const startWrite = async () => {
        await writing;
        const rows = batch;
        batch = [];
        writing = Promise.resolve(repo.upsertResults(tx, cluster.id, rows, now));
        writing.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
      };
      const subjects = inventory.subjects;
      for (let i = 0; i < subjects.length; i += CHUNK) {
        const t = performance.now();
        for (let j = i; j < Math.min(i + CHUNK, subjects.length); j++) {
          const report = evaluateSubject(evaluation, subjects[j]!);
          if (!report) continue;
          reports.push(report);
          const serialized = serialize(report);
          const key = repo.resultKey(serialized.result);
          seen.add(key);
          if (before.get(key) !== serialized.digest) batch.push(serialized);
        }
        evaluateMs += performance.now() - t;
        if (batch.length >= WRITE_BATCH) {
          written += batch.length;
          await startWrite();
        }
        await nextTurn(); // let the write in flight reach Postgres before the next chunk
      }
      written += batch.length;
      if (batch.length > 0) await startWrite();
      await writing;
      await repo.deleteResults(tx, cluster.id, [...before.keys()].filter((k) => !seen.has(k)));
      score = summarise(reports).score;
      await repo.upsertEvaluation(tx, {
        clusterId: cluster.id,
        evaluatedAt: now,
        syncedAt: cluster.lastSyncedAt,
        durationMs: Math.round(performance.now() - started),
        workloads: reports.length,
        score,
      });
    },
    { timeoutMs: TRANSACTION_TIMEOUT_MS },
  );
  const stored = performance.now();
  return {
    clusterId: cluster.id,
    workloads: reports.length,
    written,
    score,
    durationMs: Math.round(stored - started),
    loadMs: Math.round(loaded - started),
    evaluateMs: Math.round(evaluateMs),
    storeMs: Math.round(stored - loaded - evaluateMs),
  };
}

/** Recomputes every catalog service's launch gate from the stored results. */
export async function recomputeGates(now: Date = new Date()): Promise<Map<string, GateOutcome>> {
  const client = db();
  const [rows, serviceIds] = await Promise.all([repo.listScoredResults(client, {}), repo.allServiceIds(client)]);
  const severities = severityById(LIVE_CONFIG);
  const byService = new Map<string, typeof rows>(serviceIds.map((id) => [id, []]));
  for (const row of rows) if (row.serviceId) byService.get(row.serviceId)?.push(row);
  const gates = new Map<string, GateOutcome>();
  for (const [serviceId, serviceRows] of byService) gates.set(serviceId, launchGate(serviceRows, GATE_CONFIG, severities));
  await inTransaction((tx) => repo.writeGates(tx, gates, now));
  return gates;
}

/**
 * The "readiness.evaluate" job: every enabled, synced cluster whose inventory
 * changed since its last evaluation (a list or watch event of a kind readiness
 * reads, Pods aside), that had an applied exemption expire since then, or that was
 * last evaluated 15 minutes ago or more; then the launch gates. `clusterId` forces one.
 */
export async function evaluateDue(now: Date = new Date(), options: { clusterId?: string; log?: (line: string) => void } = {}): Promise<EvaluationSummary[]> {
  const client = db();
  const [clusters, expiredList, changes] = await Promise.all([
    repo.listClusters(client),
    exemptionRepo.clustersWithExpiredExemptions(client, now),
    repo.lastInventoryChanges(client, LIVE_KINDS.filter((k) => k !== 'Pod')),
  ]);
  const expired = new Set(expiredList);
  const due = clusters.filter((c) => {
    if (options.clusterId) return c.id === options.clusterId || c.name === options.clusterId;
    if (c.disabled || !c.lastSyncedAt) return false;
    const e = c.readinessEvaluation;
    if (!e) return true;
    const changed = changes.get(c.id);
    if (changed && changed > e.evaluatedAt) return true;
    if (expired.has(c.id)) return true;
    return now.getTime() - e.evaluatedAt.getTime() >= REEVALUATE_AFTER_MS;
  });
  const out: EvaluationSummary[] = [];
  for (const cluster of due) {
    const summary = await runEvaluation(cluster.id, now);
    options.log?.(`${cluster.name}: ${summary.workloads} objects, score ${summary.score}, ${summary.durationMs} ms`);
    out.push(summary);
  }
  if (due.length > 0 || options.clusterId) await recomputeGates(now);
  return out;
}
