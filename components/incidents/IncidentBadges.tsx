import type { ReactNode } from 'react';
import { Badge } from '@/components/ui/Badge';
import { SEVERITY_TONE, stateTone } from './format';

/** P1/P2/P3 in its tone, wherever incidents are listed. */
export function SeverityBadge({ severity }: { severity: keyof typeof SEVERITY_TONE }) {
  return <Badge tone={SEVERITY_TONE[severity]}>{severity}</Badge>;
}

/** The incident's status label in the tone of its state. */
export function StateBadge({ state, children }: { state: string; children: ReactNode }) {
  return <Badge tone={stateTone(state)}>{children}</Badge>;
}
