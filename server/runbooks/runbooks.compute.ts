import { formatPath } from '../lib/issues';
import {
  prometheusRuleSchema,
  ruleFileSchema,
  RUNBOOK_SECTIONS,
  RUNBOOK_SEVERITIES,
  SECTION_HEADINGS,
  type EscalationLine,
  type ParsedRunbook,
  type RunbookProblem,
  type RunbookSection,
  type RunbookSectionKey,
  type RunbookSeverity,
  type RunbookUrlFinding,
} from './runbooks.schema';

// Runbook parsing and the "every alert links a runbook" lint (docs/incidents.md,
// "Runbooks"). The spec: "No alert ships to production without a runbook URL in
// its annotation. Enforce this in CI."

const HEADING_RE = /^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$/;
const FENCE_RE = /^[ \t]{0,3}(`{3,}|~{3,})/;

/**
 * Splits a runbook at its # and ## headings. Lines inside fenced code blocks are
 * never headings: the template's bash blocks are full of "# Check Argo CD".
 * ### headings (the numbered diagnosis steps) stay inside their section.
 */
export function parseRunbook(markdown: string): ParsedRunbook {
  const lines = markdown.split(/\r?\n/);
  const problems: RunbookProblem[] = [];
  const sections: Partial<Record<RunbookSectionKey, RunbookSection>> = {};
  const extra: { heading: string; line: number }[] = [];
  let alert: string | null = null;
  let headingSeverity: string | null = null;
  let current: { key: RunbookSectionKey | null; heading: string; line: number; body: string[] } | null = null;
  let fence: string | null = null;

  const close = () => {
    if (current?.key) {
      const first = current.body.findIndex((l) => l.trim());
      sections[current.key] = {
        key: current.key,
        heading: current.heading,
        line: current.line,
        bodyLine: first < 0 ? null : current.line + 1 + first,
        body: current.body.join('\n').trim(),
      };
    }
    current = null;
  };

  lines.forEach((text, i) => {
    const line = i + 1;
    const f = FENCE_RE.exec(text);
    if (f) {
      // A fence closes with the same character, at least as long as it opened.
      if (fence === null) fence = f[1]!;
      else if (f[1]![0] === fence[0] && f[1]!.length >= fence.length) fence = null;
    }
    const h = fence === null && !f ? HEADING_RE.exec(text) : null;
    if (h && h[1]!.length <= 2) {
      const heading = h[2]!;
      if (h[1]!.length === 1) {
        close();
        if (alert !== null) problems.push({ line, message: `a second title "# ${heading}": a runbook covers one alert` });
        else {
          const m = /^alert\s*:\s*(.+)$/i.exec(heading);
          alert = (m ? m[1]! : heading).trim();
          if (!m) problems.push({ line, message: `the title should read "# Alert: <AlertName>", got "# ${heading}"` });
        }
        return;
      }
      close();
      const [name, ...rest] = heading.split(':');
      const key = sectionKey(name!);
      if (key && sections[key]) problems.push({ line, message: `section "${SECTION_HEADINGS[key].title}" appears twice (line ${sections[key].line} and ${line}); the first is kept` });
      if (!key) extra.push({ heading, line });
      if (key === 'severity' && rest.length) headingSeverity = rest.join(':').trim();
      current = { key: key && !sections[key] ? key : null, heading, line, body: [] };
      return;
    }
    current?.body.push(text);
  });
  close();

  if (alert === null) problems.push({ line: null, message: 'no title: start with "# Alert: <AlertName>"' });
  const severity = parseSeverity(headingSeverity ?? firstLine(sections.severity?.body ?? ''), sections.severity?.line ?? null, problems);
  const missing = RUNBOOK_SECTIONS.filter((k) => !sections[k]);
  const empty = RUNBOOK_SECTIONS.filter((k) => sections[k] && !sections[k].body && !(k === 'severity' && headingSeverity));
  for (const k of missing) problems.push({ line: null, message: `missing section "## ${SECTION_HEADINGS[k].title}"` });
  for (const k of empty) problems.push({ line: sections[k]!.line, message: `section "## ${SECTION_HEADINGS[k].title}" is empty` });
  const escalation = sections.escalation ? escalationLines(sections.escalation) : [];
  return {
    alert,
    severity,
    sections,
    missing,
    empty,
    extra,
    escalation,
    problems,
    complete: alert !== null && severity !== null && missing.length === 0 && empty.length === 0,
  };
}

function sectionKey(name: string): RunbookSectionKey | null {
  const norm = name.toLowerCase().replace(/[^a-z]/g, '');
  return RUNBOOK_SECTIONS.find((k) => SECTION_HEADINGS[k].aliases.includes(norm)) ?? null;
}

function firstLine(body: string): string {
  return body.split('\n').find((l) => l.trim())?.trim() ?? '';
}

// "P1", "p2", "SEV1", "Sev-2" (a common synonym) -> P1..P3.
function parseSeverity(text: string, line: number | null, problems: RunbookProblem[]): RunbookSeverity | null {
  if (!text) return null;
  const m = /^(?:p|sev[-\s]?)([1-3])\b/i.exec(text.replace(/[*_`]/g, '').trim());
  if (m) return RUNBOOK_SEVERITIES[Number(m[1]) - 1]!;
  problems.push({ line, message: `severity "${text}" is not P1, P2 or P3` });
  return null;
}

/** "After 15 min unresolved: page payments-team-lead" -> { afterMinutes: 15, target: "payments-team-lead" }. */
function escalationLines(section: Pick<RunbookSection, 'body' | 'bodyLine'>): EscalationLine[] {
  const out: EscalationLine[] = [];
  section.body.split('\n').forEach((text, i) => {
    const m = /^\s*(?:[-*+]|\d+\.)?\s*after\s+(\d+)\s*(m|min|mins|minutes?|h|hrs?|hours?)\b[^:]*:\s*(?:page\s+)?(.+?)\s*$/i.exec(text);
    if (!m) return;
    const hours = /^h/i.test(m[2]!);
    out.push({ afterMinutes: Number(m[1]) * (hours ? 60 : 1), target: m[3]!, line: (section.bodyLine ?? 0) + i });
  });
  return out;
}

// ---------------------------------------------------------------------------
// runbook_url lint

/**
 * Lists alerting rules without a usable runbook_url annotation. `documents` are
 * parsed YAML documents: Prometheus rule files ({groups}) or PrometheusRule
 * objects ({kind: PrometheusRule, spec: {groups}}); other documents are skipped
 * and counted. Recording rules need no runbook. A templated URL ("{{ ... }}")
 * cannot be checked here and passes.
 */
export function lintRunbookUrls(documents: readonly unknown[]): { findings: RunbookUrlFinding[]; alertsChecked: number; skippedDocuments: number } {
  const findings: RunbookUrlFinding[] = [];
  let alertsChecked = 0;
  let skippedDocuments = 0;
  documents.forEach((doc, document) => {
    const cr = prometheusRuleSchema.safeParse(doc);
    const file = cr.success ? null : ruleFileSchema.safeParse(doc);
    const groups = cr.success ? cr.data.spec.groups : file?.success ? file.data.groups : null;
    if (!groups) {
      skippedDocuments++;
      return;
    }
    const meta = cr.success ? cr.data.metadata : undefined;
    const resource = cr.success ? [meta?.namespace, meta?.name].filter(Boolean).join('/') || null : null;
    const base = cr.success ? ['spec', 'groups'] : ['groups'];
    groups.forEach((group, g) => {
      group.rules.forEach((rule, r) => {
        if (!rule.alert) return;
        alertsChecked++;
        const problem = runbookUrlProblem(rule.annotations?.runbook_url);
        if (!problem) return;
        findings.push({
          document,
          resource,
          group: group.name ?? `#${g + 1}`,
          alert: rule.alert,
          path: formatPath([...base, g, 'rules', r]),
          problem,
          severity: problem === 'not-a-url' ? 'warning' : 'error',
          message: MESSAGES[problem](rule.alert, rule.annotations?.runbook_url),
        });
      });
    });
  });
  return { findings, alertsChecked, skippedDocuments };
}

const MESSAGES: Record<RunbookUrlFinding['problem'], (alert: string, value: unknown) => string> = {
  missing: (a) => `alert ${a} has no runbook_url annotation: every alert must link to a runbook`,
  empty: (a) => `alert ${a} has an empty runbook_url annotation`,
  'not-a-url': (a, v) => `alert ${a}: runbook_url "${String(v)}" is not an absolute http(s) URL, so a responder cannot open it from the page`,
};

function runbookUrlProblem(value: unknown): RunbookUrlFinding['problem'] | null {
  if (value === undefined || value === null) return 'missing';
  const text = String(value).trim();
  if (!text) return 'empty';
  if (text.includes('{{')) return null;
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname ? null : 'not-a-url';
  } catch {
    return 'not-a-url';
  }
}
