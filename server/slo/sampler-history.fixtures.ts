import { DAY_MS, MINUTE_MS } from '../lib/duration';
import type { CounterSeries } from '@/tests/setup/prometheus';

// Generated counter history for the sampler's integration tests
// (slo-sampler.int.test.ts): 34 days of one sample a minute ending at T0 (a
// 5-minute boundary two hours ago), a counter reset and a 10-minute incident,
// with the exact error and total counts of any interval.

export const FIVE_MIN = 5 * MINUTE_MS;
export const T0 = Math.floor((Date.now() - 2 * 3_600_000) / FIVE_MIN) * FIVE_MIN;
export const START = T0 - 34 * DAY_MS;
const MINUTES = (T0 - START) / MINUTE_MS;
const RESET_AT = 12 * 1440 + 333; // the process restarts: both counters drop to 0
export const INCIDENT = { from: 20 * 1440 + 600, to: 20 * 1440 + 610 }; // 10 minutes at 50 % errors

const totalAt = (m: number) => 100 + (m % 7) * 10;
const errorsAt = (m: number) =>
  m >= INCIDENT.from && m < INCIDENT.to ? totalAt(m) / 2 : (m % 40 === 0 ? 2 : 0) + (m % 1009 === 0 ? 20 : 0);

function counterSamples(inc: (m: number) => number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let value = 0;
  for (let m = 0; m <= MINUTES; m++) {
    if (m === RESET_AT) value = 0;
    if (m > 0) value += inc(m);
    out.push([START + m * MINUTE_MS, value]);
  }
  return out;
}

export const historySeries = (): CounterSeries[] => [
  { name: 'app_requests_total', labels: { job: 'app' }, samples: counterSamples(totalAt) },
  { name: 'app_errors_total', labels: { job: 'app' }, samples: counterSamples(errorsAt) },
];

/** Exact counts for the increments whose sample time lies in (from, to]. */
export function groundTruth(from: number, to: number) {
  let errors = 0;
  let total = 0;
  for (let m = 1; m <= MINUTES; m++) {
    const t = START + m * MINUTE_MS;
    if (t > from && t <= to) {
      errors += errorsAt(m);
      total += totalAt(m);
    }
  }
  return { errors, total };
}
