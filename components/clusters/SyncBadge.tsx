import { Badge, type Tone } from '@/components/ui/Badge';

const TONE: Record<string, Tone> = { synced: 'success', syncing: 'info', pending: 'neutral', stale: 'warning', error: 'danger' };
const LABEL: Record<string, string> = { synced: 'Synced', syncing: 'Syncing', pending: 'Pending', stale: 'Stale', error: 'Error' };

export function SyncBadge({ state }: { state: string }) {
  return <Badge tone={TONE[state] ?? 'neutral'}>{LABEL[state] ?? state}</Badge>;
}
