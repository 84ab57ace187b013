import { asArray, asRecord, asString, serviceKeyOf } from '../lib/kube';
import { SERVICE_MAP_KEYS } from '../lib/kube-conventions';

// GitOps as the change ledger (the seed: "GitOps as the change ledger"): every
// sync Argo CD or Flux made becomes one ledger entry, with no one typing
// anything. Pure: the inventory rows in, the entries out; the service
// (gitops.service.ts) writes them idempotently by externalId.
//
// Argo CD keeps the last syncs in `status.history[]` (successful syncs only);
// a failed sync is only in `status.operationState`. A history entry that
// redeploys an older revision is a rollback, and the syncs it undid are
// "rolled back" (they count in the change failure rate).
// Flux keeps no history: `status.lastAppliedRevision` is the last good apply,
// `lastAttemptedRevision` with Ready=False a failed one. Each revision seen is
// one entry; the ledger keeps the history Flux does not.

export type GitopsObject = {
  cluster: string;
  kind: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  data: Record<string, unknown>;
};

export type GitopsSync = {
  externalId: string;
  tool: 'argocd' | 'flux';
  /** "Argo CD" / "Flux" and the object, e.g. "Argo CD application checkout". */
  title: string;
  revision: string;
  /** The commit SHA when the revision names one (Flux "main@sha1:…", Argo CD's revision). */
  commitSha: string | null;
  status: 'succeeded' | 'failed' | 'rolled_back';
  startedAt: number | null;
  finishedAt: number | null;
  /** Who started it: a user name, or "automated". */
  initiatedBy: string;
  /** Set on a sync that redeployed an older revision. */
  rollbackTo: string | null;
  message: string;
  /** Destination namespace (for service mapping through its workloads). */
  targetNamespace: string | null;
};

const ms = (v: unknown): number | null => {
  const s = asString(v);
  const t = s ? Date.parse(s) : NaN;
  return Number.isFinite(t) ? t : null;
};
const short = (rev: string) => (/^[0-9a-f]{40}$/i.test(rev) ? rev.slice(0, 7) : rev.replace(/@sha1:([0-9a-f]{7})[0-9a-f]+$/i, '@$1'));

/** The commit SHA in an Argo CD or Flux revision ("abc…", "main@sha1:abc…", "sha1:abc…"); null for chart versions. */
export function commitShaOf(revision: string): string | null {
  const m = /(?:^|@|sha1:)([0-9a-f]{40})$/i.exec(revision);
  return m ? m[1]!.toLowerCase() : null;
}

function initiator(value: unknown): string {
  const i = asRecord(value);
  return asString(i.username) ?? (i.automated === true ? 'automated' : 'unknown');
}

function argoSyncs(o: GitopsObject): GitopsSync[] {
  const spec = asRecord(o.data.spec);
  const status = asRecord(o.data.status);
  const target = asString(asRecord(spec.destination).namespace) ?? null;
  const base = `argocd/${o.cluster}/${o.namespace}/${o.name}`;
  const title = `Argo CD application ${o.name}`;
  const history = asArray(status.history).map(asRecord);
  const out: GitopsSync[] = history.map((h) => {
    const revision = asString(h.revision) ?? '';
    return {
      externalId: `${base}/${String(h.id ?? revision)}`,
      tool: 'argocd',
      title: `${title} → ${short(revision)}`,
      revision,
      commitSha: commitShaOf(revision),
      status: 'succeeded',
      startedAt: ms(h.deployStartedAt),
      finishedAt: ms(h.deployedAt),
      initiatedBy: initiator(h.initiatedBy),
      rollbackTo: null,
      message: `Synced revision ${revision}`,
      targetNamespace: target,
    };
  });
  // A sync of a revision deployed before the previous one rolls back everything in between.
  for (let k = 2; k < out.length; k++) {
    const j = out.findLastIndex((e, i) => i < k - 1 && e.revision === out[k]!.revision);
    if (j < 0 || out.slice(j + 1, k).some((e) => e.revision === out[k]!.revision)) continue;
    out[k] = { ...out[k]!, rollbackTo: out[k]!.revision, title: `${title}: rollback to ${short(out[k]!.revision)}`, message: `Redeployed revision ${out[k]!.revision}` };
    for (let i = j + 1; i < k; i++) out[i] = { ...out[i]!, status: 'rolled_back', message: `${out[i]!.message}; rolled back by the sync at ${new Date(out[k]!.finishedAt ?? 0).toISOString()}` };
  }
  const op = asRecord(status.operationState);
  const phase = asString(op.phase);
  const opRevision = asString(op.revision) ?? '';
  const last = out[out.length - 1];
  if ((phase === 'Failed' || phase === 'Error') && opRevision && (!last || last.revision !== opRevision || (ms(op.startedAt) ?? 0) > (last.finishedAt ?? 0))) {
    out.push({
      externalId: `${base}/failed/${asString(op.startedAt) ?? opRevision}`,
      tool: 'argocd',
      title: `${title} → ${short(opRevision)} (sync failed)`,
      revision: opRevision,
      commitSha: commitShaOf(opRevision),
      status: 'failed',
      startedAt: ms(op.startedAt),
      finishedAt: ms(op.finishedAt),
      initiatedBy: initiator(op.initiatedBy),
      rollbackTo: null,
      message: asString(op.message) ?? 'sync failed',
      targetNamespace: target,
    });
  }
  return out;
}

function fluxSyncs(o: GitopsObject): GitopsSync[] {
  const spec = asRecord(o.data.spec);
  const status = asRecord(o.data.status);
  const ready = asRecord(status.ready);
  const applied = asString(status.lastAppliedRevision);
  const attempted = asString(status.lastAttemptedRevision);
  const target = asString(spec.targetNamespace) ?? o.namespace;
  const what = `Flux ${o.kind} ${o.name}`;
  const at = ms(ready.lastTransitionTime);
  const base = `flux/${o.cluster}/${o.kind}/${o.namespace}/${o.name}@`;
  const entry = (revision: string, ok: boolean): GitopsSync => ({
    externalId: `${base}${revision}`,
    tool: 'flux',
    title: `${what} → ${short(revision)}${ok ? '' : ' (failed)'}`,
    revision,
    commitSha: commitShaOf(revision),
    status: ok ? 'succeeded' : 'failed',
    startedAt: null,
    // The Ready condition's time belongs to the last attempt only.
    finishedAt: attempted === revision ? at : null,
    initiatedBy: 'automated',
    rollbackTo: null,
    message: ok ? `Applied revision ${revision}` : (asString(ready.message) ?? `Revision ${revision} failed`),
    targetNamespace: target,
  });
  const out: GitopsSync[] = [];
  if (applied) out.push(entry(applied, true));
  if (attempted && attempted !== applied && asString(ready.status) === 'False') out.push(entry(attempted, false));
  return out;
}

/** Every sync an Argo CD Application or Flux Kustomization/HelmRelease tells of. */
export function gitopsSyncs(o: GitopsObject): GitopsSync[] {
  if (o.kind === 'Application') return argoSyncs(o);
  if (o.kind === 'Kustomization' || o.kind === 'HelmRelease') return fluxSyncs(o);
  return [];
}

/**
 * Catalog service keys (slugs) a GitOps object deploys: its own service labels
 * and annotations first, else its name, else the services of the workloads in
 * its target namespace (the same keys alerts and workloads map by).
 */
export function serviceKeysOf(o: GitopsObject, workloadsInTarget: readonly { name: string; metadata: unknown; spec?: unknown; kind: string }[]): string[] {
  for (const key of SERVICE_MAP_KEYS) {
    const v = o.labels[key] ?? o.annotations[key];
    if (v) return [v];
  }
  const keys = new Set<string>([o.name]);
  for (const w of workloadsInTarget) keys.add(serviceKeyOf(w) ?? w.name);
  return [...keys];
}

export const GITOPS_KINDS = ['Application', 'Kustomization', 'HelmRelease'] as const;
