import { describe, expect, it } from 'vitest';
import { listProcedures } from '@/tests/api/procedures';
import { appRouter } from '@/server/trpc/root';

// The declared action must fit what a procedure does: a change is never behind
// the read action, and the admin-only areas stay behind their admin actions.
const procedures = listProcedures(appRouter);

// Procedure path prefix -> the only actions its mutations may declare.
const ADMIN_AREAS: Array<[RegExp, string[]]> = [
  [/^users\./, ['user.manage']],
  [/^tokens\./, ['token.manage']],
  [/^dataSources\./, ['settings.manage']],
  [/^paging\.(saveChannel|deleteChannel|testChannel)$/, ['settings.manage']],
  [/^alerts\.setRules$/, ['settings.manage']],
  [/^audit\./, ['audit.view']],
];

describe('declared actions', () => {
  it.each(procedures.filter((p) => p.type === 'mutation').map((p) => [p.path, p.access] as const))('mutation %s is not behind app.read or public (%s)', (_path, access) => {
    expect(access).not.toBe('app.read');
    expect(access).not.toBe('public');
    expect(access).not.toBe('reports.view');
  });

  it.each(ADMIN_AREAS.flatMap(([re, allowed]) => procedures.filter((p) => re.test(p.path) && (p.type === 'mutation' || p.path.startsWith('audit.') || /^(tokens|users)\.list$/.test(p.path))).map((p) => [p.path, p.access, allowed] as const)))(
    '%s is behind %s',
    (_path, access, allowed) => {
      expect(allowed).toContain(access);
    },
  );

  it('lists secrets-bearing settings only to admins', () => {
    const byPath = new Map(procedures.map((p) => [p.path, p.access]));
    expect(byPath.get('paging.channels')).toBe('settings.manage');
    expect(byPath.get('alerts.deliveries')).toBe('settings.manage');
    expect(byPath.get('tokens.list')).toBe('token.manage');
  });
});
