import { z } from 'zod';
import { text } from '../lib/text';

// Runbooks in the product spec's template (docs/incidents.md, "Runbooks"):
//
//   # Alert: PaymentServiceHighErrorRate
//   ## Summary / ## Impact / ## Severity: P1 / ## Diagnosis Steps /
//   ## Resolution Steps / ## Escalation / ## Post-Incident

export const RUNBOOK_SECTIONS = ['summary', 'impact', 'severity', 'diagnosis', 'resolution', 'escalation', 'postIncident'] as const;
export type RunbookSectionKey = (typeof RUNBOOK_SECTIONS)[number];

/** The template's heading for each section, and the spellings we also accept (compared lower-case, letters only). */
export const SECTION_HEADINGS: Record<RunbookSectionKey, { title: string; aliases: readonly string[] }> = {
  summary: { title: 'Summary', aliases: ['summary', 'overview', 'description'] },
  impact: { title: 'Impact', aliases: ['impact', 'customerimpact', 'userimpact'] },
  severity: { title: 'Severity', aliases: ['severity', 'priority'] },
  diagnosis: { title: 'Diagnosis Steps', aliases: ['diagnosissteps', 'diagnosis', 'diagnostics', 'investigation', 'triage'] },
  resolution: { title: 'Resolution Steps', aliases: ['resolutionsteps', 'resolution', 'remediation', 'mitigation'] },
  escalation: { title: 'Escalation', aliases: ['escalation', 'escalationpath', 'escalations'] },
  postIncident: { title: 'Post-Incident', aliases: ['postincident', 'postmortem', 'afterwards', 'followup'] },
};

export const RUNBOOK_SEVERITIES = ['P1', 'P2', 'P3'] as const;
export type RunbookSeverity = (typeof RUNBOOK_SEVERITIES)[number];

export type RunbookSection = {
  key: RunbookSectionKey;
  /** The heading as written. */
  heading: string;
  /** 1-based line of the heading. */
  line: number;
  /** 1-based line where the body starts (its first non-blank line); null when empty. */
  bodyLine: number | null;
  /** Markdown below the heading up to the next ## heading, trimmed. */
  body: string;
};

export type EscalationLine = { afterMinutes: number; target: string; line: number };

export type RunbookProblem = { line: number | null; message: string };

export type ParsedRunbook = {
  /** From "# Alert: Name"; null when there is no title. */
  alert: string | null;
  severity: RunbookSeverity | null;
  sections: Partial<Record<RunbookSectionKey, RunbookSection>>;
  /** Template sections with no heading. */
  missing: RunbookSectionKey[];
  /** Template sections whose heading has nothing below it. */
  empty: RunbookSectionKey[];
  /** ## headings that are not template sections (kept, not an error). */
  extra: { heading: string; line: number }[];
  /** "After 15 min unresolved: page payments-team-lead" lines of the Escalation section. */
  escalation: EscalationLine[];
  problems: RunbookProblem[];
  /** Complete: every section present and filled, a title and a valid severity. */
  complete: boolean;
};

// ---------------------------------------------------------------------------
// Prometheus rule files, as read for the runbook_url lint. Lenient: only the
// fields the lint reads are checked, so any rule file or PrometheusRule passes.

const ruleSchema = z.looseObject({
  alert: z.string().optional(),
  record: z.string().optional(),
  annotations: z.record(z.string(), z.unknown()).optional(),
});

const ruleGroupSchema = z.looseObject({
  name: z.string().optional(),
  rules: z.array(ruleSchema).default([]),
});

export const ruleFileSchema = z.looseObject({ groups: z.array(ruleGroupSchema) });
export const prometheusRuleSchema = z.looseObject({
  kind: z.literal('PrometheusRule'),
  metadata: z.looseObject({ name: z.string().optional(), namespace: text().optional() }).optional(),
  spec: ruleFileSchema,
});

type RunbookUrlProblem = 'missing' | 'empty' | 'not-a-url';

export type RunbookUrlFinding = {
  /** Document index in the input (0-based), for multi-document YAML. */
  document: number;
  /** PrometheusRule namespace/name when the document is one. */
  resource: string | null;
  group: string;
  alert: string;
  /** Where the rule is: spec.groups[0].rules[2]. */
  path: string;
  problem: RunbookUrlProblem;
  severity: 'error' | 'warning';
  message: string;
};

/** Who owns a set of alert rules: a PrometheusRule's namespace, or an SLO's team. */
export type RunbookOwner = { owner: 'namespace'; cluster: string; namespace: string } | { owner: 'team'; teamId: string };
/** Alert rules of one owner and how many lack a usable runbook_url. */
export type RunbookCoverage = RunbookOwner & { alerts: number; missing: number };
