import { metricsReport, type MetricIncident } from '../incidents/incident-metrics.compute';

// The product spec's "Alert quality metrics to track" table, per team and period
// (docs/incidents.md, "Alert quality"):
//
//   metric                         healthy        warning   action if warning
//   Pages per on-call shift (8h)   < 2            > 5       Alert audit: silence/tune noisy alerts
//   Actionable page %              > 80 %         < 60 %    Review alert conditions; raise thresholds
//   MTTR (P1 incidents)            < 30 min       > 60 min  Improve runbooks; add diagnostic steps
//   Post-mortem completion rate    100 % of P1/P2 < 80 %    Block new incidents until post-mortem filed
//   Alert flap rate                < 5 %          > 15 %    Add for: 5m duration to flapping alerts
//
// Between the two thresholds (both ends included) the band is "watch"; with
// nothing to measure it is "no-data", never a made-up 0.

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const SHIFT_HOURS = 8;
const POSTMORTEM_DUE_HOURS = 48; // the seed's runbook: "File post-mortem within 48h"

export type QualityBand = 'healthy' | 'watch' | 'warning' | 'no-data';
export type QualityKey = 'pagesPerShift' | 'actionablePercent' | 'p1Mttr' | 'postmortemCompletion' | 'flapRate';

type Op = '<' | '>' | '>=';
type Threshold = { op: Op; value: number };

export type QualityMetricDef = { key: QualityKey; metric: string; unit: 'pages' | '%' | 'min'; healthy: Threshold; warning: Threshold; action: string };

export const QUALITY_METRICS: readonly QualityMetricDef[] = [
  { key: 'pagesPerShift', metric: 'Pages per on-call shift (8h)', unit: 'pages', healthy: { op: '<', value: 2 }, warning: { op: '>', value: 5 }, action: 'Alert audit: silence/tune noisy alerts' },
  { key: 'actionablePercent', metric: 'Actionable page %', unit: '%', healthy: { op: '>', value: 80 }, warning: { op: '<', value: 60 }, action: 'Review alert conditions; raise thresholds' },
  { key: 'p1Mttr', metric: 'MTTR (P1 incidents)', unit: 'min', healthy: { op: '<', value: 30 }, warning: { op: '>', value: 60 }, action: 'Improve runbooks; add diagnostic steps' },
  { key: 'postmortemCompletion', metric: 'Post-mortem completion rate (P1/P2)', unit: '%', healthy: { op: '>=', value: 100 }, warning: { op: '<', value: 80 }, action: 'Block new incidents until post-mortem filed' },
  { key: 'flapRate', metric: 'Alert flap rate', unit: '%', healthy: { op: '<', value: 5 }, warning: { op: '>', value: 15 }, action: 'Add for: 5m duration to flapping alerts' },
];

export type QualityRow = {
  key: QualityKey;
  metric: string;
  unit: QualityMetricDef['unit'];
  value: number | null;
  band: QualityBand;
  healthyTarget: string;
  warningAt: string;
  action: string;
  /** Show the action: the band is warning. */
  actionNeeded: boolean;
  /** What the value was computed from, or why there is none. */
  detail: string;
};

export type QualityIncident = MetricIncident & { postmortemFiledAt: number | null };

export type QualityInput = {
  period: { from: number; to: number };
  now: number;
  /** Pages to the team's on-call in the period; actionable null = not classified yet. */
  pages: readonly { at: number; actionable: boolean | null }[];
  /**
   * Time someone of the team was on call in the period (e.g. the primary
   * schedule's shifts from renderSchedule), in ms; null = unknown, then the
   * period is taken as one person on call around the clock.
   */
  onCallMs: number | null;
  incidents: readonly QualityIncident[];
  /** From measureFlapping over the team's alerts in the period. */
  flap: { flapping: number; alerts: number } | null;
};

export function alertQuality(input: QualityInput): QualityRow[] {
  const { from, to } = input.period;
  const pages = input.pages.filter((p) => p.at >= from && p.at < to);
  const values: Record<QualityKey, { value: number | null; detail: string }> = {
    pagesPerShift: pagesPerShift(pages.length, input.onCallMs ?? to - from, input.onCallMs === null),
    actionablePercent: actionable(pages),
    p1Mttr: p1Mttr(input.incidents, input.period),
    postmortemCompletion: postmortems(input.incidents, input.period, input.now),
    flapRate: flapRate(input.flap),
  };
  return QUALITY_METRICS.map((def) => {
    const { value, detail } = values[def.key];
    const band = bandOf(value, def);
    return {
      key: def.key,
      metric: def.metric,
      unit: def.unit,
      value,
      band,
      healthyTarget: describe(def.healthy, def.unit),
      warningAt: describe(def.warning, def.unit),
      action: def.action,
      actionNeeded: band === 'warning',
      detail,
    };
  });
}

export function bandOf(value: number | null, def: Pick<QualityMetricDef, 'healthy' | 'warning'>): QualityBand {
  if (value === null) return 'no-data';
  const v = Math.round(value * 1e9) / 1e9; // 79.99999999 from a float division is 80
  if (holds(v, def.healthy)) return 'healthy';
  if (holds(v, def.warning)) return 'warning';
  return 'watch';
}

function holds(v: number, t: Threshold): boolean {
  return t.op === '<' ? v < t.value : t.op === '>' ? v > t.value : v >= t.value;
}

function describe(t: Threshold, unit: QualityMetricDef['unit']): string {
  const u = unit === 'pages' ? '' : unit === '%' ? ' %' : ' min';
  return t.op === '>=' && t.value === 100 && unit === '%' ? '100 %' : `${t.op} ${t.value}${u}`;
}

function pagesPerShift(count: number, onCallMs: number, assumed: boolean): { value: number | null; detail: string } {
  if (onCallMs <= 0) return { value: null, detail: 'nobody was on call in the period' };
  const shifts = onCallMs / (SHIFT_HOURS * HOUR_MS);
  const basis = assumed ? ' (no schedule data: one person on call around the clock assumed)' : '';
  return { value: count / shifts, detail: `${count} pages over ${round(shifts)} shifts of ${SHIFT_HOURS} h${basis}` };
}

function actionable(pages: readonly { actionable: boolean | null }[]): { value: number | null; detail: string } {
  const judged = pages.filter((p) => p.actionable !== null);
  const unjudged = pages.length - judged.length;
  const note = unjudged ? `; ${unjudged} not classified yet` : '';
  if (!judged.length) return { value: null, detail: pages.length ? `none of ${pages.length} pages classified yet` : 'no pages in the period' };
  const yes = judged.filter((p) => p.actionable).length;
  return { value: (yes / judged.length) * 100, detail: `${yes} of ${judged.length} classified pages were actionable${note}` };
}

function p1Mttr(incidents: readonly QualityIncident[], period: { from: number; to: number }): { value: number | null; detail: string } {
  const r = metricsReport(incidents, period).bySeverity.P1;
  const open = r.incidents - r.mttr.count;
  const note = open ? `; ${open} still unresolved, not counted` : '';
  if (r.mttr.meanMs === null) return { value: null, detail: r.incidents ? `no P1 incident resolved yet${note}` : 'no P1 incidents in the period' };
  return { value: r.mttr.meanMs / MINUTE_MS, detail: `mean of ${r.mttr.count} resolved P1 incidents (median ${round(r.mttr.medianMs! / MINUTE_MS)} min)${note}` };
}

/**
 * P1/P2 incidents that started in the period and were resolved. One still within
 * its 48 h to file a post-mortem is pending, not missing, and left out until due.
 */
function postmortems(incidents: readonly QualityIncident[], period: { from: number; to: number }, now: number): { value: number | null; detail: string } {
  const relevant = incidents.filter(
    (i) =>
      (i.severity === 'P1' || i.severity === 'P2') &&
      i.state !== 'declined' &&
      i.state !== 'merged' &&
      i.times.resolvedAt !== null &&
      i.times.startedAt >= period.from &&
      i.times.startedAt < period.to,
  );
  const filed = relevant.filter((i) => i.postmortemFiledAt !== null).length;
  const pending = relevant.filter((i) => i.postmortemFiledAt === null && now < i.times.resolvedAt! + POSTMORTEM_DUE_HOURS * HOUR_MS).length;
  const due = relevant.length - pending;
  const note = pending ? `; ${pending} pending (within ${POSTMORTEM_DUE_HOURS} h of resolution)` : '';
  if (!due) return { value: null, detail: relevant.length ? `no post-mortem due yet${note}` : 'no resolved P1/P2 incidents in the period' };
  return { value: (filed / due) * 100, detail: `${filed} of ${due} post-mortems filed${note}` };
}

function flapRate(flap: QualityInput['flap']): { value: number | null; detail: string } {
  if (!flap || flap.alerts === 0) return { value: null, detail: 'no alert changed state in the period' };
  return { value: (flap.flapping / flap.alerts) * 100, detail: `${flap.flapping} of ${flap.alerts} alerts flapped` };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
