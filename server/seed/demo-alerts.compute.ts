import { createHash } from 'node:crypto';
import { DEMO_SLOS, demoAlertName, demoRunbookUrl, type DemoSlo } from './demo-slos.data';

// The demo's Alertmanager (docs/demo.md, "The alert loop"): which alerts fire at
// `now`, as Alertmanager v4 webhook payloads. `runwell serve --demo` posts them to
// its own /api/webhooks/alertmanager with an API token, so they take the real
// path: intake, service mapping, triage, pages, the pager and the inbox.
//
// Two sources:
//  - the simulator's burn episodes (the same windows that shape the demo's
//    Prometheus metrics and past incidents) fire the Sloth burn alerts of the
//    demo SLOs while they last;
//  - a few plain alerts on a fixed rhythm from the demo's start: one that pages
//    (a tier-1 service's pods crash-looping), one noisy and flapping, one slow
//    ticket-level alert, so Alerts, Alert quality and paging are never empty.

const MINUTE = 60_000;

export type DemoWindow = { kind: 'errors' | 'latency'; from: number; to: number };
export type DemoWindowSource = (job: string, fromMs: number, toMs: number) => DemoWindow[];

export type DemoAlert = {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
};

export type DemoPayload = {
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: DemoAlert[];
};

/** A plain alert that fires for `durationMin` every `periodMin`, the first time `offsetMin` after the demo started. */
export type Rhythm = { alertname: string; labels: Record<string, string>; annotations: Record<string, string>; offsetMin: number; durationMin: number; periodMin: number };

export const DEMO_RHYTHMS: readonly Rhythm[] = [
  {
    // Tier 1 and customer-visible: triage pages the payments on-call (P2).
    alertname: 'PaymentsApiPodsCrashLooping',
    labels: { service: 'payments-api', namespace: 'payments', severity: 'critical', team: 'payments' },
    annotations: {
      summary: 'payments-api pods are crash-looping',
      description: '3 of 6 payments-api pods restarted more than 5 times in 10 minutes; card payments fail intermittently.',
      // Crash-looping pods answer 5xx: the payments-api error-rate runbook applies.
      runbook_url: demoRunbookUrl(DEMO_SLOS.find((s) => s.service === 'payments-api')!, 'high-error-rate'),
    },
    offsetMin: 1,
    durationMin: 25,
    periodMin: 90,
  },
  {
    // Noisy on purpose: 2 minutes on, 2 off. Alert quality flags it and triage stops paging for it.
    alertname: 'CartServiceReadinessProbeFailing',
    labels: { service: 'cart-service', namespace: 'checkout', severity: 'warning', team: 'checkout' },
    annotations: {
      summary: 'cart-service readiness probe fails on one pod',
      description: 'The readiness probe times out at 1 s while the pod warms its cache. A `for: 5m` clause would stop the flapping.',
    },
    offsetMin: 0,
    durationMin: 2,
    periodMin: 4,
  },
  {
    // Internal and slow: a business-hours ticket, never a page.
    alertname: 'SearchIndexerLagHigh',
    labels: { service: 'search-indexer', namespace: 'search', severity: 'warning', team: 'search' },
    annotations: {
      summary: 'The search index is more than 30 minutes behind the catalog',
      description: 'New products take longer to appear in search. Nothing customers pay through is affected.',
    },
    offsetMin: 3,
    durationMin: 40,
    periodMin: 120,
  },
];

const iso = (ms: number) => new Date(ms).toISOString();
/** Go's zero time: Alertmanager's endsAt of an alert that has not ended. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

/** Alertmanager fingerprints the label set; so do we (stable across restarts of the demo). */
export function fingerprintOf(labels: Record<string, string>): string {
  const text = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join('\u0000');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function alert(labels: Record<string, string>, annotations: Record<string, string>, from: number, to: number, now: number): DemoAlert {
  const firing = now < to;
  return {
    status: firing ? 'firing' : 'resolved',
    labels,
    annotations,
    startsAt: iso(from),
    endsAt: firing ? ZERO_TIME : iso(to),
    generatorURL: '',
    fingerprint: fingerprintOf(labels),
  };
}

/**
 * The latest episode of a rhythm that has started by `now`, if it is firing or
 * ended less than `resolvedForMs` ago (Alertmanager sends the resolution, then
 * forgets the alert).
 */
export function rhythmAlert(r: Rhythm, startedAt: number, now: number, resolvedForMs = 10 * MINUTE): DemoAlert | null {
  const first = startedAt + r.offsetMin * MINUTE;
  if (now < first) return null;
  const k = Math.floor((now - first) / (r.periodMin * MINUTE));
  const from = first + k * r.periodMin * MINUTE;
  const to = from + r.durationMin * MINUTE;
  if (now >= to + resolvedForMs) return null;
  return alert({ alertname: r.alertname, ...r.labels }, r.annotations, from, to, now);
}

/** Sloth's page (availability) or ticket (latency) burn alert for one burn episode of a demo SLO. */
export function burnAlert(slo: DemoSlo, w: DemoWindow, now: number): DemoAlert | null {
  const kind = w.kind === 'errors' ? 'availability' : 'latency';
  if (kind === 'latency' && slo.latency === undefined) return null;
  const severity = kind === 'availability' ? 'page' : 'ticket';
  const sloName = `requests-${kind}`;
  const labels = {
    alertname: demoAlertName(slo.service, kind),
    sloth_id: `${slo.service}-${sloName}`,
    sloth_service: slo.service,
    sloth_slo: sloName,
    sloth_severity: severity,
    severity: severity === 'page' ? 'critical' : 'warning',
    team: slo.team,
  };
  const annotations = {
    title: `(${severity}) ${slo.service} ${sloName} SLO error budget burn rate is too fast.`,
    summary: `${slo.service} is burning its ${sloName} error budget too fast`,
    runbook_url: demoRunbookUrl(slo, kind === 'availability' ? 'high-error-rate' : 'high-latency'),
  };
  // Sloth's fast window (5 m) needs a couple of minutes of bad events to cross its threshold.
  return alert(labels, annotations, w.from + 2 * MINUTE, w.to, now);
}

/** Every demo alert to send at `now` (firing, or recently resolved). */
export function demoAlertsAt(now: number, startedAt: number, windows: DemoWindowSource, resolvedForMs = 10 * MINUTE): DemoAlert[] {
  const out: DemoAlert[] = [];
  for (const slo of DEMO_SLOS) {
    for (const w of windows(slo.service, now - resolvedForMs, now)) {
      if (w.from + 2 * MINUTE > now) continue;
      const a = burnAlert(slo, w, now);
      if (a) out.push(a);
    }
  }
  for (const r of DEMO_RHYTHMS) {
    const a = rhythmAlert(r, startedAt, now, resolvedForMs);
    if (a) out.push(a);
  }
  return out;
}

/** Alertmanager's grouping by alertname (Falco events, which have none, by source and rule): one webhook call per group. */
export function demoPayloads(alerts: readonly DemoAlert[], receiver = 'runwell-demo'): DemoPayload[] {
  const groupOf = (a: DemoAlert): Record<string, string> => (a.labels.alertname !== undefined ? { alertname: a.labels.alertname } : { source: a.labels.source ?? '', rule: a.labels.rule ?? '' });
  const groups = new Map<string, DemoAlert[]>();
  for (const a of alerts) {
    const key = JSON.stringify(groupOf(a));
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  return [...groups.values()].map((list) => {
    const groupLabels = groupOf(list[0]!);
    const common = (pick: (a: DemoAlert) => Record<string, string>) =>
      Object.fromEntries(Object.entries(pick(list[0]!)).filter(([k, v]) => list.every((a) => pick(a)[k] === v)));
    return {
      version: '4',
      groupKey: `{}/{}:{${Object.entries(groupLabels).map(([k, v]) => `${k}="${v}"`).join(', ')}}`,
      truncatedAlerts: 0,
      status: list.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
      receiver,
      groupLabels,
      commonLabels: common((a) => a.labels),
      commonAnnotations: common((a) => a.annotations),
      externalURL: 'http://demo-alertmanager.runwell.local',
      alerts: list,
    };
  });
}
