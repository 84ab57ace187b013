// Which reminder a post-mortem owner gets now (docs/postmortems.md, "Reminders").
// Each stage is sent once; a stage missed while the worker was down is sent
// late, but only the latest one that applies (no burst of stale reminders).

const HOUR_MS = 3_600_000;

export const REMINDER_STAGES = [
  { key: 'due-soon', offsetMs: -24 * HOUR_MS, words: 'is due within 24 hours' },
  { key: 'overdue', offsetMs: 0, words: 'is overdue' },
  { key: 'overdue-3d', offsetMs: 72 * HOUR_MS, words: 'is 3 days overdue' },
] as const;
export function reminderDue(dueAt: number, sent: readonly string[], now: number): (typeof REMINDER_STAGES)[number] | null {
  const reached = REMINDER_STAGES.filter((s) => (s.key === 'overdue' ? now > dueAt : now >= dueAt + s.offsetMs));
  const latest = reached.at(-1);
  if (!latest || sent.includes(latest.key)) return null;
  return latest;
}
