import { describe, expect, it } from 'vitest';
import { addMemberSchema, createTeamSchema, slugSchema, updateTeamSchema } from './teams.schema';

describe('slugSchema', () => {
  it.each([
    ['payments', true],
    ['payments-api', true],
    ['a1', true],
    ['  checkout  ', true],
    ['x'.repeat(40), true],
    ['x'.repeat(41), false],
    ['a', false],
    ['Payments', false],
    ['payments_api', false],
    ['-payments', false],
    ['payments-', false],
    ['pay--ments', false],
    ['pay ments', false],
    ['', false],
  ])('%j valid=%s', (slug, valid) => {
    expect(slugSchema.safeParse(slug).success).toBe(valid);
  });
});

describe('createTeamSchema', () => {
  it('fills defaults and canonicalises the zone', () => {
    expect(createTeamSchema.parse({ slug: 'sre', name: ' SRE ' })).toEqual({
      slug: 'sre',
      name: 'SRE',
      description: '',
      timeZone: 'UTC',
    });
    expect(createTeamSchema.parse({ slug: 'sre', name: 'SRE', timeZone: 'europe/berlin' }).timeZone).toBe('Europe/Berlin');
  });

  it.each([
    [{ slug: 'Bad Slug', name: 'x' }, 'slug'],
    [{ slug: 'ok', name: '' }, 'name'],
    [{ slug: 'ok', name: 'x', timeZone: 'Nowhere/Town' }, 'timeZone'],
    [{ slug: 'ok', name: 'x', description: 'd'.repeat(2001) }, 'description'],
  ])('rejects %j at %s', (input, path) => {
    const result = createTeamSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe('updateTeamSchema / addMemberSchema', () => {
  it('accepts partial updates', () => {
    expect(updateTeamSchema.parse({ id: 't1', name: 'New' })).toEqual({ id: 't1', name: 'New' });
  });
  it('defaults isLead to false', () => {
    expect(addMemberSchema.parse({ teamId: 't', userId: 'u' })).toEqual({ teamId: 't', userId: 'u', isLead: false });
  });
});
