import { describe, expect, it } from 'vitest';
import { auditTargetHref, targetTypeLabel } from './audit-target.compute';

describe('auditTargetHref', () => {
  it.each([
    { type: 'service', id: 'svc1', name: 'Payments API', href: '/services/svc1' },
    { type: 'incident', id: 'inc1', name: '#4 Down', href: '/incidents/inc1' },
    { type: 'cluster', id: 'c1', name: 'prod eu', href: '/clusters/prod%20eu' },
    { type: 'page', id: 'p1', name: null, href: '/oncall?page=p1' },
    { type: 'api_token', id: 't1', name: 'ci', href: '/settings/tokens' },
    { type: 'secret_key', id: 'k1', name: null, href: null },
  ])('$type -> $href', ({ type, id, name, href }) => {
    expect(auditTargetHref(type, id, name)).toBe(href);
  });

  it('reads target types as words', () => {
    expect(targetTypeLabel('notification_channel')).toBe('notification channel');
  });
});
