import type { Period } from './reports.schema';

// Report periods (pure): a calendar month "2026-11" or a quarter "2026-Q4",
// both in UTC, each compared with the period of the same kind just before it.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER_RE = /^(\d{4})-Q([1-4])$/;

export const PERIOD_HINT = 'must be a month YYYY-MM (e.g. 2026-11) or a quarter YYYY-Qn (e.g. 2026-Q4)';

function month(y: number, m: number): Period {
  const key = `${y}-${String(m).padStart(2, '0')}`;
  return { key, kind: 'month', month: key, label: `${MONTHS[m - 1]} ${y}`, from: Date.UTC(y, m - 1, 1), to: Date.UTC(y, m, 1) };
}

function quarter(y: number, q: number): Period {
  const key = `${y}-Q${q}`;
  return { key, kind: 'quarter', month: key, label: `Q${q} ${y}`, from: Date.UTC(y, (q - 1) * 3, 1), to: Date.UTC(y, q * 3, 1) };
}

/** The period a string names, or null when it names none (the caller says PERIOD_HINT). */
export function parsePeriod(text: string): Period | null {
  const s = text.trim().toUpperCase();
  const m = MONTH_RE.exec(s);
  if (m) return Number(m[1]) >= 1970 ? month(Number(m[1]), Number(m[2])) : null;
  const q = QUARTER_RE.exec(s);
  if (q) return Number(q[1]) >= 1970 ? quarter(Number(q[1]), Number(q[2])) : null;
  return null;
}

export function monthPeriod(key: string): Period {
  const p = parsePeriod(key);
  if (!p || p.kind !== 'month') throw new Error(`not a month: ${key}`);
  return p;
}

const ym = (ms: number) => {
  const d = new Date(ms);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1 };
};

/** The period of the same kind that ends where `p` starts. */
export function previousPeriod(p: Period): Period {
  const { y, m } = ym(p.from - 1);
  return p.kind === 'quarter' ? quarter(y, Math.ceil(m / 3)) : month(y, m);
}

/** The default period: the last full calendar month (UTC) before `now`. */
export function lastFullMonth(now: number): Period {
  const { y, m } = ym(now);
  return previousPeriod(month(y, m));
}

/** The last `count` periods of a kind ending with `p` (oldest first): the trend charts' x axis. */
export function periodsEndingWith(p: Period, count: number): Period[] {
  const out = [p];
  while (out.length < count) out.unshift(previousPeriod(out[0]!));
  return out;
}

/** Periods a person may pick: the last `months` months and `quarters` quarters, newest first, the running ones included. */
export function selectablePeriods(now: number, months = 13, quarters = 5): string[] {
  const { y, m } = ym(now);
  const ms = periodsEndingWith(month(y, m), months).reverse();
  const qs = periodsEndingWith(quarter(y, Math.ceil(m / 3)), quarters).reverse();
  return [...ms, ...qs].map((p) => p.key);
}
