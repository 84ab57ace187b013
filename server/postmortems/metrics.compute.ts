// Completion metrics (docs/postmortems.md, "Metrics"). The seed's alert-quality
// row: "Post-mortem completion rate: healthy 100 % of P1/P2, warning < 80 %,
// action: block new incidents until the post-mortem is filed".

export type Band = 'healthy' | 'watch' | 'warning' | 'no-data';

export type CompletionItem = {
  teamId: string | null;
  severity: 'P1' | 'P2' | 'P3';
  required: boolean;
  resolvedAt: number | null;
  dueAt: number | null;
  /** First publication; a reopened post-mortem stays filed. */
  filedAt: number | null;
};

export type Completion = { due: number; filed: number; pending: number; rate: number | null; band: Band; detail: string };

export function completionBand(rate: number | null): Band {
  if (rate === null) return 'no-data';
  if (rate >= 100 - 1e-9) return 'healthy';
  if (rate < 80) return 'warning';
  return 'watch';
}

/**
 * Post-mortems of P1/P2 incidents RESOLVED in [from, to). One whose due time
 * has not come yet and is not filed is pending: left out until due, so a
 * fresh incident does not drag the rate down on its first day.
 */
export function completion(items: readonly CompletionItem[], period: { from: number; to: number }, now: number): Completion {
  const relevant = items.filter((i) => (i.severity === 'P1' || i.severity === 'P2') && i.resolvedAt !== null && i.resolvedAt >= period.from && i.resolvedAt < period.to);
  const pending = relevant.filter((i) => i.filedAt === null && (i.dueAt === null || now <= i.dueAt)).length;
  const filed = relevant.filter((i) => i.filedAt !== null).length;
  const due = relevant.length - pending;
  const rate = due ? (filed / due) * 100 : null;
  const note = pending ? `; ${pending} not due yet` : '';
  return { due, filed, pending, rate, band: completionBand(rate), detail: due ? `${filed} of ${due} P1/P2 post-mortems filed${note}` : `no P1/P2 post-mortem due in the period${note}` };
}

export function completionByTeam(items: readonly CompletionItem[], period: { from: number; to: number }, now: number): Map<string | null, Completion> {
  const teams = new Set(items.map((i) => i.teamId));
  return new Map([...teams].map((t) => [t, completion(items.filter((i) => i.teamId === t), period, now)]));
}

export type ActionMetricItem = { teamId: string | null; status: string; createdAt: number; completedAt: number | null };
export type ActionMetrics = { total: number; done: number; wontDo: number; open: number; completionRate: number | null; medianOpenAgeDays: number | null; medianDaysToDone: number | null };

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const v = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/**
 * Action items CREATED in the period: completion rate = done / (all - won't do)
 * (a declined item is a decision, not a failure), median age of those still
 * open at `now`, and median days from creation to done.
 */
export function actionMetrics(items: readonly ActionMetricItem[], period: { from: number; to: number }, now: number): ActionMetrics {
  const inPeriod = items.filter((i) => i.createdAt >= period.from && i.createdAt < period.to);
  const done = inPeriod.filter((i) => i.status === 'done');
  const wontDo = inPeriod.filter((i) => i.status === 'wont_do').length;
  const open = inPeriod.filter((i) => i.status === 'open' || i.status === 'in_progress');
  const counted = inPeriod.length - wontDo;
  const DAY = 86_400_000;
  return {
    total: inPeriod.length,
    done: done.length,
    wontDo,
    open: open.length,
    completionRate: counted ? (done.length / counted) * 100 : null,
    medianOpenAgeDays: median(open.map((i) => (now - i.createdAt) / DAY)),
    medianDaysToDone: median(done.filter((i) => i.completedAt !== null).map((i) => (i.completedAt! - i.createdAt) / DAY)),
  };
}
