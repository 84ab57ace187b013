import { Badge, type Tone } from '@/components/ui/Badge';
import { TIER_LABELS, TIER_SHORT_LABELS, type ServiceTier } from '@/server/catalog/catalog.schema';

const TONES: Record<ServiceTier, Tone> = { tier1: 'danger', tier2: 'warning', tier3: 'neutral' };

export function TierBadge({ tier }: { tier: ServiceTier }) {
  return (
    <span title={TIER_LABELS[tier]}>
      <Badge tone={TONES[tier]}>{TIER_SHORT_LABELS[tier]}</Badge>
    </span>
  );
}
