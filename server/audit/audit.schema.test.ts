import { describe, expect, it } from 'vitest';
import { auditFilterSchema } from './audit.schema';

// Issue 10, finding 9: a 26-digit cursor overflowed Postgres bigint (a 500).
describe('audit.list filter', () => {
  it.each(['1', '42', '9223372036854775807'])('accepts cursor %s', (cursor) => {
    expect(auditFilterSchema.safeParse({ cursor }).success).toBe(true);
  });

  it.each(['99999999999999999999999999', '9223372036854775808', '-1', '1e3', ''])('refuses cursor "%s" with the field path', (cursor) => {
    const result = auditFilterSchema.safeParse({ cursor });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['cursor']);
  });

  it('refuses NUL in a filter', () => {
    expect(auditFilterSchema.safeParse({ action: 'team.\u0000' }).error!.issues[0]!.path).toEqual(['action']);
  });
});
