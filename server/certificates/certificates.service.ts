import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import { db } from '../database/tx';
import { freshMemo } from '../lib/fresh-memo';
import { inventoryVersion } from '../inventory/inventory.service';
import { runbooksForService } from '../runbooks/runbooks.service';
import { domainTrend } from '../domains/snapshot.service';
import type { DomainAlert } from '../alerts/domain-alerts.compute';
import type { DomainTile } from '../domains/strip.schema';
import { CERT_ALERTS, certificateAlerts, certificatesTile, certificateTrendValues, countCertificates, evaluateCertificates } from './certificates.compute';
import { certificatesFilterSchema, type CertificateRow, type CertificatesFilter, type CertificatesPageDto } from './certificates.schema';
import * as repo from './certificates.repo';

// Certificate management (docs/domains.md "Certificates"): every certificate's
// days to expiry and renewal state, computed from the inventory on request
// (the collectors keep it current), the alerts they raise, the strip tile.

const SYSTEM: RequestContext = { actor: { kind: 'system', id: 'system', name: 'domains' }, requestId: null };

// The inventory kinds (and nothing else but the catalog's service names, which
// may lag a minute) that the certificate figures are derived from.
const CERT_KINDS = ['Certificate', 'CertificateRequest', 'Ingress', 'Deployment', 'StatefulSet', 'DaemonSet'];
const memo = freshMemo<CertificateRow[]>({ freshMs: 60_000, staleMs: 120_000, max: 20 });

/**
 * Every certificate of every (or one) cluster, worst first. Figures of now are
 * kept per process until the inventory of their kinds changes, for a minute
 * (and refreshed in the background for one more): days to expiry move by
 * the day, and 20,000 certificates are not judged again for every page view.
 */
export async function allCertificates(now: number, clusterId?: string): Promise<CertificateRow[]> {
  return memo.asOf(clusterId ?? '*', now, () => inventoryVersion(CERT_KINDS), (at) => computeCertificates(at, clusterId));
}

async function computeCertificates(now: number, clusterId?: string): Promise<CertificateRow[]> {
  const clusters = await repo.clusters(db(), clusterId);
  const scope = { clusterIds: clusters.map((c) => c.id) };
  const names = new Map(clusters.map((c) => [c.id, c.name]));
  const [certs, ingresses, requests, services] = await Promise.all([
    repo.loadCertificates(db(), scope, names),
    repo.loadIngresses(db(), scope, names),
    repo.loadRequests(db(), scope),
    repo.loadServices(db()),
  ]);
  const backendKeys = [...new Set(ingresses.flatMap((i) => i.backends.map((b) => `${i.clusterId}/${i.namespace}/${b}`)))];
  const workloads = await repo.loadWorkloads(db(), scope, backendKeys);
  return evaluateCertificates({ certs, ingresses, requests, workloads, services: new Map(services.map((s) => [s.slug, { slug: s.slug, name: s.name }])), now });
}

function certificateHref(r: Pick<CertificateRow, 'id'>): string {
  return `/certificates?focus=${encodeURIComponent(r.id)}`;
}

/** The alert runbooks, by alert name: the Runwell runbook written for it, if any. */
async function runbookIndex(ctx: RequestContext): Promise<Record<string, { id: string; title: string; url: string | null } | null>> {
  const names = Object.values(CERT_ALERTS);
  const found = await runbooksForService(ctx, { alertNames: names });
  return Object.fromEntries(names.map((n) => {
    const r = found.find((x) => x.alertName === n);
    return [n, r ? { id: r.id, title: r.title, url: r.url } : null];
  }));
}

function matches(r: CertificateRow, f: ReturnType<typeof certificatesFilterSchema.parse>, serviceSlug: string | null): boolean {
  if (f.team && r.team !== f.team) return false;
  if (serviceSlug !== null && r.service?.slug !== serviceSlug) return false;
  if (f.search) {
    const q = f.search.toLowerCase();
    if (![r.name, r.namespace, r.cluster, ...r.hosts, r.ingress ?? '', r.workload?.name ?? ''].some((t) => t.toLowerCase().includes(q))) return false;
  }
  return true;
}

export async function certificatesPage(ctx: RequestContext, input: CertificatesFilter, now = Date.now()): Promise<CertificatesPageDto> {
  authorize(ctx, 'app.read', 'You may not view certificates');
  const f = certificatesFilterSchema.parse(input);
  const services = f.serviceId ? await repo.loadServices(db()) : [];
  const serviceSlug = f.serviceId ? (services.find((s) => s.id === f.serviceId)?.slug ?? '\u0000') : null;
  const [all, runbooks, trend, clusters] = await Promise.all([
    allCertificates(now, f.clusterId),
    runbookIndex(ctx),
    domainTrend('certificates', f.clusterId ? `cluster:${f.clusterId}` : 'org', f.days, now),
    repo.clusters(db(), f.clusterId),
  ]);
  const scoped = all.filter((r) => matches(r, f, serviceSlug));
  const banded =
    f.band === 'all' ? scoped : f.band === 'attention' ? scoped.filter((r) => r.band !== 'ok' || r.renewalFailing || r.ready === false) : scoped.filter((r) => r.band === f.band);
  const issuers = await repo.loadIssuers(db(), { clusterIds: clusters.map((c) => c.id) }, new Map(clusters.map((c) => [c.id, c.name])));
  return {
    now: new Date(now).toISOString(),
    counts: countCertificates(scoped),
    soonest: scoped.find((r) => r.daysLeft !== null) ?? null,
    rows: banded.slice(0, f.limit),
    matching: banded.length,
    issuers,
    runbooks: Object.fromEntries(Object.entries(runbooks).map(([k, v]) => [k, v ? { id: v.id, title: v.title } : null])),
    trend,
  };
}

/** The certificates tile of the domain strip, for the organisation or one service. */
export async function certificatesStripTile(ctx: RequestContext, scope: { serviceSlug?: string }, now = Date.now()): Promise<DomainTile> {
  authorize(ctx, 'app.read', 'You may not view certificates');
  const all = await allCertificates(now);
  const rows = scope.serviceSlug ? all.filter((r) => r.service?.slug === scope.serviceSlug) : all;
  return certificatesTile(rows, '/certificates');
}

/** What the domains.evaluate job needs: the alerts that hold now and today's figures. */
export async function certificateSignals(now = Date.now()): Promise<{ alerts: DomainAlert[]; snapshots: { scopeKey: string; values: Record<string, number> }[]; certificates: number }> {
  const all = await allCertificates(now);
  const runbooks = await runbookIndex(SYSTEM);
  const urls = Object.fromEntries(Object.entries(runbooks).filter(([, v]) => v?.url).map(([k, v]) => [k, v!.url!]));
  const byCluster = new Map<string, CertificateRow[]>();
  for (const r of all) {
    const list = byCluster.get(r.clusterId);
    if (list) list.push(r);
    else byCluster.set(r.clusterId, [r]);
  }
  return {
    alerts: certificateAlerts(all, urls, certificateHref),
    snapshots: [{ scopeKey: 'org', values: certificateTrendValues(all) }, ...[...byCluster].map(([id, rows]) => ({ scopeKey: `cluster:${id}`, values: certificateTrendValues(rows) }))],
    certificates: all.length,
  };
}
