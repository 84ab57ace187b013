import { z } from 'zod';
import { formatPath } from '../lib/issues';
// RFC 3339 as Go prints it: up to nanoseconds, `Z` or a numeric offset.
const RFC3339_RE = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Epoch milliseconds of an RFC 3339 timestamp; `null` for Go's zero time (year 1);
 * `undefined` when the text is not a timestamp. Fractions below a millisecond
 * are dropped: the same alert is always re-sent with the same text, so the key
 * built from the result stays stable.
 */
export function parseRfc3339(text: string): number | null | undefined {
  const m = RFC3339_RE.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (year === 1) return null; // 0001-01-01...: "no time"; Date.UTC would read year 1 as 1901
  if (year < 1970 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return undefined;
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const zone = m[8]!;
  const offsetMinutes = /^[Zz]$/.test(zone) ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
}

// Zod's `error` option: "is required" when the key is absent, else the given text.
function expected(message: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message);
}

const timestampSchema = z.string({ error: expected('must be an RFC 3339 timestamp string') }).transform((text, ctx) => {
  const ms = parseRfc3339(text);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `must be an RFC 3339 timestamp such as 2026-03-01T10:00:00Z, got "${text}"` });
    return z.NEVER;
  }
  return ms;
});

// Prometheus label and annotation values are always strings.
const stringMapSchema = z.record(z.string(), z.string({ error: expected('values must be strings') }), { error: expected('must be an object of string values') });

export const ALERT_STATUSES = ['firing', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
const statusSchema = z.enum(ALERT_STATUSES, { error: expected('must be "firing" or "resolved"') });

const webhookAlertSchema = z.looseObject({
  status: statusSchema,
  labels: stringMapSchema,
  annotations: stringMapSchema.default({}),
  startsAt: timestampSchema.refine((ms) => ms !== null, 'must be a real time (only endsAt may be the zero time)'),
  endsAt: timestampSchema.default(null),
  generatorURL: z.string({ error: expected('must be a string') }).default(''),
  fingerprint: z.string({ error: expected('must be a string') }).trim().min(1, 'is required (the per-alert dedup key)'),
});

const webhookPayloadSchema = z.looseObject({
  version: z.literal('4', { error: expected('must be "4" (the Alertmanager webhook payload version this receiver understands)') }),
  groupKey: z.string({ error: expected('must be a string') }),
  truncatedAlerts: z.number({ error: expected('must be a number') }).int('must be a whole number').min(0, 'must not be negative').default(0),
  status: statusSchema,
  receiver: z.string({ error: expected('must be a string') }),
  groupLabels: stringMapSchema.default({}),
  commonLabels: stringMapSchema.default({}),
  commonAnnotations: stringMapSchema.default({}),
  externalURL: z.string({ error: expected('must be a string') }).default(''),
  alerts: z.array(webhookAlertSchema, { error: expected('must be a list of alerts') }),
});

// Spelled out: the schemas' inferred types carry an `unknown` index signature
// (loose objects) and a nullable startsAt that the refinement rules out.
type WebhookAlert = {
  status: AlertStatus;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: number;
  /** null = Go's zero time (still firing, or the sender gave no end). */
  endsAt: number | null;
  generatorURL: string;
  fingerprint: string;
  [extra: string]: unknown;
};
export type WebhookPayload = {
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
  status: AlertStatus;
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: WebhookAlert[];
  [extra: string]: unknown;
};

export type PayloadIssue = { path: string; message: string };
export type ParsedPayload = { ok: true; payload: WebhookPayload } | { ok: false; issues: PayloadIssue[]; message: string };

/**
 * Validates a webhook body. On failure every problem is named by its path in the
 * body (`alerts[2].startsAt: must be an RFC 3339 timestamp ...`), so the route can
 * answer 400 with something an operator can act on.
 */
export function parseWebhookPayload(body: unknown): ParsedPayload {
  const result = webhookPayloadSchema.safeParse(body);
  if (result.success) return { ok: true, payload: result.data as WebhookPayload };
  const issues = result.error.issues.map((i) => ({ path: i.path.length ? formatPath(i.path) : '(body)', message: plain(i) }));
  return { ok: false, issues, message: issues.map((i) => `${i.path}: ${i.message}`).join('\n') };
}

function plain(issue: z.core.$ZodIssue): string {
  // Zod's own wording for a missing key, where we gave no message of our own.
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return 'is required';
  return issue.message;
}

// ---------------------------------------------------------------------------
// Alert -> service mapping rules (configured per installation)

/**
 * One mapping rule: read label `label`; its value names the service slug, either
 * directly or through `values` (label value -> slug). Rules are tried in order and
 * the first that yields a known service wins.
 */
const serviceRuleSchema = z.object({
  label: z.string().trim().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a Prometheus label name'),
  values: z.record(z.string(), z.string().trim().min(1)).optional(),
});
export type ServiceRule = z.output<typeof serviceRuleSchema>;
export const serviceRulesSchema = z.array(serviceRuleSchema).max(20, 'at most 20 rules');

/** Sloth/Runwell SLO alerts carry sloth_service; then the usual conventions. */
export const DEFAULT_SERVICE_RULES: readonly ServiceRule[] = [
  { label: 'sloth_service' },
  { label: 'service' },
  { label: 'job' },
  { label: 'namespace' },
];
