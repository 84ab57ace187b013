import { describe, expect, it } from 'vitest';
import { auditFilterSchema } from '@/server/audit/audit.schema';
import { EMPTY_AUDIT_FILTER, toAuditQuery } from './audit-filter';

describe('toAuditQuery', () => {
  it('drops empty fields', () => {
    expect(toAuditQuery(EMPTY_AUDIT_FILTER)).toEqual({
      action: undefined,
      actor: undefined,
      targetType: undefined,
      from: undefined,
      to: undefined,
    });
  });

  it('trims text and turns days into an inclusive local-time range', () => {
    const query = toAuditQuery({ action: ' user. ', actor: 'ada', targetType: 'user', from: '2026-03-01', to: '2026-03-02' });
    expect(query.action).toBe('user.');
    expect(query.from).toEqual(new Date(2026, 2, 1, 0, 0, 0, 0));
    expect(query.to).toEqual(new Date(2026, 2, 2, 23, 59, 59, 999));
    expect(auditFilterSchema.safeParse({ ...query, limit: 50 }).success).toBe(true);
  });
});
