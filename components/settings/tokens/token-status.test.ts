import { describe, expect, it } from 'vitest';
import { tokenStatus } from './token-status';

const now = new Date('2026-06-01T12:00:00Z');

describe('tokenStatus', () => {
  it.each([
    [{ revokedAt: null, expiresAt: null }, 'Active'],
    [{ revokedAt: null, expiresAt: new Date('2026-06-02T00:00:00Z') }, 'Active'],
    [{ revokedAt: null, expiresAt: now }, 'Expired'],
    [{ revokedAt: new Date('2026-05-01T00:00:00Z'), expiresAt: new Date('2026-01-01T00:00:00Z') }, 'Revoked'],
  ])('%j -> %s', (token, label) => {
    expect(tokenStatus(token, now).label).toBe(label);
  });
});
