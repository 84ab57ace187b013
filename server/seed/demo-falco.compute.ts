import { createHash } from 'node:crypto';
import type { DemoAlert } from './demo-alerts.compute';

// The demo's Falco events (docs/domains.md "Security hardening"), as
// Falcosidekick's Alertmanager output labels them: source="falco", rule,
// priority, severity, eventsource, hostname, the output fields and a `cluster`
// extra label; no alertname. Each event fires for a minute (Falcosidekick's
// `expiresafter: 60`), on a fixed rhythm from the demo's start, so the security
// page's Falco rate is never empty.

const MINUTE = 60_000;
const ZERO_TIME = '0001-01-01T00:00:00Z';

type FalcoRhythm = { rule: string; priority: string; severity: string; pod: string; namespace: string; output: string; offsetMin: number; periodMin: number };

export const DEMO_FALCO: readonly FalcoRhythm[] = [
  { rule: 'Terminal shell in container', priority: 'Notice', severity: 'information', pod: 'cart-service-6d8f9c7b5-q2x8k', namespace: 'checkout', output: 'A shell was spawned in a container with an attached terminal (user=root shell=bash container=cart-service)', offsetMin: 2, periodMin: 15 },
  { rule: 'Read sensitive file untrusted', priority: 'Warning', severity: 'warning', pod: 'fraud-scorer-7f6c5d9b8-z7m2n', namespace: 'payments', output: 'Sensitive file opened for reading by non-trusted program (file=/etc/shadow program=python3)', offsetMin: 5, periodMin: 45 },
  { rule: 'Drop and execute new binary in container', priority: 'Critical', severity: 'critical', pod: 'auth-service-5b7d9c6f4-k8p3r', namespace: 'identity', output: 'Executing binary not part of base image (proc=/tmp/x user=root container=auth-service)', offsetMin: 9, periodMin: 180 },
];

/** The Falco events firing at `now` or resolved within `resolvedForMs`, for a demo started at `startedAt`. */
export function falcoDemoAlerts(startedAt: number, now: number, cluster: string, resolvedForMs = 10 * MINUTE): DemoAlert[] {
  const out: DemoAlert[] = [];
  for (const r of DEMO_FALCO) {
    const first = startedAt + r.offsetMin * MINUTE;
    if (now < first) continue;
    const from = first + Math.floor((now - first) / (r.periodMin * MINUTE)) * r.periodMin * MINUTE;
    const to = from + MINUTE;
    if (now >= to + resolvedForMs) continue;
    const labels = { source: 'falco', rule: r.rule, priority: r.priority, severity: r.severity, eventsource: 'syscall', hostname: 'ip-10-0-1-12.eu-west-1.compute.internal', k8s_ns_name: r.namespace, k8s_pod_name: r.pod, cluster };
    out.push({
      status: now < to ? 'firing' : 'resolved',
      labels,
      annotations: { summary: r.rule, description: r.output, info: r.output },
      startsAt: new Date(from).toISOString(),
      endsAt: now < to ? ZERO_TIME : new Date(to).toISOString(),
      generatorURL: '',
      // Alertmanager fingerprints the label set; each event's start makes it its own instance.
      fingerprint: createHash('sha256').update(JSON.stringify(Object.entries(labels).sort())).digest('hex').slice(0, 16),
    });
  }
  return out;
}
