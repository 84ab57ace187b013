import { z } from 'zod';
import { TOKEN_SCOPES } from '../lib/roles';

export const createTokenSchema = z.object({
  name: z.string().trim().min(1, 'Name is required').max(80),
  scopes: z.array(z.enum(TOKEN_SCOPES)).min(1, 'Pick at least one scope'),
  expiresInDays: z.number().int().min(1).max(3650).nullable().default(null),
});
export type CreateTokenInput = z.input<typeof createTokenSchema>;

export type TokenDto = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdBy: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};
