import { z } from 'zod';
import { DAY_MS, isDuration, parseDuration } from '../lib/duration';
import { fromZodIssues, type FieldIssue } from '../lib/issues';
import { documentValue, InputLimitError, safeParseAllDocuments } from '../lib/safe-parse';
import type { AlertWindowSet, BurnRateCondition } from './burn-rate.compute';
import { durationSchema } from './slo.schema';

// Sloth's alert-window files (`apiVersion: sloth.slok.dev/v1`, `kind:
// AlertWindows`): for one SLO period, the page and ticket conditions' quick and
// slow windows and the share of the period's budget each may burn. Sloth reads
// them from `--alert-windows-path`; Runwell from `--windows-dir`.

const windowSchema = z
  .strictObject({
    errorBudgetPercent: z
      .number({ error: 'must be a number (percent of the period budget)' })
      .refine((n) => n > 0 && n <= 100, 'must be above 0 and at most 100'),
    shortWindow: durationSchema,
    longWindow: durationSchema,
  })
  .superRefine((w, ctx) => {
    if (!isDuration(w.shortWindow) || !isDuration(w.longWindow)) return; // reported by the fields
    if (parseDuration(w.shortWindow) >= parseDuration(w.longWindow)) {
      ctx.addIssue({ code: 'custom', path: ['shortWindow'], message: `must be shorter than longWindow (${w.longWindow})` });
    }
  });

const quickSlow = z.strictObject({ quick: windowSchema, slow: windowSchema });

const alertWindowsSchema = z
  .strictObject({
    apiVersion: z.literal('sloth.slok.dev/v1', { error: 'must be "sloth.slok.dev/v1"' }),
    kind: z.literal('AlertWindows', { error: 'must be "AlertWindows"' }),
    spec: z.strictObject({
      sloPeriod: durationSchema.refine((d) => !isDuration(d) || parseDuration(d) % DAY_MS === 0, 'must be whole days, e.g. 7d or 30d'),
      page: quickSlow,
      ticket: quickSlow,
    }),
  })
  .superRefine((doc, ctx) => {
    if (!isDuration(doc.spec.sloPeriod) || parseDuration(doc.spec.sloPeriod) % DAY_MS !== 0) return; // reported by sloPeriod
    const period = parseDuration(doc.spec.sloPeriod);
    for (const severity of ['page', 'ticket'] as const) {
      for (const speed of ['quick', 'slow'] as const) {
        const long = doc.spec[severity][speed].longWindow;
        if (isDuration(long) && parseDuration(long) > period) {
          ctx.addIssue({ code: 'custom', path: ['spec', severity, speed, 'longWindow'], message: `must not be longer than sloPeriod (${doc.spec.sloPeriod})` });
        }
      }
    }
  });

export function parseAlertWindows(text: string, source: string): { set?: AlertWindowSet; issues: FieldIssue[] } {
  let docs;
  try {
    docs = safeParseAllDocuments(text);
  } catch (error) {
    if (!(error instanceof InputLimitError)) throw error;
    return { issues: [{ path: '(yaml)', message: error.reason }] };
  }
  const yamlErrors = docs.flatMap((d) => d.errors.map((e) => ({ path: '(yaml)', message: e.message.split('\n')[0]! })));
  if (yamlErrors.length) return { issues: yamlErrors };
  let values: unknown[];
  try {
    values = docs.map((d) => documentValue(d)).filter((v) => v !== null && v !== undefined);
  } catch (error) {
    if (!(error instanceof InputLimitError)) throw error;
    return { issues: [{ path: '(yaml)', message: error.reason }] };
  }
  if (values.length !== 1) return { issues: [{ path: '(document)', message: 'must hold exactly one AlertWindows document' }] };
  const r = alertWindowsSchema.safeParse(values[0], { reportInput: true });
  if (!r.success) return { issues: fromZodIssues(r.error.issues) };
  const s = r.data.spec;
  const row = (severity: 'page' | 'ticket', w: z.output<typeof windowSchema>): BurnRateCondition => ({
    severity,
    shortWindow: w.shortWindow,
    longWindow: w.longWindow,
    budgetPercent: w.errorBudgetPercent,
  });
  return {
    set: {
      periodDays: parseDuration(s.sloPeriod) / DAY_MS,
      source,
      conditions: [row('page', s.page.quick), row('page', s.page.slow), row('ticket', s.ticket.quick), row('ticket', s.ticket.slow)],
    },
    issues: [],
  };
}

/** Several files: a second set for the same period is a problem (which one would apply?). */
export function collectAlertWindows(files: readonly { name: string; text: string }[]): { sets: AlertWindowSet[]; issues: (FieldIssue & { file: string })[] } {
  const sets: AlertWindowSet[] = [];
  const issues: (FieldIssue & { file: string })[] = [];
  for (const f of files) {
    const r = parseAlertWindows(f.text, f.name);
    issues.push(...r.issues.map((i) => ({ ...i, file: f.name })));
    if (!r.set) continue;
    const clash = sets.find((s) => s.periodDays === r.set!.periodDays);
    if (clash) issues.push({ file: f.name, path: 'spec.sloPeriod', message: `${r.set.periodDays}d is already defined by ${clash.source}` });
    else sets.push(r.set);
  }
  return { sets, issues };
}
