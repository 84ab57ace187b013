// Runwell's own alerts about the operations domains (certificates, disaster
// recovery, toil, security hardening; docs/domains.md "Domain alerts"). A domain
// states the conditions that hold NOW; this turns them into an Alertmanager
// webhook delivery for the one alert pipeline (alerts.service ingestWebhook), so
// they are stored, triaged, paged and resolved like any Alertmanager alert.
//
// Dedupe is the pipeline's own: an alert instance is (fingerprint, startsAt).
// The fingerprint is derived from the domain and the condition's key, and a
// condition that is still open keeps the startsAt it was first sent with, so a
// certificate expiring in 6 days is ONE alert (one page) however often the job
// runs; a condition that no longer holds is sent as resolved.

/** Labels every domain alert carries: `source` says it is Runwell's, `domain` which. */
export const DOMAIN_SOURCE_LABEL = 'source';
export const DOMAIN_SOURCE_VALUE = 'runwell';
export const DOMAIN_LABEL = 'domain';

type DomainAlertSeverity = 'critical' | 'warning' | 'info';

export type DomainAlert = {
  /** Stable identity of the condition within its domain, e.g. `cert/<cluster>/<ns>/<name>/7d`. */
  key: string;
  alertname: string;
  severity: DomainAlertSeverity;
  summary: string;
  description?: string;
  /**
   * Triage's customer_visible label: true for conditions customers will feel
   * (an expiring public certificate), false for internal ones (a stale backup).
   * Domain alerts do not burn an SLO, so this is the branch triage decides on.
   */
  customerVisible: boolean;
  /** service (catalog slug), team, namespace, cluster: how the pipeline maps it to an owner. */
  labels?: Record<string, string>;
  runbookUrl?: string;
  /** Link back to the domain page (the alert's generatorURL). */
  href?: string;
};

/** A domain alert the store holds as firing. */
export type OpenDomainAlert = { fingerprint: string; startsAt: number; labels: Record<string, string>; annotations: Record<string, string> };

type WebhookAlertOut = {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
};

export type DomainDelivery = {
  payload: {
    version: '4';
    groupKey: string;
    truncatedAlerts: 0;
    status: 'firing' | 'resolved';
    receiver: string;
    groupLabels: Record<string, string>;
    commonLabels: Record<string, string>;
    commonAnnotations: Record<string, string>;
    externalURL: string;
    alerts: WebhookAlertOut[];
  };
  /** Conditions sent for the first time (these are triaged and may page). */
  fresh: number;
  /** Conditions still open (repeats: no new page; sent only when their text changed). */
  ongoing: number;
  /** Open alerts whose condition cleared. */
  resolved: number;
};

const DOMAIN_RECEIVER = 'runwell-domains';
const ZERO_TIME = '0001-01-01T00:00:00Z';
const MINUTE_MS = 60_000;

/**
 * FNV-1a 64-bit of `domain\0key`, hex: stable across processes and releases
 * (Alertmanager's fingerprints are 16 hex digits too).
 */
export function domainFingerprint(domain: string, key: string): string {
  let h = 0xcbf29ce484222325n;
  const text = `${domain}\u0000${key}`;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return `rw${h.toString(16).padStart(16, '0')}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The delivery that brings the store in line with `current` (the conditions of
 * `domain` that hold at `now`), given the domain's alerts the store holds as
 * firing. New conditions start at `now` floored to the minute, so two runs in
 * the same minute (a retried job) send the same instance and the store's
 * (fingerprint, startsAt) key keeps it one alert.
 */
export function planDomainDelivery(domain: string, current: readonly DomainAlert[], open: readonly OpenDomainAlert[], now: number): DomainDelivery {
  if (!/^[a-z][a-z0-9-]*$/.test(domain)) throw new Error(`domain "${domain}" must be lower-case letters, digits and "-"`);
  // The earliest open instance of a fingerprint is the condition's alert; a
  // later duplicate (two runs racing across a minute boundary) is resolved.
  const openByFp = new Map<string, OpenDomainAlert>();
  for (const o of [...open].sort((a, b) => a.startsAt - b.startsAt)) if (!openByFp.has(o.fingerprint)) openByFp.set(o.fingerprint, o);
  const startNew = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  const alerts: WebhookAlertOut[] = [];
  const seen = new Set<string>();
  let fresh = 0;
  let ongoing = 0;
  for (const a of current) {
    const fingerprint = domainFingerprint(domain, a.key);
    if (seen.has(fingerprint)) continue; // the same condition stated twice counts once
    seen.add(fingerprint);
    const stored = openByFp.get(fingerprint);
    const annotations: Record<string, string> = {
      summary: a.summary,
      ...(a.description ? { description: a.description } : {}),
      ...(a.runbookUrl ? { runbook_url: a.runbookUrl } : {}),
    };
    if (stored) {
      ongoing++;
      // Nothing to tell the store: no delivery row, no write.
      if (sameStrings(stored.annotations, annotations)) continue;
    } else fresh++;
    alerts.push({
      status: 'firing',
      labels: {
        ...(a.labels ?? {}),
        alertname: a.alertname,
        severity: a.severity,
        customer_visible: a.customerVisible ? 'true' : 'false',
        [DOMAIN_SOURCE_LABEL]: DOMAIN_SOURCE_VALUE,
        [DOMAIN_LABEL]: domain,
      },
      annotations,
      startsAt: iso(stored ? stored.startsAt : startNew),
      endsAt: ZERO_TIME,
      generatorURL: a.href ?? '',
      fingerprint,
    });
  }
  let resolved = 0;
  for (const o of open) {
    if (seen.has(o.fingerprint) && openByFp.get(o.fingerprint) === o) continue;
    resolved++;
    alerts.push({
      status: 'resolved',
      labels: o.labels,
      annotations: o.annotations,
      startsAt: iso(o.startsAt),
      endsAt: iso(Math.max(now, o.startsAt)),
      generatorURL: '',
      fingerprint: o.fingerprint,
    });
  }
  const status = alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved';
  return {
    payload: {
      version: '4',
      groupKey: `{}:{${DOMAIN_LABEL}="${domain}"}`,
      truncatedAlerts: 0,
      status,
      receiver: DOMAIN_RECEIVER,
      groupLabels: { [DOMAIN_LABEL]: domain },
      commonLabels: { [DOMAIN_SOURCE_LABEL]: DOMAIN_SOURCE_VALUE, [DOMAIN_LABEL]: domain },
      commonAnnotations: {},
      externalURL: '',
      alerts,
    },
    fresh,
    ongoing,
    resolved,
  };
}

function sameStrings(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}
