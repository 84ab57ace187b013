import { incidentDurations } from '../incidents/incident-metrics.compute';
import type { IncidentTimes } from '../incidents/incidents.schema';

// A post-mortem starts mostly written (docs/postmortems.md, "Pre-fill"): what
// Runwell already knows about the incident becomes facts (shown beside the
// document, always current) and the first text of the sections (editable).
// Pure: times are rendered in UTC so the text is the same for every reader.

type PrefillIncident = {
  number: number;
  title: string;
  summary: string;
  severity: 'P1' | 'P2' | 'P3';
  services: readonly string[];
  team: string | null;
  /** Role label -> person name (or null). */
  roles: Readonly<Record<string, string | null>>;
  times: IncidentTimes;
};

type PrefillBudget = { slo: string; consumedMinutes: number; consumedPercent: number; totalMinutes: number; remainingPercentAfter: number; dataState: 'ok' | 'no-data' };
export type PrefillEntry = { at: number; kind: string; text: string; pinned: boolean; authorLabel: string };
/** Alerts grouped by name: the database does the counting for incidents with thousands of alerts. */
type PrefillAlertGroup = { alertname: string; service: string | null; count: number; firstAt: number; lastAt: number };
type PrefillRunbook = { title: string; href: string };
/** A change to an affected service in the 24 h before impact started. */
type PrefillChange = { title: string; tier: string; status: string; at: number; services: readonly string[]; href: string; cause?: 'suspected' | 'confirmed' | null };

export type PrefillInput = {
  incident: PrefillIncident;
  budget: readonly PrefillBudget[];
  /** May be a selection (pinned + first entries): see postmortems.repo timelineForPrefill. */
  timeline: readonly PrefillEntry[];
  /** Entries on the incident in all; defaults to the length of `timeline`. */
  timelineTotal?: number;
  alerts: readonly PrefillAlertGroup[];
  runbooks: readonly PrefillRunbook[];
  changes?: readonly PrefillChange[];
};

export type Facts = {
  times: { label: string; at: number | null }[];
  durations: { mttd: number | null; mtta: number | null; mttr: number | null };
  budget: PrefillBudget[];
  exhaustedSlos: string[];
  timeline: PrefillEntry[];
  timelineOmitted: number;
  alerts: PrefillAlertGroup[];
  alertCount: number;
  runbooks: PrefillRunbook[];
  changes: PrefillChange[];
  roles: { role: string; name: string | null }[];
};

/** Entries kept in the document's timeline; the rest stay on the incident page. */
export const TIMELINE_LIMIT = 200;

export function iso(ms: number | null): string {
  return ms === null ? '—' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

export function minutes(ms: number | null): string {
  if (ms === null) return '—';
  const m = Math.round(ms / 60_000);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/**
 * Pinned entries first (what the responders marked as important), then status,
 * role, severity, page, link and note entries in time order. Alert entries are
 * left to the alert groups (one line per alert name), so 2,000 firings do not
 * drown the story.
 */
export function selectTimeline(entries: readonly PrefillEntry[], limit = TIMELINE_LIMIT, total = entries.length): { kept: PrefillEntry[]; omitted: number } {
  const pinned = entries.filter((e) => e.pinned);
  const rest = entries.filter((e) => !e.pinned && e.kind !== 'alert').sort((a, b) => a.at - b.at);
  const kept = [...[...pinned].sort((a, b) => a.at - b.at), ...rest].slice(0, limit);
  return { kept, omitted: Math.max(0, total - kept.length) };
}

export function factsOf(input: PrefillInput): Facts {
  const t = input.incident.times;
  const { kept, omitted } = selectTimeline(input.timeline, TIMELINE_LIMIT, input.timelineTotal ?? input.timeline.length);
  const d = incidentDurations(t);
  return {
    times: [
      { label: 'Impact started', at: t.startedAt },
      { label: 'Detected', at: t.detectedAt },
      { label: 'Acknowledged', at: t.acknowledgedAt },
      { label: 'Identified', at: t.identifiedAt },
      { label: 'Mitigated', at: t.mitigatedAt },
      { label: 'Resolved', at: t.resolvedAt },
    ],
    durations: { mttd: d.mttd, mtta: d.mtta, mttr: d.mttr },
    budget: [...input.budget],
    exhaustedSlos: input.budget.filter((b) => b.dataState === 'ok' && b.remainingPercentAfter <= 0).map((b) => b.slo),
    timeline: kept,
    timelineOmitted: omitted,
    alerts: [...input.alerts].sort((a, b) => a.firstAt - b.firstAt),
    alertCount: input.alerts.reduce((s, a) => s + a.count, 0),
    runbooks: [...input.runbooks],
    changes: [...(input.changes ?? [])].sort((a, b) => a.at - b.at),
    roles: Object.entries(input.incident.roles).map(([role, name]) => ({ role, name })),
  };
}

// The sections' first text comes from the organisation's template: template.compute.ts (prefillSections).
