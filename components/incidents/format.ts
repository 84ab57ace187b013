// Small display helpers for incidents (pure; unit-tested).

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h < 48) return m ? `${h} h ${m} min` : `${h} h`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export const SEVERITY_TONE = { P1: 'danger', P2: 'warning', P3: 'info' } as const;

export function stateTone(state: string): 'danger' | 'warning' | 'success' | 'neutral' | 'info' {
  if (state === 'triage') return 'danger';
  if (state === 'investigating' || state === 'identified') return 'warning';
  if (state === 'mitigated') return 'info';
  if (state === 'resolved' || state === 'closed') return 'success';
  return 'neutral';
}
