// The longest gap between two runs of a Velero schedule (a 5-field cron
// expression, or @hourly/@daily/@weekly/@monthly/@every <duration>), so a
// backup can be judged against ITS schedule: 25 h is stale for a daily
// schedule, fresh for a weekly one. Pure.

const MIN_MS = 60_000;

function parseField(text: string, lo: number, hi: number): Set<number> | null {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part.trim());
    if (!m) return null;
    const step = m[4] ? Number(m[4]) : 1;
    let from = lo;
    let to = hi;
    if (m[2] !== undefined) {
      from = Number(m[2]);
      to = m[3] !== undefined ? Number(m[3]) : m[4] ? hi : from;
    }
    if (step < 1 || from < lo || to > hi || from > to) return null;
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

const DURATION_RE = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Longest gap between runs in ms, or null when the expression is not understood. */
export function cronMaxGapMs(expr: string): number | null {
  const e = expr.trim();
  const macros: Record<string, number> = { '@hourly': 60, '@daily': 1440, '@midnight': 1440, '@weekly': 7 * 1440, '@monthly': 31 * 1440, '@yearly': 366 * 1440, '@annually': 366 * 1440 };
  if (macros[e]) return macros[e]! * MIN_MS;
  if (e.startsWith('@every ')) {
    const m = DURATION_RE.exec(e.slice(7).trim());
    if (!m || !(m[1] || m[2] || m[3])) return null;
    const ms = (Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000;
    return ms > 0 ? ms : null;
  }
  const f = e.split(/\s+/);
  if (f.length !== 5) return null;
  const [min, hour, dom, mon, dow] = [parseField(f[0]!, 0, 59), parseField(f[1]!, 0, 23), parseField(f[2]!, 1, 31), parseField(f[3]!, 1, 12), parseField(f[4]!.replace(/\b7\b/g, '0'), 0, 6)];
  if (!min || !hour || !dom || !mon || !dow) return null;
  const domAny = f[2] === '*';
  const dowAny = f[4] === '*';
  // Walk two years from a Monday at minute resolution through the hours that
  // can fire: every gap of a day/week/month/year schedule shows up inside.
  const start = Date.UTC(2029, 0, 1); // a Monday
  const end = start + 2 * 366 * 1440 * MIN_MS;
  const hours = [...hour].sort((a, b) => a - b);
  const minutes = [...min].sort((a, b) => a - b);
  let prev: number | null = null;
  let first: number | null = null;
  let gap = 0;
  for (let day = start; day < end; day += 1440 * MIN_MS) {
    const d = new Date(day);
    if (!mon.has(d.getUTCMonth() + 1)) continue;
    const domOk = dom.has(d.getUTCDate());
    const dowOk = dow.has(d.getUTCDay());
    // cron: when both are restricted, either matches.
    if (!(domAny && dowAny ? true : domAny ? dowOk : dowAny ? domOk : domOk || dowOk)) continue;
    for (const h of hours) {
      for (const m of minutes) {
        const t = day + (h * 60 + m) * MIN_MS;
        if (prev !== null) gap = Math.max(gap, t - prev);
        else first = t;
        prev = t;
      }
    }
  }
  if (prev === null || first === null || prev === first) return null;
  return gap;
}

/**
 * Grace on top of the interval before a backup counts as stale: a backup
 * takes time to run and the newest one is judged by its completion. 1/48 of
 * the interval (30 min for daily), at least 10 min, at most 1 h.
 */
export function staleGraceMs(intervalMs: number): number {
  return Math.min(60 * MIN_MS, Math.max(10 * MIN_MS, Math.round(intervalMs / 48)));
}
