import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../users/password';
import { getPrisma } from '../db';
import { DEMO_SERVICES, DEMO_TEAMS, DEMO_USERS } from './demo.data';
import { oncallOverview } from '../oncall/oncall.service';
import { seedDemo } from './seed.service';
import { listChannels } from '../paging/paging.service';

const ROOT = path.resolve(import.meta.dirname, '../..');
const seedCtx = { actor: { kind: 'system' as const, id: 'system' as const, name: 'seed' }, requestId: null };

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin/runwell.mjs'), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('demo seed', () => {
  it('`runwell seed --demo` creates the demo once, printing passwords only the first time', () => {
    const first = cli('seed', '--demo');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/Passwords are shown ONCE/);
    for (const u of DEMO_USERS) expect(first.out).toContain(u.email);

    const second = cli('seed', '--demo');
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/Demo data already present; nothing to do\./);
    expect(second.out).not.toMatch(/Password/i);
  }, 120_000);

  it('`runwell seed` without --demo is a usage error', () => {
    expect(cli('seed').code).toBe(2);
  }, 60_000);

  it('leaves every demo user, team and service in place, and a second run creates nothing', async () => {
    const again = await seedDemo(seedCtx);
    expect(again).toEqual({ createdUsers: [], createdTeams: [], createdServices: [], addedMemberships: 0, createdOncall: [] });

    const db = getPrisma();
    const users = await db.user.findMany({ where: { email: { in: DEMO_USERS.map((u) => u.email) } } });
    expect(users.map((u) => [u.email, u.role]).sort()).toEqual(DEMO_USERS.map((u) => [u.email, u.role]).sort());
    const teams = await db.team.findMany({ where: { slug: { in: DEMO_TEAMS.map((t) => t.slug) } }, include: { members: true } });
    expect(teams).toHaveLength(DEMO_TEAMS.length);
    expect(teams.find((t) => t.slug === 'payments')!.members.some((m) => m.isLead)).toBe(true);
    const services = await db.service.findMany({ where: { slug: { in: DEMO_SERVICES.map((s) => s.slug) } } });
    expect(services).toHaveLength(DEMO_SERVICES.length);
    expect(new Set(services.map((s) => s.tier))).toEqual(new Set(['tier1', 'tier2', 'tier3']));
    expect((services[0]!.links as unknown[]).length).toBeGreaterThan(0);
    // Every demo team has a rotation with people on it and a default escalation policy.
    const overview = await oncallOverview(seedCtx, {});
    for (const team of teams) {
      const schedule = overview.schedules.find((s) => s.teamId === team.id && s.name === 'Primary rotation');
      expect(schedule, team.slug).toBeDefined();
      expect(overview.policies.find((p) => p.teamId === team.id && p.isDefault)?.steps[0]?.targets).toEqual([{ type: 'schedule', scheduleId: schedule!.id }]);
    }
    // A page reaches someone who can read it: the built-in inbox channel.
    expect((await listChannels(seedCtx)).filter((c) => c.kind === 'inbox' && c.enabled)).not.toHaveLength(0);
  });

  it('stores only password hashes, that the printed passwords match, and audits as the seed', async () => {
    const db = getPrisma();
    const email = DEMO_USERS[0]!.email;
    // Re-create one user to see its one-time password.
    await db.teamMember.deleteMany({ where: { user: { email } } });
    await db.user.delete({ where: { email } });
    const result = await seedDemo(seedCtx);
    expect(result.createdUsers.map((u) => u.email)).toEqual([email]);
    expect(result.addedMemberships).toBeGreaterThan(0);
    const { password } = result.createdUsers[0]!;
    expect(password.length).toBeGreaterThanOrEqual(20);

    const stored = await db.user.findUniqueOrThrow({ where: { email } });
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
    expect(stored.passwordHash).not.toContain(password);
    expect(await verifyPassword(password, stored.passwordHash!)).toBe(true);

    const audit = await db.auditLog.findMany({ where: { actorLabel: 'system:seed', targetId: stored.id } });
    expect(audit.map((a) => a.action)).toContain('user.create');
    expect(JSON.stringify(audit.map((a) => [a.before, a.after]))).not.toContain(password);
    const seeded = await db.auditLog.groupBy({ by: ['action'], where: { actorLabel: 'system:seed' }, _count: true });
    expect(seeded.map((s) => s.action).sort()).toEqual(
      expect.arrayContaining(['service.create', 'team.create', 'team.member_add', 'user.create']),
    );
  });
});
