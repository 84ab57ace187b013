import { lastFullMonth } from './period.compute';
import type { Period } from './reports.schema';

// When the monthly e-mail is due and to whom (pure).

/** The month to send at `now` (the last full month) once the schedule's day and hour (UTC) of this month have come; else null. */
export function duePeriod(schedule: { enabled: boolean; dayOfMonth: number; hour: number }, now: number): Period | null {
  if (!schedule.enabled) return null;
  const d = new Date(now);
  const dueAt = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), schedule.dayOfMonth, schedule.hour);
  return now >= dueAt ? lastFullMonth(now) : null;
}

/** Executives (when chosen) and the listed addresses, lower-cased, each once, in a stable order. */
export function recipientsOf(schedule: { toExecutives: boolean; recipients: readonly string[] }, executives: readonly { email: string; disabled: boolean }[]): string[] {
  const all = [...(schedule.toExecutives ? executives.filter((e) => !e.disabled).map((e) => e.email) : []), ...schedule.recipients];
  return [...new Set(all.map((e) => e.trim().toLowerCase()).filter(Boolean))].sort();
}

export const MAX_ATTEMPTS = 3;

/** Who still gets the period's e-mail: no row yet, or a failed one with attempts left. A "sending" row is never retried (at most once). */
export function stillToSend(recipients: readonly string[], sends: readonly { recipient: string; status: string; attempts: number }[]): string[] {
  const by = new Map(sends.map((s) => [s.recipient, s]));
  return recipients.filter((r) => {
    const s = by.get(r);
    return !s || (s.status === 'failed' && s.attempts < MAX_ATTEMPTS);
  });
}
