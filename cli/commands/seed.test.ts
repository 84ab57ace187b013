import { describe, expect, it } from 'vitest';
import { credentialsBox, describeSeed } from './seed';

const users = [
  { email: 'admin@demo.runwell.local', name: 'Ada', role: 'admin', password: 'pw-admin-123456' },
  { email: 'viewer@demo.runwell.local', name: 'Vic', role: 'viewer', password: 'pw-viewer-123456' },
];

describe('credentialsBox', () => {
  const box = credentialsBox(users);
  const lines = box.split('\n');

  it('shows every user and password once', () => {
    for (const u of users) {
      expect(box.split(u.password)).toHaveLength(2);
      expect(box).toContain(u.email);
    }
    expect(box).toMatch(/shown ONCE/);
  });

  it('draws a closed box of equal-width rows', () => {
    const boxed = lines.filter((l) => /^[┌├└│]/.test(l));
    expect(boxed).toHaveLength(6);
    expect(new Set(boxed.map((l) => l.length)).size).toBe(1);
  });
});

describe('describeSeed', () => {
  it.each([
    {
      name: 'nothing new',
      result: { createdUsers: [], createdTeams: [], createdServices: [], addedMemberships: 0, createdOncall: [] },
      want: ['Demo data already present; nothing to do.'],
      passwords: false,
    },
    {
      name: 'catalog only',
      result: { createdUsers: [], createdTeams: ['search'], createdServices: ['search-api'], addedMemberships: 1, createdOncall: [] },
      want: ['Created teams: search', 'Added 1 team membership(s)', 'Created services: search-api'],
      passwords: false,
    },
    {
      name: 'on-call only',
      result: { createdUsers: [], createdTeams: [], createdServices: [], addedMemberships: 0, createdOncall: ['search/Primary rotation'] },
      want: ['Created on-call schedules and escalation policies: search/Primary rotation'],
      passwords: false,
    },
    {
      name: 'fresh install',
      result: { createdUsers: users, createdTeams: ['payments'], createdServices: [], addedMemberships: 0, createdOncall: [] },
      want: [expect.stringContaining('pw-admin-123456'), 'Created teams: payments'],
      passwords: true,
    },
  ])('$name', ({ result, want, passwords }) => {
    const lines = describeSeed(result);
    expect(lines).toEqual(want);
    expect(lines.join('\n').includes('Password')).toBe(passwords);
  });
});
