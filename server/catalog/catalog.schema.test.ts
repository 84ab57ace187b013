import { describe, expect, it } from 'vitest';
import { createServiceSchema, linkUrlSchema, MAX_LINKS, SERVICE_TIERS, TIER_LABELS, updateServiceSchema } from './catalog.schema';

describe('linkUrlSchema', () => {
  it.each([
    ['https://grafana.example.com/d/abc', true],
    ['http://runbooks.internal/payments', true],
    ['  https://example.com  ', true],
    ['javascript:alert(1)', false],
    ['ftp://example.com/file', false],
    ['file:///etc/passwd', false],
    ['mailto:sre@example.com', false],
    ['example.com', false],
    ['/relative/path', false],
    ['', false],
  ])('%j valid=%s', (url, valid) => {
    expect(linkUrlSchema.safeParse(url).success).toBe(valid);
  });
});

describe('createServiceSchema', () => {
  const base = { slug: 'checkout', name: 'Checkout', teamId: 'team1' };

  it('fills defaults', () => {
    expect(createServiceSchema.parse(base)).toEqual({ ...base, description: '', tier: 'tier2', links: [] });
  });

  it.each([
    [{ ...base, slug: 'Checkout!' }, 'slug'],
    [{ ...base, tier: 'tier4' }, 'tier'],
    [{ ...base, teamId: '' }, 'teamId'],
    [{ ...base, links: [{ label: 'Runbook', url: 'javascript:alert(1)' }] }, 'links.0.url'],
    [{ ...base, links: [{ label: '', url: 'https://x.example' }] }, 'links.0.label'],
    [{ ...base, links: Array.from({ length: MAX_LINKS + 1 }, () => ({ label: 'l', url: 'https://x.example' })) }, 'links'],
  ])('rejects %j at %s', (input, path) => {
    const result = createServiceSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('accepts exactly MAX_LINKS links', () => {
    const links = Array.from({ length: MAX_LINKS }, (_, i) => ({ label: `l${i}`, url: `https://x.example/${i}` }));
    expect(createServiceSchema.parse({ ...base, links }).links).toHaveLength(MAX_LINKS);
  });

  it('accepts partial updates', () => {
    expect(updateServiceSchema.parse({ id: 's1', tier: 'tier1' })).toEqual({ id: 's1', tier: 'tier1' });
  });
});

describe('TIER_LABELS', () => {
  it('labels every tier, tier 1 as customer-facing and critical', () => {
    expect(Object.keys(TIER_LABELS)).toEqual([...SERVICE_TIERS]);
    expect(TIER_LABELS.tier1).toBe('Tier 1 — customer-facing, critical');
  });
});
