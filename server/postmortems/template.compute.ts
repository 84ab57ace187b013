import { emptySections } from './postmortems.compute';
import { SECTIONS, SECTION_KEYS, type SectionKey, type Sections } from './postmortems.schema';
import { factsOf, iso, minutes, type Facts, type PrefillInput } from './prefill.compute';

// The organisation's post-mortem template (docs/postmortems.md, "Template"):
// each section's first text is Markdown with {{placeholders}} filled from what
// Runwell knows about the incident. Pure: the settings page renders its live
// preview with the same functions the server uses for a new draft.

/** inline: one line of text, Markdown-escaped. block: whole lines of Markdown (lists, tables); a line holding only an empty block disappears. */
export type PlaceholderKind = 'inline' | 'block';
type Ctx = { input: PrefillInput; facts: Facts };
type Placeholder = { name: string; kind: PlaceholderKind; description: string; value: (c: Ctx) => string };

/** Characters that would turn a value into Markdown syntax (emphasis, links, tables, HTML, headings). */
export function escapeMarkdown(value: string): string {
  return value.replace(/\s*\n+\s*/g, ' ').replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`);
}
const esc = escapeMarkdown;
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function budgetBlock({ facts }: Ctx): string {
  if (!facts.budget.length) return '- Error budget: no SLO with data covers the affected services.';
  const out = ['| SLO | Budget consumed | Minutes | Left after |', '| --- | ---: | ---: | ---: |'];
  for (const b of facts.budget) {
    out.push(b.dataState === 'no-data' ? `| ${cell(b.slo)} | no data | — | — |` : `| ${cell(b.slo)} | ${b.consumedPercent.toFixed(1)} % | ${b.consumedMinutes.toFixed(1)} of ${b.totalMinutes.toFixed(1)} min | ${b.remainingPercentAfter.toFixed(1)} % |`);
  }
  if (facts.exhaustedSlos.length) out.push('', `Error budget exhausted: ${facts.exhaustedSlos.map(esc).join(', ')} (budget policy: post-mortem mandatory, SLO review within 1 week).`);
  return out.join('\n');
}

function firstAlert({ facts }: Ctx): string {
  const first = facts.alerts[0];
  if (!first) return 'No alert was linked: it was declared by hand.';
  const n = facts.alertCount;
  return `First alert: ${esc(first.alertname)}${first.service ? ` on ${esc(first.service)}` : ''} at ${iso(first.firstAt)}; ${n} alert firing${n === 1 ? '' : 's'} in ${facts.alerts.length} alert name${facts.alerts.length === 1 ? '' : 's'}.`;
}

const alertLines = ({ facts }: Ctx) => facts.alerts.slice(0, 20).map((a) => `- **${iso(a.firstAt)}** alert: ${esc(a.alertname)}${a.service ? ` (${esc(a.service)})` : ''} fired${a.count > 1 ? ` ${a.count} times until ${iso(a.lastAt)}` : ''}`);

function timelineBlock(c: Ctx): string {
  const { facts } = c;
  const lines = facts.timeline.map((e) => `- ${e.pinned ? '📌 ' : ''}**${iso(e.at)}** ${e.kind}: ${e.text.replace(/\n+/g, ' ')}${e.authorLabel ? ` — ${e.authorLabel}` : ''}`);
  const alerts = alertLines(c);
  return [
    ...lines,
    ...(alerts.length ? ['', 'Alerts:', ...alerts] : []),
    ...(facts.timelineOmitted > 0 ? ['', `${facts.timelineOmitted} more entries (alerts and older notes) are on the incident page.`] : []),
  ].join('\n');
}

function changesBlock({ facts }: Ctx): string {
  if (!facts.changes.length) return '';
  const cause = { confirmed: ' **confirmed cause**', suspected: ' suspected cause' } as const;
  return ['Changes to the affected services in the 24 h before impact:', ...facts.changes.map((ch) => `- **${iso(ch.at)}** change: [${esc(ch.title)}](${ch.href}) (${ch.tier}, ${ch.status.replace('_', ' ')}; ${ch.services.map(esc).join(', ')})${ch.cause ? cause[ch.cause] : ''}`)].join('\n');
}

const time = (key: keyof PrefillInput['incident']['times']) => (c: Ctx) => iso(c.input.incident.times[key]);

/** Every placeholder a template may use. Names are case-sensitive. */
export const PLACEHOLDERS: readonly Placeholder[] = [
  { name: 'incident.number', kind: 'inline', description: 'The incident number', value: (c) => String(c.input.incident.number) },
  { name: 'incident.title', kind: 'inline', description: 'The incident title', value: (c) => esc(c.input.incident.title) },
  { name: 'incident.severity', kind: 'inline', description: 'P1, P2 or P3', value: (c) => c.input.incident.severity },
  { name: 'incident.services', kind: 'inline', description: 'Affected services, comma-separated', value: (c) => (c.input.incident.services.length ? c.input.incident.services.map(esc).join(', ') : 'none linked') },
  { name: 'incident.team', kind: 'inline', description: 'The owning team', value: (c) => (c.input.incident.team ? esc(c.input.incident.team) : 'no team') },
  {
    name: 'incident.summary',
    kind: 'inline',
    description: "The incident's summary as written (Markdown), or a one-line summary",
    value: ({ input: { incident: i } }) => i.summary.trim() || `${i.severity} incident #${i.number}: ${esc(i.title)}.`,
  },
  { name: 'incident.started', kind: 'inline', description: 'When impact started (UTC)', value: time('startedAt') },
  { name: 'incident.detected', kind: 'inline', description: 'When it was detected', value: time('detectedAt') },
  { name: 'incident.acknowledged', kind: 'inline', description: 'When it was acknowledged', value: time('acknowledgedAt') },
  { name: 'incident.identified', kind: 'inline', description: 'When the cause was identified', value: time('identifiedAt') },
  { name: 'incident.mitigated', kind: 'inline', description: 'When it was mitigated', value: time('mitigatedAt') },
  { name: 'incident.resolved', kind: 'inline', description: 'When it was resolved', value: time('resolvedAt') },
  { name: 'mttd', kind: 'inline', description: 'Time to detect', value: (c) => minutes(c.facts.durations.mttd) },
  { name: 'mtta', kind: 'inline', description: 'Time to acknowledge', value: (c) => minutes(c.facts.durations.mtta) },
  { name: 'mttr', kind: 'inline', description: 'Time to resolve (duration of impact)', value: (c) => minutes(c.facts.durations.mttr) },
  { name: 'alerts.count', kind: 'inline', description: 'Alert firings linked to the incident', value: (c) => String(c.facts.alertCount) },
  { name: 'alerts.first', kind: 'inline', description: 'A sentence naming the first alert and the counts', value: firstAlert },
  { name: 'budget.exhausted', kind: 'inline', description: 'SLOs whose budget the incident exhausted, or "none"', value: (c) => (c.facts.exhaustedSlos.length ? c.facts.exhaustedSlos.map(esc).join(', ') : 'none') },
  { name: 'impact.budget', kind: 'block', description: 'Error budget consumed per SLO (table)', value: budgetBlock },
  { name: 'roles', kind: 'block', description: 'Incident roles and who held them (list)', value: (c) => c.facts.roles.map((r) => `- ${esc(r.role)}: ${r.name ? esc(r.name) : 'nobody'}`).join('\n') },
  { name: 'runbooks', kind: 'block', description: 'Runbooks of the alerts (list; empty when none)', value: (c) => (c.facts.runbooks.length ? ['Runbooks used:', ...c.facts.runbooks.map((r) => `- [${esc(r.title)}](${r.href})`)].join('\n') : '') },
  { name: 'alerts', kind: 'block', description: 'Alerts per alert name (list; empty when none)', value: (c) => alertLines(c).join('\n') },
  { name: 'changes', kind: 'block', description: 'Changes to the services in the 24 h before impact (list; empty when none)', value: changesBlock },
  { name: 'timeline', kind: 'block', description: 'The timeline: pinned entries first, then the rest and the alerts', value: timelineBlock },
];
const BY_NAME = new Map(PLACEHOLDERS.map((p) => [p.name, p]));

/** Built-in template: what the pre-fill wrote before templates were editable. Sections left empty are for people to write. */
export const DEFAULT_TEMPLATE: Sections = {
  ...emptySections(),
  summary: '{{incident.summary}}',
  impact: '- Severity: {{incident.severity}}\n- Services: {{incident.services}}\n- Duration of impact (MTTR): {{mttr}}\n\n{{impact.budget}}',
  detection: '- Impact started {{incident.started}}; detected {{incident.detected}} (MTTD {{mttd}}).\n- {{alerts.first}}',
  response: '{{roles}}\n- Acknowledged {{incident.acknowledged}} (MTTA {{mtta}}); mitigated {{incident.mitigated}}; resolved {{incident.resolved}}.\n\n{{runbooks}}',
  timeline: '{{changes}}\n\n{{timeline}}',
};

const TOKEN = /\{\{([^{}]*)\}\}/g;
const NAME = /^\s*([A-Za-z][\w.]*)\s*$/;

export type TemplateIssue = { section: SectionKey; message: string };

/** Unknown or malformed placeholders, each naming the placeholder and the section. */
export function templateIssues(template: Partial<Record<SectionKey, string>>): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  for (const s of SECTIONS) {
    const body = template[s.key];
    if (!body) continue;
    for (const m of body.matchAll(TOKEN)) {
      const name = NAME.exec(m[1]!)?.[1];
      if (!name) issues.push({ section: s.key, message: `"${m[0]}" in section "${s.title}" is not a placeholder name` });
      else if (!BY_NAME.has(name)) issues.push({ section: s.key, message: `unknown placeholder {{${name}}} in section "${s.title}"` });
    }
    const rest = body.replace(TOKEN, '');
    if (rest.includes('{{')) issues.push({ section: s.key, message: `"{{" without a closing "}}" in section "${s.title}"` });
  }
  return issues;
}

/** One section's body with its placeholders filled. Unknown ones stay as written; values are never scanned again. */
export function renderBody(body: string, c: Ctx): string {
  const value = (name: string) => BY_NAME.get(name)?.value(c);
  const lines: string[] = [];
  for (const line of body.split('\n')) {
    const only = /^\s*\{\{([^{}]*)\}\}\s*$/.exec(line);
    const name = only ? NAME.exec(only[1]!)?.[1] : undefined;
    // A line holding only a placeholder that renders nothing goes, so an empty list leaves no gap.
    if (name && value(name) === '') continue;
    lines.push(line.replace(TOKEN, (whole, inner: string) => {
      const n = NAME.exec(inner)?.[1];
      const v = n ? value(n) : undefined;
      return v === undefined ? whole : v;
    }));
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** Every section of a new draft. A section the template leaves empty (or that renders to nothing) is empty. */
export function renderTemplate(template: Sections, input: PrefillInput, facts: Facts = factsOf(input)): Sections {
  const out = emptySections();
  for (const k of SECTION_KEYS) out[k] = template[k].trim() ? renderBody(template[k], { input, facts }) : '';
  return out;
}

/** The first text of each section of a new draft: the built-in template unless the organisation's is given. */
export function prefillSections(input: PrefillInput, facts: Facts = factsOf(input), template: Sections = DEFAULT_TEMPLATE): Sections {
  return renderTemplate(template, input, facts);
}

/** A stored template (sections may be missing: they fall back to the built-in text). */
export function templateFrom(stored: unknown): Sections {
  const out = { ...DEFAULT_TEMPLATE };
  if (stored && typeof stored === 'object') for (const k of SECTION_KEYS) if (typeof (stored as Record<string, unknown>)[k] === 'string') out[k] = (stored as Record<string, string>)[k]!;
  return out;
}

/** The sample incident the settings page previews a template against. */
export const SAMPLE_INCIDENT: PrefillInput = (() => {
  const t0 = Date.UTC(2026, 0, 14, 9, 12);
  const m = 60_000;
  return {
    incident: {
      number: 128,
      title: 'Checkout returns 5xx after cart_client 2.4',
      summary: '',
      severity: 'P2',
      services: ['Checkout web', 'Cart API'],
      team: 'Shop',
      roles: { 'Incident commander': 'Carol Diaz', 'Communications lead': 'Dan Ito', Scribe: null },
      times: { startedAt: t0, detectedAt: t0 + 3 * m, acknowledgedAt: t0 + 6 * m, identifiedAt: t0 + 21 * m, mitigatedAt: t0 + 38 * m, resolvedAt: t0 + 52 * m, closedAt: null },
    },
    budget: [
      { slo: 'checkout-web/availability', consumedMinutes: 14.2, consumedPercent: 32.9, totalMinutes: 43.2, remainingPercentAfter: 41.5, dataState: 'ok' },
      { slo: 'cart-api/latency', consumedMinutes: 47.5, consumedPercent: 110, totalMinutes: 43.2, remainingPercentAfter: -4.2, dataState: 'ok' },
    ],
    timeline: [
      { at: t0 + 4 * m, kind: 'status', text: 'Declared P2', pinned: false, authorLabel: 'Carol Diaz' },
      { at: t0 + 21 * m, kind: 'note', text: 'Errors began with the cart_client 2.4 rollout', pinned: true, authorLabel: 'Dan Ito' },
      { at: t0 + 38 * m, kind: 'status', text: 'Identified → Mitigated (rolled back to 2.3)', pinned: false, authorLabel: 'Carol Diaz' },
    ],
    alerts: [{ alertname: 'CheckoutErrorBudgetBurn', service: 'Checkout web', count: 4, firstAt: t0 + 3 * m, lastAt: t0 + 30 * m }],
    runbooks: [{ title: 'Checkout errors', href: '/runbooks/sample' }],
    changes: [{ title: 'cart_client 2.4', tier: 'T2', status: 'succeeded', at: t0 - 40 * m, services: ['Cart API'], href: '/changes/sample', cause: 'confirmed' }],
  };
})();
