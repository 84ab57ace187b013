import { aggregate, type Counts, type Scorecard } from './scorecard.compute';

// The daily readiness snapshot (docs/readiness.md, "Daily snapshots and trends"): every scope's
// scorecard (overall, cluster, namespace, team, service, workload) and the team
// as people read it. Pure: `now` is passed in.

export const SNAPSHOT_SCOPES = ['overall', 'cluster', 'namespace', 'team', 'service', 'workload'] as const;
type SnapshotScope = (typeof SNAPSHOT_SCOPES)[number];

export interface SnapshotRow extends Counts {
  clusterId: string;
  clusterName: string;
  kind: string;
  namespace: string;
  name: string;
  teamId: string | null;
  teamLabel: string | null;
  teamName: string | null;
  serviceId: string | null;
  serviceName: string | null;
}

export interface SnapshotRecord extends Scorecard {
  scope: SnapshotScope;
  key: string;
  label: string;
}

/** The day (UTC midnight) a snapshot taken at `now` belongs to. */
export function snapshotDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export function teamKeyOf(row: Pick<SnapshotRow, 'teamId' | 'teamLabel'>): string | null {
  return row.teamId ?? (row.teamLabel ? `label:${row.teamLabel}` : null);
}

/**
 * The team as people should read it: the catalog team's name, or the owning-team
 * label marked as such, so "Checkout" (a catalog team) and "notifications" (a
 * namespace label nobody mapped) are not mistaken for the same kind of thing.
 */
export function teamDisplayName(row: { teamName: string | null; teamLabel: string | null }): string | null {
  if (row.teamName) return row.teamName;
  return row.teamLabel ? `${row.teamLabel} (label, not a catalog team)` : null;
}

/** Every scope's scorecard from the current results: what one day's snapshot stores. */
export function snapshotRecords(rows: readonly SnapshotRow[]): SnapshotRecord[] {
  const labels = new Map<string, string>();
  const scoped = (scope: SnapshotScope, keyOf: (row: SnapshotRow) => string | null, labelOf: (row: SnapshotRow) => string): SnapshotRecord[] => {
    for (const row of rows) {
      const key = keyOf(row);
      if (key !== null && !labels.has(`${scope}\u0000${key}`)) labels.set(`${scope}\u0000${key}`, labelOf(row));
    }
    return [...aggregate(rows, keyOf)].map(([key, card]) => ({ scope, key, label: labels.get(`${scope}\u0000${key}`) ?? key, ...card }));
  };
  return [
    ...scoped('overall', () => 'all', () => 'All clusters'),
    ...scoped('cluster', (r) => r.clusterId, (r) => r.clusterName),
    ...scoped('namespace', (r) => `${r.clusterId}/${r.namespace}`, (r) => `${r.clusterName}/${r.namespace}`),
    ...scoped('team', teamKeyOf, (r) => teamDisplayName(r) ?? ''),
    ...scoped('service', (r) => r.serviceId, (r) => r.serviceName ?? ''),
    ...scoped('workload', (r) => `${r.clusterId}/${r.kind}/${r.namespace}/${r.name}`, (r) => `${r.clusterName}/${r.namespace}/${r.kind}/${r.name}`),
  ];
}
