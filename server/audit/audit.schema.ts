import { z } from 'zod';
import { text } from '../lib/text';

const MAX_BIGINT = 9_223_372_036_854_775_807n;

export const auditFilterSchema = z.object({
  action: text().trim().max(100).optional(),
  actor: text().trim().max(200).optional(),
  targetType: text().trim().max(100).optional(),
  targetId: text().trim().max(200).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  // An audit row id (Postgres bigint): digits that fit in a signed 64-bit integer.
  cursor: z
    .string()
    .regex(/^\d{1,19}$/, 'must be an audit entry id')
    .refine((v) => !/^\d{1,19}$/.test(v) || BigInt(v) <= MAX_BIGINT, 'must be an audit entry id')
    .optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export type AuditEntryDto = {
  id: string;
  at: Date;
  actorType: 'user' | 'token' | 'system';
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  /** The target's current name (audit.service), null when it has none or was deleted. */
  targetName?: string | null;
};
