import { Badge, type Tone } from '@/components/ui/Badge';

// Bands follow Polaris' dashboard: 90+ good, 70+ needs work, below that poor.
function scoreTone(score: number): Tone {
  return score >= 90 ? 'success' : score >= 70 ? 'warning' : 'danger';
}

export function ScoreBadge({ score }: { score: number }) {
  return <Badge tone={scoreTone(score)}>{score}</Badge>;
}

export function SeverityBadge({ severity }: { severity: 'danger' | 'warning' }) {
  return <Badge tone={severity === 'danger' ? 'danger' : 'warning'}>{severity}</Badge>;
}

export function workloadHref(w: { clusterName: string; namespace: string; kind: string; name: string }): string {
  return `/readiness/${[w.clusterName, w.namespace || '_', w.kind, w.name].map(encodeURIComponent).join('/')}`;
}
