// "We have seen this before" (docs/postmortems.md): past post-mortems of
// incidents that share a service or an alert name with the current one, the
// closest first. Pure: the repository hands over candidates, this ranks them.

export type Signature = { serviceIds: readonly string[]; alertnames: readonly string[] };

export type SeenBeforeCandidate = {
  postmortemId: string;
  incidentId: string;
  startedAt: number;
  services: readonly { id: string; name: string }[];
  alertnames: readonly string[];
};

export type SeenBeforeMatch<C extends SeenBeforeCandidate> = C & {
  sharedServices: string[];
  sharedAlerts: string[];
  /** 'both' (same service and alert signature), 'alert' or 'service'. */
  match: 'both' | 'alert' | 'service';
};

const RANK = { both: 0, alert: 1, service: 2 } as const;

/**
 * Keeps the candidates that share something with `current`; ranks the ones with
 * the same service AND alert first, then the same alert (the same symptom,
 * perhaps elsewhere), then the same service; newest first within a rank.
 */
export function rankSeenBefore<C extends SeenBeforeCandidate>(current: Signature, candidates: readonly C[], limit = 5): SeenBeforeMatch<C>[] {
  const services = new Set(current.serviceIds);
  const alerts = new Set(current.alertnames);
  const matches: SeenBeforeMatch<C>[] = [];
  for (const c of candidates) {
    const sharedServices = c.services.filter((s) => services.has(s.id)).map((s) => s.name);
    const sharedAlerts = [...new Set(c.alertnames.filter((a) => alerts.has(a)))];
    if (!sharedServices.length && !sharedAlerts.length) continue;
    const match = sharedServices.length && sharedAlerts.length ? 'both' : sharedAlerts.length ? 'alert' : 'service';
    matches.push({ ...c, sharedServices, sharedAlerts, match });
  }
  return matches.sort((a, b) => RANK[a.match] - RANK[b.match] || b.startedAt - a.startedAt).slice(0, limit);
}
