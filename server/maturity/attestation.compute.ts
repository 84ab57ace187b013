import { NOT_OBSERVED, PARTLY_OBSERVED } from './evidence.compute';
import { MARKERS } from './maturity.compute';
import { ATTESTABLE_MARKER_IDS, type AttestationView, type MarkerResult } from './maturity.schema';

// Attestations (docs/maturity.md "Attestations"): a team lead's word, with an
// evidence link and an expiry, for a criterion Runwell cannot observe. A valid
// attestation (not revoked, not expired) makes an unmet criterion met with
// source "attested"; an expired one is shown but no longer counts. Pure.

const DAY_MS = 86_400_000;

export type AttestationFact = {
  id: string;
  teamId: string;
  markerId: string;
  evidenceUrl: string;
  note: string;
  attestedByName: string;
  attestedAt: number;
  expiresAt: number;
  revokedAt: number | null;
};

/** The markers whose evidence has no source, or only part of one: derived from the model, pinned against ATTESTABLE_MARKER_IDS by a test. */
export function attestableMarkerIds(): string[] {
  return MARKERS.filter((d) => d.evidence in NOT_OBSERVED || d.evidence in PARTLY_OBSERVED).map((d) => d.id);
}
const ATTESTABLE = new Set<string>(ATTESTABLE_MARKER_IDS);

export function isAttestable(markerId: string): boolean {
  return ATTESTABLE.has(markerId);
}

export function isValid(a: Pick<AttestationFact, 'revokedAt' | 'expiresAt' | 'attestedAt'>, now: number): boolean {
  return a.revokedAt === null && a.attestedAt <= now && a.expiresAt > now;
}

export function expiryOf(attestedAt: number, days: number): number {
  return attestedAt + days * DAY_MS;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function view(a: AttestationFact, now: number): AttestationView {
  return { id: a.id, by: a.attestedByName, at: new Date(a.attestedAt).toISOString(), until: new Date(a.expiresAt).toISOString(), evidenceUrl: a.evidenceUrl, note: a.note, expired: !isValid(a, now) };
}

/** The latest unrevoked attestation per team and marker (newest attestedAt wins). */
export function latestByKey(all: readonly AttestationFact[]): Map<string, AttestationFact> {
  const out = new Map<string, AttestationFact>();
  for (const a of all) {
    if (a.revokedAt !== null) continue;
    const key = `${a.teamId}\u0000${a.markerId}`;
    const prev = out.get(key);
    if (!prev || a.attestedAt > prev.attestedAt) out.set(key, a);
  }
  return out;
}

/** A team's markers with its attestations applied. */
export function attestTeam(markers: readonly MarkerResult[], teamId: string, latest: ReadonlyMap<string, AttestationFact>, now: number): MarkerResult[] {
  return markers.map((m) => {
    if (!isAttestable(m.id)) return m;
    const a = latest.get(`${teamId}\u0000${m.id}`);
    if (!a) return { ...m, attestable: true };
    const v = view(a, now);
    // Measured evidence wins: an attestation never overrides a met measure. A partly observed
    // marker (canary, chaos, KEDA) measured unmet is still attestable: the collectors cannot see everything.
    if (v.expired || m.status === 'met') return { ...m, attestable: true, attestation: v, detail: v.expired ? `${m.detail} (attestation by ${v.by} expired ${day(a.expiresAt)})` : m.detail };
    return { ...m, status: 'met', source: 'attested', attestable: true, attestation: v, detail: `attested by ${v.by} until ${day(a.expiresAt)}${a.note ? `: ${a.note}` : ''}`, href: a.evidenceUrl };
  });
}

/** The organisation: an unobservable criterion is met when every team owning services holds a valid attestation of it. */
export function attestOrg(markers: readonly MarkerResult[], teamIds: readonly string[], latest: ReadonlyMap<string, AttestationFact>, now: number): MarkerResult[] {
  return markers.map((m) => {
    if (!isAttestable(m.id)) return m;
    if (m.status === 'met' || teamIds.length === 0) return { ...m, attestable: true };
    const attested = teamIds.filter((t) => {
      const a = latest.get(`${t}\u0000${m.id}`);
      return a !== undefined && isValid(a, now);
    }).length;
    if (attested === teamIds.length) return { ...m, status: 'met', source: 'attested', attestable: true, detail: `attested by all ${teamIds.length} teams owning services` };
    return { ...m, attestable: true, detail: attested ? `${m.detail} (attested by ${attested} of ${teamIds.length} teams)` : m.detail };
  });
}
