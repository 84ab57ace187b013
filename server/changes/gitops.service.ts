import { recordAudit } from '../audit/audit.service';
import { db, inTransaction } from '../database/tx';
import { objectsOfKinds, workloadsInNamespaces } from '../inventory/inventory.service';
import { asStringMap } from '../lib/kube';
import type { RequestContext } from '../lib/request-context';
import * as repo from './changes.repo';
import { GITOPS_KINDS, gitopsSyncs, serviceKeysOf, type GitopsObject, type GitopsSync } from './gitops.compute';

// The change ledger's GitOps feed (docs/changes.md, "From GitOps"): the
// inventory collectors keep Argo CD Applications and Flux Kustomizations and
// HelmReleases of every cluster; each sync they tell of becomes one ledger
// entry (source gitops, idempotent by externalId, so relists add nothing).
// A sync of a commit CI recorded inherits that record's tier; any other is T1
// and says it is unclassified. Runs as the changes.gitops job every minute.

const SYSTEM: RequestContext = { actor: { kind: 'system', id: 'system', name: 'gitops-ledger' }, requestId: null };
const TOOL_LABEL = { argocd: 'Argo CD', flux: 'Flux' } as const;

type Planned = { sync: GitopsSync; cluster: string; serviceIds: string[] };

async function plannedSyncs(): Promise<Planned[]> {
  const rows = await objectsOfKinds(GITOPS_KINDS);
  const objects = rows.map((r) => ({
    clusterId: r.clusterId,
    object: { cluster: r.cluster.name, kind: r.kind, namespace: r.namespace, name: r.name, labels: asStringMap(r.labels), annotations: asStringMap(r.annotations), data: (r.data ?? {}) as Record<string, unknown> } satisfies GitopsObject,
  }));
  const syncs = objects.map((o) => ({ ...o, syncs: gitopsSyncs(o.object) }));
  // Workloads of every target namespace, one query per cluster.
  const targets = new Map<string, Set<string>>();
  for (const s of syncs) for (const x of s.syncs.slice(0, 1)) if (x.targetNamespace) (targets.get(s.clusterId) ?? targets.set(s.clusterId, new Set()).get(s.clusterId)!).add(x.targetNamespace);
  const workloads = new Map<string, { kind: string; name: string; metadata: unknown; spec: unknown }[]>();
  for (const [clusterId, namespaces] of targets) {
    for (const w of await workloadsInNamespaces(clusterId, [...namespaces])) {
      const key = `${clusterId}/${w.namespace}`;
      (workloads.get(key) ?? workloads.set(key, []).get(key)!).push({ kind: w.kind, name: w.name, metadata: { labels: w.labels, annotations: w.annotations }, spec: { template: { metadata: w.template } } });
    }
  }
  const keysOf = syncs.map((s) => serviceKeysOf(s.object, workloads.get(`${s.clusterId}/${s.syncs[0]?.targetNamespace ?? ''}`) ?? []));
  const services = new Map((await repo.findServices(db(), keysOf.flat())).map((s) => [s.slug, s.id]));
  return syncs.flatMap((s, i) => {
    const serviceIds = [...new Set(keysOf[i]!.map((k) => services.get(k)).filter((id): id is string => !!id))];
    return s.syncs.map((sync) => ({ sync, cluster: s.object.cluster, serviceIds }));
  });
}

/** Writes every GitOps sync not yet in the ledger, and the new status of those that changed (a later rollback). */
export async function syncGitopsLedger(now = Date.now()): Promise<{ seen: number; created: number; updated: number }> {
  const planned = await plannedSyncs();
  const existing = new Map((await repo.gitopsEntries(db(), planned.map((p) => p.sync.externalId))).map((e) => [e.externalId!, e]));
  const records = await repo.recordsOfCommits(db(), [...new Set(planned.map((p) => p.sync.commitSha).filter((s): s is string => !!s))]);
  const recordOf = new Map<string, (typeof records)[number]>();
  for (const r of records) if (r.commitSha && !recordOf.has(r.commitSha)) recordOf.set(r.commitSha, r);
  let created = 0;
  let updated = 0;
  for (const { sync, cluster, serviceIds } of planned) {
    const known = existing.get(sync.externalId);
    if (known) {
      if (known.status !== sync.status) {
        await inTransaction(async (tx) => {
          await repo.update(tx, known.id, { status: sync.status });
          await repo.addEvent(tx, { changeId: known.id, at: new Date(now), kind: 'status', message: sync.message, actorLabel: TOOL_LABEL[sync.tool] });
          await recordAudit(tx, SYSTEM, { action: 'change.gitops_status', targetType: 'change', targetId: known.id, before: { status: known.status }, after: { status: sync.status } });
        });
        updated++;
      }
      continue;
    }
    const record = sync.commitSha ? recordOf.get(sync.commitSha) : undefined;
    const at = new Date(sync.finishedAt ?? sync.startedAt ?? now);
    const reasons = record
      ? [{ code: 'gitops_matched', message: `Tier ${record.tier} from the CI record "${record.title}" of the same commit` }]
      : [{ code: 'gitops_unclassified', message: 'No CI record of this commit: recorded as T1, unclassified' }];
    if (serviceIds.length === 0) reasons.push({ code: 'gitops_unmapped', message: 'No catalog service matches this application (label it runwell.io/service)' });
    await inTransaction(async (tx) => {
      const id = await repo.insert(tx, {
        title: sync.title,
        description: sync.message,
        tier: record?.tier ?? 'T1',
        source: 'gitops',
        environment: 'production',
        cluster,
        commitSha: sync.commitSha,
        prUrl: null,
        runbookUrl: null,
        rollbackPlan: sync.tool === 'argocd' ? 'Sync the previous revision in Argo CD (history)' : 'Revert the commit; Flux applies the revert',
        reliability: record?.reliability ?? false,
        authorId: null,
        authorLabel: `${TOOL_LABEL[sync.tool]} (${sync.initiatedBy})`,
        requestedAt: new Date(sync.startedAt ?? at.getTime()),
        status: sync.status,
        // Already deployed: the gate cannot hold it; the ledger records what happened.
        decision: 'allow',
        decisionReasons: reasons,
        decisionRequires: [],
        decidedAt: at,
        externalId: sync.externalId,
        serviceIds,
      });
      if (sync.startedAt !== null || sync.finishedAt !== null) await repo.update(tx, id, { ...(sync.startedAt !== null ? { startedAt: new Date(sync.startedAt) } : {}), ...(sync.finishedAt !== null ? { finishedAt: new Date(sync.finishedAt) } : {}) });
      await repo.addEvent(tx, { changeId: id, at, kind: 'recorded', message: `${sync.message} (${TOOL_LABEL[sync.tool]}, ${sync.initiatedBy})`, actorLabel: TOOL_LABEL[sync.tool] });
      if (record) await repo.addEvent(tx, { changeId: record.id, at, kind: 'deployed', message: `Deployed by ${TOOL_LABEL[sync.tool]}: ${sync.title} (${sync.status.replace('_', ' ')})`, actorLabel: TOOL_LABEL[sync.tool] });
      await recordAudit(tx, SYSTEM, { action: 'change.gitops_record', targetType: 'change', targetId: id, after: { externalId: sync.externalId, status: sync.status, tier: record?.tier ?? 'T1' } });
    });
    created++;
  }
  return { seen: planned.length, created, updated };
}
