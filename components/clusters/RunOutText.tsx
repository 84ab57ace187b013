'use client';

import type { RunOutVerdict } from '@/components/overview/overview';
import { When } from '@/components/format/When';

/** The one wording of a cluster's run-out verdict (components/overview/overview.ts runOutVerdict). */
export function RunOutText({ verdict }: { verdict: RunOutVerdict }) {
  switch (verdict.kind) {
    case 'runs-out':
      return (
        <span className="text-danger">
          {verdict.resource === 'cpu' ? 'CPU' : 'Memory'} {verdict.already ? 'already full' : <When at={verdict.date} mode="date" />}
        </span>
      );
    case 'not-enough-history':
      return (
        <span className="muted" title={`${verdict.points} daily snapshot${verdict.points === 1 ? '' : 's'}; a forecast needs at least ${verdict.needed}`}>
          not enough history yet
        </span>
      );
    case 'not-within':
      return <span className="muted">not within {Math.round(verdict.horizonDays / 30.5)} months</span>;
    case 'no-snapshot':
      return <span className="muted">no snapshot yet</span>;
  }
}
