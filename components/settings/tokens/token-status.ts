import type { TokenDto } from '@/server/tokens/tokens.schema';
import type { Tone } from '../../ui/Badge';

export function tokenStatus(token: Pick<TokenDto, 'revokedAt' | 'expiresAt'>, now: Date): { label: string; tone: Tone } {
  if (token.revokedAt) return { label: 'Revoked', tone: 'danger' };
  if (token.expiresAt && token.expiresAt.getTime() <= now.getTime()) return { label: 'Expired', tone: 'warning' };
  return { label: 'Active', tone: 'success' };
}
