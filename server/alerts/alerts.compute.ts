import type { AlertStatus, ServiceRule, WebhookPayload } from './alerts.schema';

// From a webhook payload to per-alert state changes (docs/incidents.md,
// "Receiving alerts"). Alertmanager re-sends a whole group on every change and
// every repeat_interval, so the receiver must be idempotent: one alert instance
// is identified by (fingerprint, startsAt) and a repeat changes nothing.

const HOUR_MS = 3_600_000;

/** One alert instance as the receiver stores it. */
export type AlertEvent = {
  /** `${fingerprint}@${startsAt ISO}`: the idempotency key. */
  key: string;
  fingerprint: string;
  alertname: string;
  status: AlertStatus;
  startsAt: number;
  /** When it resolved; null while firing (Go's zero time maps to null). */
  endsAt: number | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorURL: string;
  groupKey: string;
  receiver: string;
};

export function alertKey(fingerprint: string, startsAt: number): string {
  return `${fingerprint}@${new Date(startsAt).toISOString()}`;
}

export type NormalizedPayload = {
  events: AlertEvent[];
  /** Alerts Alertmanager left out (max_alerts); they are neither new nor resolved. */
  truncatedAlerts: number;
  warnings: string[];
};

/**
 * Payload -> one event per alert instance. `receivedAt` stands in for a resolved
 * alert's missing endsAt. A payload listing the same instance twice keeps the
 * last entry (Alertmanager does not, but a replayed or hand-made body might).
 * The group's own status is ignored: a group is "firing" while any alert fires,
 * so only each alert's status says whether that alert resolved.
 */
export function normalizePayload(payload: WebhookPayload, receivedAt: number): NormalizedPayload {
  const byKey = new Map<string, AlertEvent>();
  const warnings: string[] = [];
  payload.alerts.forEach((a, i) => {
    const key = alertKey(a.fingerprint, a.startsAt);
    let endsAt: number | null = null;
    if (a.status === 'resolved') {
      endsAt = a.endsAt ?? receivedAt;
      if (a.endsAt === null) warnings.push(`alerts[${i}] is resolved without endsAt; using the time it was received`);
      if (endsAt < a.startsAt) {
        warnings.push(`alerts[${i}] ends before it starts; using startsAt as endsAt`);
        endsAt = a.startsAt;
      }
    }
    if (byKey.has(key)) warnings.push(`alerts[${i}] repeats alert ${key}; the last entry wins`);
    byKey.set(key, {
      key,
      fingerprint: a.fingerprint,
      alertname: a.labels.alertname ?? '',
      status: a.status,
      startsAt: a.startsAt,
      endsAt,
      labels: a.labels,
      annotations: a.annotations,
      generatorURL: a.generatorURL,
      groupKey: payload.groupKey,
      receiver: payload.receiver,
    });
  });
  return { events: [...byKey.values()], truncatedAlerts: payload.truncatedAlerts, warnings };
}

// ---------------------------------------------------------------------------
// What an incoming event changes

/** What the store holds for an alert instance (same key). */
export type StoredAlert = {
  key: string;
  status: AlertStatus;
  endsAt: number | null;
  annotations: Record<string, string>;
};

type AlertChangeKind = 'new' | 'repeat' | 'resolved' | 're-fired';

export type AlertChange = {
  kind: AlertChangeKind;
  /** The state to store (null for a repeat: nothing to write). */
  next: { status: AlertStatus; endsAt: number | null; annotations: Record<string, string> } | null;
  /** The annotations differ from the stored ones (e.g. a {{ $value }} summary); worth refreshing, not a state change. */
  annotationsChanged: boolean;
  reason: string;
};

/**
 * Decide what an incoming event means for the stored instance with the same key.
 *  - nothing stored -> new (a first sighting may already be resolved: it is stored
 *    as resolved, so the flap and page history stay complete);
 *  - same status -> repeat: no state change, whatever endsAt a re-send carries
 *    (the first resolution time is kept);
 *  - firing -> resolved -> resolved;
 *  - resolved -> firing -> re-fired: Alertmanager resolved the instance (e.g. its
 *    resolve_timeout passed without a re-send) and Prometheus sent it again with
 *    the same startsAt. A genuinely new firing has a new startsAt, hence a new key.
 */
export function decideAlertChange(stored: StoredAlert | null, event: AlertEvent): AlertChange {
  const next = { status: event.status, endsAt: event.endsAt, annotations: event.annotations };
  if (!stored) {
    return {
      kind: 'new',
      next,
      annotationsChanged: false,
      reason: event.status === 'firing' ? 'first notification for this alert: firing' : 'first notification for this alert arrives already resolved',
    };
  }
  if (stored.key !== event.key) throw new RangeError(`stored alert ${stored.key} is not the incoming alert ${event.key}`);
  const annotationsChanged = !sameStrings(stored.annotations, event.annotations);
  if (stored.status === event.status) {
    return {
      kind: 'repeat',
      next: null,
      annotationsChanged,
      reason: `already stored as ${stored.status}: a re-send of the group, nothing changes`,
    };
  }
  if (event.status === 'resolved') {
    return { kind: 'resolved', next, annotationsChanged, reason: `resolved at ${iso(event.endsAt)}` };
  }
  return {
    kind: 're-fired',
    next: { ...next, endsAt: null },
    annotationsChanged,
    reason: `was resolved at ${iso(stored.endsAt)} and fires again with the same start time`,
  };
}

/**
 * Decisions for a whole payload against what is stored (looked up by key). Stored
 * alerts of the group that the payload does not mention are left alone: a payload
 * may be truncated, and absence is not resolution (Alertmanager sends resolved
 * alerts explicitly).
 */
export function decidePayload(events: readonly AlertEvent[], stored: ReadonlyMap<string, StoredAlert>): { event: AlertEvent; change: AlertChange }[] {
  return events.map((event) => ({ event, change: decideAlertChange(stored.get(event.key) ?? null, event) }));
}

function sameStrings(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

function iso(ms: number | null): string {
  return ms === null ? 'an unknown time' : new Date(ms).toISOString();
}

// ---------------------------------------------------------------------------
// Alert -> service

export type ServiceMatch = {
  service: string | null;
  /** Index of the rule that matched, or null. */
  rule: number | null;
  /** One line per rule tried, in order, for the "why this service?" view. */
  explanation: string[];
};

/**
 * First rule whose label is present and whose value (after the rule's `values`
 * map) is a known service slug wins. Values are compared as written, then
 * lower-cased, because slugs are lower-case while job names often are not.
 */
export function mapAlertToService(labels: Record<string, string>, rules: readonly ServiceRule[], knownServices: Iterable<string>): ServiceMatch {
  const known = new Set(knownServices);
  const explanation: string[] = [];
  for (const [i, rule] of rules.entries()) {
    const n = `rule ${i + 1} (${rule.label})`;
    const value = labels[rule.label];
    if (value === undefined || value === '') {
      explanation.push(`${n}: the alert has no ${rule.label} label`);
      continue;
    }
    const mapped = rule.values?.[value];
    const candidate = mapped ?? value;
    const slug = known.has(candidate) ? candidate : known.has(candidate.toLowerCase()) ? candidate.toLowerCase() : null;
    const via = mapped !== undefined ? ` (mapped to "${mapped}")` : '';
    if (slug === null) {
      explanation.push(`${n}: ${rule.label}="${value}"${via} is not a known service`);
      continue;
    }
    explanation.push(`${n}: ${rule.label}="${value}"${via} -> service ${slug}`);
    return { service: slug, rule: i, explanation };
  }
  explanation.push(rules.length ? 'no rule matched: the alert belongs to no service' : 'no mapping rules are configured');
  return { service: null, rule: null, explanation };
}

// ---------------------------------------------------------------------------
// Flapping

export type StateChange = { fingerprint: string; at: number; to: AlertStatus };

/** Instances (fingerprint, startsAt, endsAt|null) -> their state changes: firing at startsAt, resolved at endsAt. */
export function stateChangesOf(instances: readonly { fingerprint: string; startsAt: number; endsAt: number | null }[]): StateChange[] {
  return instances.flatMap((a) => [
    { fingerprint: a.fingerprint, at: a.startsAt, to: 'firing' as const },
    ...(a.endsAt === null ? [] : [{ fingerprint: a.fingerprint, at: a.endsAt, to: 'resolved' as const }]),
  ]);
}

type FlapStats = {
  fingerprint: string;
  changes: number;
  /** Changes per hour averaged over the window. */
  changesPerHour: number;
  /** Most changes inside any sliding hour of the window. */
  peakChangesInAnHour: number;
  flapping: boolean;
};

export type FlapReport = {
  window: { from: number; to: number };
  threshold: number;
  alerts: FlapStats[];
  flapping: number;
  /** flapping / alerts with any change in the window, 0..1; null when there were none. */
  flapRate: number | null;
};

/**
 * Default N: more than 2 changes in an hour means the alert fired again within
 * the hour after it resolved - the pattern a `for: 5m` clause removes.
 */
export const DEFAULT_FLAP_THRESHOLD = 2;

/**
 * An alert (fingerprint) flaps when more than `threshold` of its state changes
 * fall inside one sliding hour of [from, to). The peak, not the average, decides:
 * ten flips in one bad hour of a quiet week is flapping. The flap rate's
 * denominator is every alert that changed state in the window.
 */
export function measureFlapping(changes: readonly StateChange[], window: { from: number; to: number }, threshold = DEFAULT_FLAP_THRESHOLD): FlapReport {
  const hours = Math.max(window.to - window.from, 0) / HOUR_MS;
  const byAlert = new Map<string, number[]>();
  for (const c of changes) {
    if (c.at < window.from || c.at >= window.to) continue;
    const list = byAlert.get(c.fingerprint) ?? [];
    list.push(c.at);
    byAlert.set(c.fingerprint, list);
  }
  const alerts = [...byAlert.entries()]
    .map(([fingerprint, times]) => {
      times.sort((a, b) => a - b);
      const peak = peakInAnHour(times);
      return { fingerprint, changes: times.length, changesPerHour: hours > 0 ? times.length / hours : 0, peakChangesInAnHour: peak, flapping: peak > threshold };
    })
    .sort((a, b) => b.peakChangesInAnHour - a.peakChangesInAnHour || a.fingerprint.localeCompare(b.fingerprint));
  const flapping = alerts.filter((a) => a.flapping).length;
  return { window, threshold, alerts, flapping, flapRate: alerts.length ? flapping / alerts.length : null };
}

function peakInAnHour(sorted: readonly number[]): number {
  let best = 0;
  for (let lo = 0, hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi]! - sorted[lo]! >= HOUR_MS) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}
