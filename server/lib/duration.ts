// Prometheus-style durations ("5m", "1h", "30d"), restricted to one unit: that is
// what Sloth prints in `sloth_window` and what our rule names end with
// (`slo:sli_error:ratio_rate30m`), so a duration must round-trip to one string.

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const UNIT_MS = { s: 1000, m: MINUTE_MS, h: HOUR_MS, d: DAY_MS, w: 7 * DAY_MS } as const;
type Unit = keyof typeof UNIT_MS;

const DURATION_RE = /^([1-9][0-9]*)([smhdw])$/;

export function isDuration(text: string): boolean {
  return DURATION_RE.test(text);
}

/** "5m" -> 300000. Throws RangeError on anything else (validate with isDuration first). */
export function parseDuration(text: string): number {
  const match = DURATION_RE.exec(text);
  if (!match) throw new RangeError(`not a duration: "${text}" (expected e.g. 5m, 1h, 30d)`);
  return Number(match[1]) * UNIT_MS[match[2] as Unit];
}

/** 300000 -> "5m", 86400000 -> "1d": the largest unit that divides the duration exactly (weeks excluded: Sloth prints 7d). */
export function formatDuration(ms: number): string {
  if (!Number.isInteger(ms) || ms <= 0) throw new RangeError(`not a positive whole duration: ${ms}`);
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  throw new RangeError(`duration ${ms} ms is not a whole number of seconds`);
}

/** A database timestamp as epoch milliseconds (DTOs carry numbers), null kept. */
export const epochMs = (d: Date | null | undefined): number | null => d?.getTime() ?? null;
