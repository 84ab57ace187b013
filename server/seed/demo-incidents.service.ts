import type { RequestContext } from '../lib/request-context';
import { listServices } from '../catalog/catalog.service';
import { addNote, declareIncident, listIncidents, transition } from '../incidents/incidents.service';
import { listUsers } from '../users/users.service';
import { DEMO_USERS } from './demo.data';

const MIN = 60_000;
const DAY = 86_400_000;

type Step = { afterMin: number; kind: 'note' | 'state'; text?: string; to?: 'investigating' | 'identified' | 'mitigated' | 'resolved' };

type DemoIncident = { title: string; severity: 'P1' | 'P2' | 'P3'; service: string; summary: string; steps: Step[] };

// minAgeDays: the payments one ended long enough ago for its post-mortem (seeded as a draft) to be overdue.
const INCIDENTS: Array<DemoIncident & { job: string; kind: 'errors' | 'latency'; fallbackDaysAgo: number; minAgeDays?: number }> = [
  {
    title: 'Checkout web returning 5xx',
    severity: 'P2',
    service: 'checkout-web',
    job: 'checkout-web',
    kind: 'errors',
    fallbackDaysAgo: 3,
    summary: 'A share of checkout page requests failed with 500/503 after a config change to the cart client timeout.',
    steps: [
      { afterMin: 2, kind: 'state', to: 'investigating' },
      { afterMin: 6, kind: 'note', text: '5xx mostly 500 from the /checkout/confirm handler; the cart client times out after 200 ms.' },
      { afterMin: 14, kind: 'state', to: 'identified' },
      { afterMin: 15, kind: 'note', text: 'Cause: the cart-service client timeout was lowered in the last release. Rolling back.' },
      { afterMin: -1, kind: 'state', to: 'mitigated' },
      { afterMin: -1 + 20, kind: 'state', to: 'resolved' },
    ],
  },
  {
    title: 'Payments API latency regression',
    severity: 'P3',
    service: 'payments-api',
    job: 'payments-api',
    kind: 'latency',
    fallbackDaysAgo: 9,
    minAgeDays: 3,
    summary: 'p99 latency of card authorisation rose several-fold; a missing index on the new payout lookup.',
    steps: [
      { afterMin: 10, kind: 'state', to: 'investigating' },
      { afterMin: 25, kind: 'note', text: 'CPU throttling normal; database time per request tripled.' },
      { afterMin: 40, kind: 'state', to: 'identified' },
      { afterMin: -1, kind: 'state', to: 'mitigated' },
      { afterMin: -1 + 30, kind: 'state', to: 'resolved' },
    ],
  },
];

/** A window in which the demo metrics of one job (service) show an incident. */
type IncidentWindow = { kind: 'errors' | 'latency'; from: number; to: number };

/**
 * Where the metrics behind the demo data source had their incidents. The product
 * owns this seam; the CLI entry point that starts the simulator injects the
 * simulator's answer (server/ never imports simulator/). Without a source the
 * incidents take fixed past slots.
 */
export type IncidentWindowSource = (job: string, fromMs: number, toMs: number) => IncidentWindow[];

/**
 * Two resolved incidents with timelines, placed on the metrics' own incident
 * windows so the SLO timelines and the incident history agree.
 * Through the incident service with its `now` set to each step's time.
 */
export async function seedDemoIncidents(ctx: RequestContext, windows: IncidentWindowSource | undefined, now = Date.now()): Promise<string[]> {
  const existing = new Set((await listIncidents(ctx, { state: 'all' })).map((i) => i.title));
  const services = new Map((await listServices(ctx)).map((s) => [s.slug, s.id]));
  const commander = (await listUsers(ctx)).find((u) => u.email === DEMO_USERS.find((d) => d.key === 'commander')!.email && !u.disabled);
  const created: string[] = [];
  for (const demo of INCIDENTS) {
    const serviceId = services.get(demo.service);
    if (existing.has(demo.title) || !serviceId) continue;
    // The latest simulated incident of that kind that ended over a day ago, else a fixed past slot.
    const window = (windows?.(demo.job, now - 28 * DAY, now - DAY) ?? [])
      .filter((i) => i.kind === demo.kind && i.to < now - (demo.minAgeDays ?? 1) * DAY)
      .sort((a, b) => b.from - a.from)[0] ?? { from: now - demo.fallbackDaysAgo * DAY, to: now - demo.fallbackDaysAgo * DAY + 90 * MIN };
    const declaredAt = window.from + 4 * MIN;
    const incident = await declareIncident(ctx, { title: demo.title, severity: demo.severity, summary: demo.summary, serviceIds: [serviceId], startedAt: new Date(window.from), commanderId: commander?.id ?? null }, declaredAt);
    let last = declaredAt;
    for (const step of demo.steps) {
      // Negative offsets count from the end of the simulated window (mitigation = metrics recover);
      // a short window still keeps the steps in order.
      const at = Math.max(step.afterMin < 0 ? window.to + (step.afterMin + 1) * MIN : declaredAt + step.afterMin * MIN, last + MIN);
      last = at;
      if (step.kind === 'note') await addNote(ctx, { id: incident.id, text: step.text! }, at);
      else await transition(ctx, { id: incident.id, to: step.to! }, at);
    }
    created.push(demo.title);
  }
  return created;
}
