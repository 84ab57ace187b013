import type { DomainAlert } from '../alerts/domain-alerts.compute';
import type { DomainTile } from '../domains/strip.schema';
import type { CertBand, CertificateCounts, CertificateRow, WorkloadRef } from './certificates.schema';

// Days to expiry, renewal state and management of every certificate, from
// cert-manager objects and Ingress TLS entries (docs/domains.md "Certificates").
// Pure: the service passes what the inventory holds and `now`.

const DAY_MS = 86_400_000;

/** Alert thresholds, days to expiry (cert-manager renews at 2/3 of the lifetime: 30 days for a 90-day certificate). */
const CERT_THRESHOLDS = { d30: 30, d14: 14, d7: 7 } as const;

export type CertObject = {
  clusterId: string;
  cluster: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  team: string | null;
  secretName: string;
  dnsNames: string[];
  issuerKind: string | null;
  issuerName: string | null;
  notAfter: number | null;
  ready: boolean | null;
  readyReason: string | null;
  readyMessage: string | null;
  failedAttempts: number;
  /** Owner Ingress (ingress-shim creates Certificates for annotated Ingresses). */
  ownerIngress: string | null;
};

export type IngressObject = {
  clusterId: string;
  cluster: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  team: string | null;
  tls: { secretName: string; hosts: string[] }[];
  /** Backend Service names of its rules. */
  backends: string[];
};

export type CertRequestObject = { clusterId: string; namespace: string; certificate: string; ready: boolean | null; reason: string | null; message: string | null; created: number };

export type CertInputs = {
  certs: readonly CertObject[];
  ingresses: readonly IngressObject[];
  requests: readonly CertRequestObject[];
  /** Workloads by `clusterId/namespace/name` (an Ingress backend Service is named like its workload). */
  workloads: ReadonlyMap<string, WorkloadRef>;
  /** Catalog services by slug. */
  services: ReadonlyMap<string, { slug: string; name: string }>;
  now: number;
};

/** Whole days left, rounded up: a certificate with 5 d 23 h left has 6 days. */
export function daysLeft(notAfter: number | null, now: number): number | null {
  if (notAfter === null) return null;
  const d = (notAfter - now) / DAY_MS;
  return d > 0 ? Math.ceil(d) : Math.floor(d);
}

export function certBand(notAfter: number | null, now: number): CertBand {
  if (notAfter === null) return 'unknown';
  const left = notAfter - now;
  if (left <= 0) return 'expired';
  if (left <= CERT_THRESHOLDS.d7 * DAY_MS) return '7d';
  if (left <= CERT_THRESHOLDS.d14 * DAY_MS) return '14d';
  if (left <= CERT_THRESHOLDS.d30 * DAY_MS) return '30d';
  return 'ok';
}

const BAND_RANK: Record<CertBand, number> = { expired: 0, '7d': 1, '14d': 2, '30d': 3, unknown: 4, ok: 5 };

/** Worst first: band, then failing renewals, then fewest days, then name. */
function compareCerts(a: CertificateRow, b: CertificateRow): number {
  return (
    BAND_RANK[a.band] - BAND_RANK[b.band] ||
    Number(b.renewalFailing) - Number(a.renewalFailing) ||
    (a.daysLeft ?? Infinity) - (b.daysLeft ?? Infinity) ||
    a.cluster.localeCompare(b.cluster) ||
    a.namespace.localeCompare(b.namespace) ||
    a.name.localeCompare(b.name)
  );
}

/**
 * Renewal failing: cert-manager says so (Ready=False for another reason than
 * expiry, failed issuance attempts) or the newest CertificateRequest failed.
 */
export function renewalState(c: Pick<CertObject, 'ready' | 'readyReason' | 'readyMessage' | 'failedAttempts'>, newestRequest: CertRequestObject | null): { failing: boolean; problem: string | null } {
  if (newestRequest && newestRequest.ready === false && (newestRequest.reason === 'Failed' || newestRequest.reason === 'Denied')) {
    return { failing: true, problem: newestRequest.message || `CertificateRequest ${newestRequest.reason}` };
  }
  if (c.failedAttempts > 0) return { failing: true, problem: c.readyMessage || `${c.failedAttempts} failed issuance attempts` };
  if (c.ready === false && c.readyReason !== 'Expired') return { failing: true, problem: c.readyMessage || c.readyReason || 'not Ready' };
  if (c.ready === false) return { failing: false, problem: c.readyMessage || 'expired' };
  return { failing: false, problem: null };
}

function serviceOf(maps: Record<string, string>[], services: CertInputs['services']): { slug: string; name: string } | null {
  for (const key of ['runwell.io/service', 'app.kubernetes.io/part-of', 'app.kubernetes.io/name', 'app']) {
    for (const m of maps) {
      const v = m[key];
      if (v && services.has(v)) return services.get(v)!;
    }
  }
  return null;
}
/** Every certificate as a row, worst first. */
export function evaluateCertificates(inp: CertInputs): CertificateRow[] {
  const ingressByKey = new Map(inp.ingresses.map((i) => [`${i.clusterId}/${i.namespace}/${i.name}`, i]));
  const ingressBySecret = new Map<string, IngressObject>();
  for (const i of inp.ingresses) for (const t of i.tls) ingressBySecret.set(`${i.clusterId}/${i.namespace}/${t.secretName}`, i);
  const newestRequest = new Map<string, CertRequestObject>();
  for (const r of inp.requests) {
    const key = `${r.clusterId}/${r.namespace}/${r.certificate}`;
    const prev = newestRequest.get(key);
    if (!prev || r.created > prev.created) newestRequest.set(key, r);
  }
  const workloadOf = (i: IngressObject | undefined): WorkloadRef | null => {
    if (!i) return null;
    for (const b of i.backends) {
      const w = inp.workloads.get(`${i.clusterId}/${i.namespace}/${b}`);
      if (w) return w;
    }
    return null;
  };

  const rows: CertificateRow[] = [];
  const managedSecrets = new Set<string>();
  for (const c of inp.certs) {
    managedSecrets.add(`${c.clusterId}/${c.namespace}/${c.secretName}`);
    const ingress = (c.ownerIngress ? ingressByKey.get(`${c.clusterId}/${c.namespace}/${c.ownerIngress}`) : undefined) ?? ingressBySecret.get(`${c.clusterId}/${c.namespace}/${c.secretName}`);
    const renewal = renewalState(c, newestRequest.get(`${c.clusterId}/${c.namespace}/${c.name}`) ?? null);
    rows.push({
      id: `${c.clusterId}/${c.namespace}/${c.name}`,
      clusterId: c.clusterId,
      cluster: c.cluster,
      namespace: c.namespace,
      name: c.name,
      secretName: c.secretName,
      hosts: c.dnsNames,
      issuer: c.issuerName ? `${c.issuerKind ?? 'Issuer'}/${c.issuerName}` : null,
      managed: true,
      notAfter: c.notAfter === null ? null : new Date(c.notAfter).toISOString(),
      daysLeft: daysLeft(c.notAfter, inp.now),
      band: certBand(c.notAfter, inp.now),
      ready: c.ready,
      renewalFailing: renewal.failing,
      problem: renewal.problem,
      failedAttempts: c.failedAttempts,
      ingress: ingress?.name ?? null,
      workload: workloadOf(ingress),
      service: serviceOf([c.labels, c.annotations, ...(ingress ? [ingress.labels, ingress.annotations] : [])], inp.services),
      team: c.team ?? ingress?.team ?? null,
    });
  }
  // TLS secrets Ingresses use that no Certificate issues: renewed by hand
  // (a maturity level-1 marker). Runwell does not read Secrets, so their
  // expiry is unknown.
  for (const i of inp.ingresses) {
    for (const t of i.tls) {
      if (!t.secretName || managedSecrets.has(`${i.clusterId}/${i.namespace}/${t.secretName}`)) continue;
      managedSecrets.add(`${i.clusterId}/${i.namespace}/${t.secretName}`);
      rows.push({
        id: `${i.clusterId}/${i.namespace}/ingress:${i.name}/${t.secretName}`,
        clusterId: i.clusterId,
        cluster: i.cluster,
        namespace: i.namespace,
        name: t.secretName,
        secretName: t.secretName,
        hosts: t.hosts,
        issuer: null,
        managed: false,
        notAfter: null,
        daysLeft: null,
        band: 'unknown',
        ready: null,
        renewalFailing: false,
        problem: 'Not managed by cert-manager: renewed by hand, expiry not tracked',
        failedAttempts: 0,
        ingress: i.name,
        workload: workloadOf(i),
        service: serviceOf([i.labels, i.annotations], inp.services),
        team: i.team,
      });
    }
  }
  return rows.sort(compareCerts);
}

export function countCertificates(rows: readonly CertificateRow[]): CertificateCounts {
  const counts: CertificateCounts = { expired: 0, '7d': 0, '14d': 0, '30d': 0, ok: 0, unknown: 0, total: rows.length, notReady: 0, renewalFailing: 0, unmanaged: 0 };
  for (const r of rows) {
    counts[r.band]++;
    if (r.ready === false) counts.notReady++;
    if (r.renewalFailing) counts.renewalFailing++;
    if (!r.managed) counts.unmanaged++;
  }
  return counts;
}

export const CERT_ALERTS = { expiring: 'CertificateExpiring', expired: 'CertificateExpired', renewal: 'CertificateRenewalFailed' } as const;

function plural(n: number, unit: string): string {
  return `${n} ${unit}${Math.abs(n) === 1 ? '' : 's'}`;
}

export function describeDays(days: number | null): string {
  if (days === null) return 'unknown';
  if (days <= 0) return days === 0 ? 'expires today' : `expired ${plural(-days, 'day')} ago`;
  return plural(days, 'day');
}

/**
 * The alerts the certificates hold now. One alert per certificate and band
 * (30/14/7 days): crossing a threshold resolves the milder alert and raises the
 * next, so each threshold alerts once. Only the last week and expiry are
 * customer-visible (triage pages for them); renewal failures never page on
 * their own, the expiry alert does, so a failing certificate 6 days from
 * expiry pages once.
 */
export function certificateAlerts(rows: readonly CertificateRow[], runbooks: Partial<Record<string, string>>, hrefOf: (r: CertificateRow) => string): DomainAlert[] {
  const out: DomainAlert[] = [];
  for (const r of rows) {
    if (!r.managed) continue;
    const labels: Record<string, string> = {
      cluster: r.cluster,
      namespace: r.namespace,
      certificate: r.name,
      ...(r.service ? { service: r.service.slug } : {}),
      ...(r.team ? { team: r.team } : {}),
    };
    const where = `${r.namespace}/${r.name}${r.hosts.length ? ` (${r.hosts.slice(0, 3).join(', ')})` : ''} on ${r.cluster}`;
    const base = { labels, href: hrefOf(r) };
    if (r.band === 'expired') {
      out.push({ ...base, key: `${r.id}/expired`, alertname: CERT_ALERTS.expired, severity: 'critical', customerVisible: true, summary: `Certificate ${where} has expired`, description: r.problem ?? undefined, runbookUrl: runbooks[CERT_ALERTS.expired] ?? runbooks[CERT_ALERTS.expiring] });
    } else if (r.band === '7d' || r.band === '14d' || r.band === '30d') {
      out.push({
        ...base,
        key: `${r.id}/${r.band}`,
        alertname: CERT_ALERTS.expiring,
        severity: r.band === '7d' ? 'critical' : r.band === '14d' ? 'warning' : 'info',
        customerVisible: r.band === '7d',
        labels: { ...labels, threshold: r.band },
        summary: `Certificate ${where} expires in ${describeDays(r.daysLeft)}`,
        description: r.renewalFailing ? `Renewal is failing: ${r.problem}` : 'cert-manager should have renewed it by now; check the Certificate and its issuer.',
        runbookUrl: runbooks[CERT_ALERTS.expiring],
      });
    }
    if (r.renewalFailing && r.band !== 'expired') {
      out.push({ ...base, key: `${r.id}/renewal`, alertname: CERT_ALERTS.renewal, severity: 'warning', customerVisible: false, summary: `Renewal of certificate ${where} is failing`, description: r.problem ?? undefined, runbookUrl: runbooks[CERT_ALERTS.renewal] });
    }
  }
  return out;
}

/** The strip tile: days to the soonest expiry among the scope's certificates. */
export function certificatesTile(rows: readonly CertificateRow[], href: string): DomainTile {
  const base = { domain: 'certificates' as const, label: 'Certificates', signal: 'days to the next expiry', href };
  if (rows.length === 0) return { ...base, value: '—', status: 'no-data', detail: 'No certificates found in the inventory' };
  const c = countCertificates(rows);
  const soonest = rows.find((r) => r.daysLeft !== null) ?? null;
  const value = soonest ? describeDays(soonest.daysLeft) : 'unknown';
  const issues = [
    c.expired && `${c.expired} expired`,
    c['7d'] && `${c['7d']} within 7 days`,
    c['14d'] && `${c['14d']} within 14 days`,
    c['30d'] && `${c['30d']} within 30 days`,
    c.renewalFailing && `${c.renewalFailing} failing renewal`,
    c.unmanaged && `${c.unmanaged} not managed by cert-manager`,
  ].filter(Boolean);
  const status = c.expired || c['7d'] ? 'critical' : c['14d'] || c.renewalFailing || c['30d'] ? 'warning' : 'ok';
  return { ...base, value, status, detail: issues.length ? `${issues.join(', ')} of ${c.total}` : `All ${c.total} valid for more than 30 days` };
}

/** The day's figures for the trend chart. */
export function certificateTrendValues(rows: readonly CertificateRow[]): Record<string, number> {
  const c = countCertificates(rows);
  const soonest = rows.find((r) => r.daysLeft !== null);
  return { expired: c.expired, within7: c['7d'], within14: c['14d'], within30: c['30d'], renewalFailing: c.renewalFailing, unmanaged: c.unmanaged, total: c.total, ...(soonest ? { soonestDays: soonest.daysLeft! } : {}) };
}
