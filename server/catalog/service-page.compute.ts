import { BAND_ORDER, bandRank, type BandOrNoData } from '../lib/policy-bands';

// The service page's summaries, from data the other domains already computed.

/** A service's error budget state: its worst SLO's band, and how many SLOs sit in each band (worst first). */
export function budgetState(slos: readonly { band: BandOrNoData; remainingPercent: number }[]): { worst: BandOrNoData | null; counts: { band: BandOrNoData; count: number }[] } {
  if (slos.length === 0) return { worst: null, counts: [] };
  const counts = new Map<BandOrNoData, number>();
  for (const s of slos) counts.set(s.band, (counts.get(s.band) ?? 0) + 1);
  // "No data" is not better than "normal" for a service that has a measured SLO: rank it last only
  // when every SLO lacks data, so a measured SLO's band speaks for the service.
  const measured = slos.filter((s) => s.band !== 'no-data');
  const worst = measured.length === 0 ? 'no-data' : measured.reduce((w, s) => (bandRank(s.band) < bandRank(w) ? s.band : w), measured[0]!.band);
  return { worst, counts: BAND_ORDER.filter((b) => counts.has(b)).map((band) => ({ band, count: counts.get(band)! })) };
}

/** SLOs worst first: band, then the least budget left. */
export function sortSlos<T extends { band: BandOrNoData; remainingPercent: number; name: string }>(slos: readonly T[]): T[] {
  return [...slos].sort((a, b) => bandRank(a.band) - bandRank(b.band) || a.remainingPercent - b.remainingPercent || a.name.localeCompare(b.name));
}

const RECENT_INCIDENT_DAYS = 30;

/** Open incidents, and those that ended within RECENT_INCIDENT_DAYS (newest first, as listed). */
export function splitIncidents<T extends { open: boolean; startedAt: number; resolvedAt: number | null }>(incidents: readonly T[], now: number, days = RECENT_INCIDENT_DAYS): { open: T[]; recent: T[] } {
  const since = now - days * 86_400_000;
  return {
    open: incidents.filter((i) => i.open),
    recent: incidents.filter((i) => !i.open && (i.resolvedAt ?? i.startedAt) >= since),
  };
}

/** Who is on call now for each of the team's schedules, by name ("nobody" when a gap). */
export function onCallNow(
  schedules: readonly { id: string; name: string; now: { userId: string | null; since: number | null; next: { at: number; userId: string | null } | null } }[],
  people: readonly { id: string; name: string }[],
): { scheduleId: string; schedule: string; person: string | null; since: number | null; nextAt: number | null; nextPerson: string | null }[] {
  const names = new Map(people.map((p) => [p.id, p.name]));
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? id) : null);
  return schedules.map((s) => ({
    scheduleId: s.id,
    schedule: s.name,
    person: nameOf(s.now.userId),
    since: s.now.since,
    nextAt: s.now.next?.at ?? null,
    nextPerson: nameOf(s.now.next?.userId ?? null),
  }));
}
