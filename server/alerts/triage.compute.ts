import type { ServiceTier } from '../catalog/catalog.schema';
import { DEFAULT_BUSINESS_HOURS, type BusinessHours } from '../oncall/oncall.schema';
import { describeLocal, describeWindow, isWithinWindow, nextDayWindowStart, nextWindowStart } from '../oncall/time-window.compute';
import { policyFor } from '../slo/slo-policy.compute';

// The product spec's On-Call Alert Triage Flow as a pure function
// (docs/incidents.md, "Triage"):
//
//   Is SLO burning?
//   ├─ Yes → error budget < 10 % → P1: wake secondary + escalate
//   │        error budget < 50 % → P2: respond within 30 min
//   │        otherwise           → P3: next business day
//   └─ No  → customer-visible?  → Yes: P2
//                                 No: investigate during business hours; silence if noisy
//
// Every step adds a sentence to `steps`, so the page shows why it got its priority.

const MINUTE_MS = 60_000;
const P2_RESPONSE_MINUTES = 30;

type TriagePriority = 'P1' | 'P2' | 'P3' | 'business-hours';

type TriageBranch =
  | 'slo-budget-critical' // burning, < 10 % left
  | 'slo-budget-low' // burning, < 50 % left
  | 'slo-budget-healthy' // burning, >= 50 % left
  | 'slo-budget-unknown' // burning, no budget figure
  | 'customer-visible'
  | 'internal';

type NoiseStats = {
  /** From measureFlapping: the alert changed state more than N times in an hour. */
  flapping: boolean;
  peakChangesInAnHour?: number;
  /** Pages this alert caused recently, and how many of them were actionable. */
  recentPages?: number;
  actionablePages?: number;
};

export type TriageInput = {
  alert: { labels: Record<string, string>; annotations: Record<string, string> };
  /** The service the alert maps to (mapAlertToService), with its tier; null when unmapped. */
  service: { slug: string; tier: ServiceTier } | null;
  /**
   * Budget left for the burning SLO (budgetForAlert): the SLO the alert names,
   * or the service's worst SLO when it names none; 'unknown' until SLO data is
   * stored for it.
   */
  budget: AlertBudget;
  /** The owning team's business hours (with its time zone); null = not set. */
  businessHours: BusinessHours | null;
  noise?: NoiseStats | null;
  now: number;
};

/** `basis` says which SLO the figure is for; absent = a caller-chosen SLO (tests, older rows). */
export type AlertBudget = { remainingPercent: number; slo?: string; basis?: 'named' | 'worst' } | 'unknown';

type TriageAction =
  | { kind: 'page'; who: 'primary' | 'secondary'; text: string }
  | { kind: 'escalate'; text: string }
  | { kind: 'respond'; by: number; text: string }
  | { kind: 'ticket'; from: number | null; text: string }
  | { kind: 'investigate'; from: number | null; text: string }
  | { kind: 'silence-candidate'; text: string };

type TriageStep = { question: string; answer: string; because: string };

export type TriageDecision = {
  priority: TriagePriority;
  branch: TriageBranch;
  actions: TriageAction[];
  steps: TriageStep[];
  /** Steps as sentences, in order. */
  reasons: string[];
  slo: string | null;
  budgetUnknown: boolean;
  silenceCandidate: boolean;
};

/** Thresholds for "noisy" (docs/incidents.md): flapping, or mostly non-actionable pages. */
const NOISE = { minPages: 5, actionableBelow: 0.6 } as const;

export function triageAlert(input: TriageInput): TriageDecision {
  const steps: TriageStep[] = [];
  const burn = sloBurnSignal(input.alert.labels);
  steps.push({
    question: 'Is an SLO burning?',
    answer: burn.burning ? 'yes' : 'no',
    because: burn.evidence,
  });
  const hours = input.businessHours ?? DEFAULT_BUSINESS_HOURS;
  const hoursNote = input.businessHours ? '' : ' (the team has no business hours set; using the default)';

  if (burn.burning) {
    const named = input.budget !== 'unknown' && input.budget.basis === 'named' ? input.budget.slo : undefined;
    const slo = named ?? burn.slo ?? (input.budget !== 'unknown' ? (input.budget.slo ?? null) : null);
    const sloName = slo ? `SLO ${slo}` : 'the SLO';
    if (input.budget === 'unknown') {
      steps.push({
        question: 'How much error budget is left?',
        answer: 'unknown',
        because: `no budget figure is stored for ${sloName}${burn.slo ? ' (the SLO this alert names)' : ''} yet, so P1 (< 10 %) cannot be told from P3 (>= 50 %); treated as P2 until the budget is known`,
      });
      return finish('P2', 'slo-budget-unknown', p2Actions(input.now), steps, { slo, budgetUnknown: true });
    }
    const left = roundPercent(input.budget.remainingPercent);
    const policy = policyFor(left);
    const budgetText = `${formatPercent(left)} of the error budget of ${budgetSloName(input.budget, sloName)} is left (budget policy: ${policy.band}, ${policy.action})`;
    if (left < 10) {
      steps.push({ question: 'Is the error budget below 10 %?', answer: 'yes', because: budgetText });
      return finish('P1', 'slo-budget-critical', p1Actions(), steps, { slo });
    }
    steps.push({ question: 'Is the error budget below 10 %?', answer: 'no', because: budgetText });
    if (left < 50) {
      steps.push({ question: 'Is the error budget below 50 %?', answer: 'yes', because: `${formatPercent(left)} < 50 %` });
      return finish('P2', 'slo-budget-low', p2Actions(input.now), steps, { slo });
    }
    steps.push({ question: 'Is the error budget below 50 %?', answer: 'no', because: `${formatPercent(left)} >= 50 %: the budget can absorb this burn for now` });
    const from = nextDayWindowStart(hours, hours.timeZone, input.now);
    steps.push({
      question: 'When?',
      answer: 'next business day',
      because: `business hours ${describeWindow(hours)} ${hours.timeZone}${hoursNote}; the next business day starts ${when(from, hours.timeZone)}`,
    });
    return finish('P3', 'slo-budget-healthy', [{ kind: 'ticket', from, text: `Open a ticket for the next business day (${when(from, hours.timeZone)})` }], steps, { slo });
  }

  const visible = customerVisibility(input);
  steps.push({ question: 'Is it customer-visible?', answer: visible.visible ? 'yes' : 'no', because: visible.because });
  if (visible.visible) return finish('P2', 'customer-visible', p2Actions(input.now), steps, { slo: null });

  const within = isWithinWindow(hours, hours.timeZone, input.now);
  const from = within ? input.now : nextWindowStart(hours, hours.timeZone, input.now);
  steps.push({
    question: 'Is it business hours?',
    answer: within ? 'yes' : 'no',
    because: `it is ${describeLocal(input.now, hours.timeZone)}; business hours are ${describeWindow(hours)}${hoursNote}${within ? '' : `; they open ${when(from, hours.timeZone)}`}`,
  });
  const actions: TriageAction[] = [
    { kind: 'investigate', from, text: within ? 'Investigate now (within business hours); do not page' : `Investigate when business hours open (${when(from, hours.timeZone)}); do not page` },
  ];
  const noisy = noisiness(input.noise ?? null);
  steps.push({ question: 'Is it noisy?', answer: noisy.noisy ? 'yes' : 'no', because: noisy.because });
  if (noisy.noisy) actions.push({ kind: 'silence-candidate', text: `Silence or tune this alert: ${noisy.because}` });
  return finish('business-hours', 'internal', actions, steps, { slo: null, silenceCandidate: noisy.noisy });
}

function finish(
  priority: TriagePriority,
  branch: TriageBranch,
  actions: TriageAction[],
  steps: TriageStep[],
  extra: { slo: string | null; budgetUnknown?: boolean; silenceCandidate?: boolean },
): TriageDecision {
  const all = [...steps, { question: 'Priority', answer: priority, because: PRIORITY_MEANING[priority] }];
  return {
    priority,
    branch,
    actions,
    steps: all,
    reasons: all.map((s) => `${s.question} ${s.answer}: ${s.because}`),
    slo: extra.slo,
    budgetUnknown: extra.budgetUnknown ?? false,
    silenceCandidate: extra.silenceCandidate ?? false,
  };
}

const PRIORITY_MEANING: Record<TriagePriority, string> = {
  P1: 'wake the secondary and escalate',
  P2: `respond within ${P2_RESPONSE_MINUTES} min`,
  P3: 'handle on the next business day',
  'business-hours': 'investigate during business hours; silence if noisy',
};

function p1Actions(): TriageAction[] {
  return [
    { kind: 'page', who: 'primary', text: 'Page the primary on-call' },
    { kind: 'page', who: 'secondary', text: 'Wake the secondary on-call' },
    { kind: 'escalate', text: 'Start the escalation policy (team lead, then VP) until acknowledged' },
  ];
}

function p2Actions(now: number): TriageAction[] {
  return [
    { kind: 'page', who: 'primary', text: 'Page the primary on-call' },
    { kind: 'respond', by: now + P2_RESPONSE_MINUTES * MINUTE_MS, text: `Respond within ${P2_RESPONSE_MINUTES} min` },
  ];
}

function budgetSloName(budget: Exclude<AlertBudget, 'unknown'>, fallback: string): string {
  const name = budget.slo ? `SLO ${budget.slo}` : fallback;
  if (budget.basis === 'named') return `${name} (the SLO this alert names)`;
  if (budget.basis === 'worst') return `${name} (the service's worst SLO: the alert names none)`;
  return name;
}

// ---------------------------------------------------------------------------
// Which SLO's budget an alert is about

export type SloBudget = { slo: string; remainingPercent: number };

/**
 * The SLO a burn alert names, among SLOs known as "service/name": Sloth's
 * sloth_service + sloth_slo give the full name; sloth_id is "service-name";
 * a bare name is looked up on the alert's own service.
 */
function findNamedSlo(named: string, serviceSlug: string | null, candidates: readonly SloBudget[]): SloBudget | null {
  const exact = candidates.find((c) => c.slo === named) ?? (serviceSlug ? candidates.find((c) => c.slo === `${serviceSlug}/${named}`) : undefined);
  if (exact) return exact;
  const asId = candidates.find((c) => c.slo.replace('/', '-') === named);
  if (asId) return asId;
  const byName = candidates.filter((c) => c.slo.slice(c.slo.indexOf('/') + 1) === named);
  return byName.length === 1 ? byName[0]! : null;
}

/**
 * The budget triage reads: the SLO the alert names when it names one (never
 * another SLO's figure: a healthy latency SLO must not be paged as P1 because
 * availability is low), the service's worst SLO only when it names none.
 * `serviceSlos` are the alert's service's SLOs with data, `allSlos` every SLO
 * with data (an alert may name an SLO of another service than it maps to).
 */
export function budgetForAlert(labels: Record<string, string>, serviceSlug: string | null, serviceSlos: readonly SloBudget[], allSlos: readonly SloBudget[] = serviceSlos): AlertBudget {
  const burn = sloBurnSignal(labels);
  if (burn.slo) {
    const found = findNamedSlo(burn.slo, serviceSlug, serviceSlos) ?? findNamedSlo(burn.slo, serviceSlug, allSlos);
    return found ? { remainingPercent: found.remainingPercent, slo: found.slo, basis: 'named' } : 'unknown';
  }
  let worst: SloBudget | null = null;
  for (const s of serviceSlos) if (!worst || s.remainingPercent < worst.remainingPercent) worst = s;
  return worst ? { remainingPercent: worst.remainingPercent, slo: worst.slo, basis: 'worst' } : 'unknown';
}

// ---------------------------------------------------------------------------
// Recognising SLO burn alerts

export type SloBurnSignal = { burning: boolean; slo: string | null; severity: string | null; evidence: string };

/**
 * Whether an alert is an SLO burn-rate alert, from its labels: Sloth and Runwell
 * put `sloth_slo`, `sloth_id`, `sloth_service` and `sloth_severity` (page|ticket)
 * on their alerts; Pyrra and hand-written rules commonly use `slo`. Runwell's
 * default alert name ends in ErrorBudgetBurn.
 */
export function sloBurnSignal(labels: Record<string, string>): SloBurnSignal {
  const severity = labels.sloth_severity ?? null;
  const sev = severity ? `, severity ${severity}` : '';
  if (labels.sloth_slo) {
    const slo = labels.sloth_service ? `${labels.sloth_service}/${labels.sloth_slo}` : labels.sloth_slo;
    return { burning: true, slo, severity, evidence: `sloth_slo="${labels.sloth_slo}": a Sloth/Runwell burn-rate alert for ${slo}${sev}` };
  }
  if (labels.sloth_id) return { burning: true, slo: labels.sloth_id, severity, evidence: `sloth_id="${labels.sloth_id}": a Sloth/Runwell burn-rate alert${sev}` };
  if (labels.slo) return { burning: true, slo: labels.slo, severity, evidence: `slo="${labels.slo}": an SLO alert` };
  if (severity) return { burning: true, slo: null, severity, evidence: `sloth_severity="${severity}": a Sloth/Runwell burn-rate alert` };
  if (/ErrorBudgetBurn$/.test(labels.alertname ?? '')) {
    return { burning: true, slo: null, severity, evidence: `alert ${labels.alertname} is named like a Runwell SLO burn alert` };
  }
  return { burning: false, slo: null, severity: null, evidence: 'no SLO labels (sloth_slo, sloth_id, slo, sloth_severity) and not named *ErrorBudgetBurn: a symptom or cause alert' };
}

// ---------------------------------------------------------------------------

const TRUE_RE = /^(true|yes|1)$/i;
const FALSE_RE = /^(false|no|0)$/i;

/**
 * An explicit customer_visible label (or annotation) wins over the tier, both
 * ways: the alert author knows that a batch job alert on a tier-1 service does
 * not reach customers. Without one, tier-1 services count as customer-visible.
 */
export function customerVisibility(input: Pick<TriageInput, 'alert' | 'service'>): { visible: boolean; because: string } {
  for (const [where, map] of [
    ['label', input.alert.labels],
    ['annotation', input.alert.annotations],
  ] as const) {
    const v = map.customer_visible?.trim();
    if (v && TRUE_RE.test(v)) return { visible: true, because: `the alert's customer_visible ${where} is "${v}"` };
    if (v && FALSE_RE.test(v)) return { visible: false, because: `the alert's customer_visible ${where} is "${v}"` };
  }
  if (!input.service) return { visible: false, because: 'no customer_visible label and the alert maps to no service' };
  if (input.service.tier === 'tier1') return { visible: true, because: `service ${input.service.slug} is tier 1 (customer-facing)` };
  return { visible: false, because: `no customer_visible label and service ${input.service.slug} is ${input.service.tier.replace('tier', 'tier ')}` };
}

function noisiness(noise: NoiseStats | null): { noisy: boolean; because: string } {
  if (!noise) return { noisy: false, because: 'no history for this alert yet' };
  if (noise.flapping) {
    const peak = noise.peakChangesInAnHour !== undefined ? ` (${noise.peakChangesInAnHour} state changes within an hour)` : '';
    return { noisy: true, because: `it flaps${peak}; a for: 5m clause usually fixes that` };
  }
  const pages = noise.recentPages ?? 0;
  const actionable = noise.actionablePages ?? 0;
  if (pages >= NOISE.minPages && actionable / pages < NOISE.actionableBelow) {
    return { noisy: true, because: `only ${actionable} of its last ${pages} pages were actionable (< ${NOISE.actionableBelow * 100} %)` };
  }
  return { noisy: false, because: pages ? `${actionable} of its last ${pages} pages were actionable and it does not flap` : 'it does not flap' };
}

// Float sums land a hair off round figures; decide at 1e-9 like the budget policy.
function roundPercent(p: number): number {
  return Math.round(p * 1e9) / 1e9;
}

function formatPercent(p: number): string {
  return `${Number(p.toFixed(2))} %`;
}

function when(t: number | null, timeZone: string): string {
  return t === null ? 'never (no business days configured)' : describeLocal(t, timeZone);
}
