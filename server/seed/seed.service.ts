import type { RequestContext } from '../lib/request-context';
import { generatePassword } from '../users/password';
import { can } from '../lib/roles';
import { createService, listServices } from '../catalog/catalog.service';
import { DomainError } from '../errors';
import { addMember, createTeam, listTeams } from '../teams/teams.service';
import { createUser, listUsers } from '../users/users.service';
import { seedDemoChanges } from './demo-changes.service';
import { seedDemoOncall } from './demo-oncall.service';
import { seedDemoToil } from './demo-toil.service';
import { seedDemoDomains } from './demo-domains.service';
import { DEMO_SERVICES, DEMO_TEAMS, DEMO_USERS, demoLinks } from './demo.data';

export type SeededUser = { email: string; name: string; role: string; password: string };
export type SeedResult = {
  /** Users created by this run, with the one-time password. Empty when they all existed. */
  createdUsers: SeededUser[];
  createdTeams: string[];
  createdServices: string[];
  addedMemberships: number;
  /** On-call schedules and escalation policies created, as team/name. */
  createdOncall: string[];
};

// Idempotent: creates only what is missing, through the domain services so each
// row is validated and audited. Passwords are random, handed back once for the
// caller to show, and only their hash is stored (by createUser).
export async function seedDemo(ctx: RequestContext): Promise<SeedResult> {
  if (!can(ctx.actor, 'user.manage') || !can(ctx.actor, 'catalog.manage')) {
    throw new DomainError('FORBIDDEN', 'Only an admin or the system can seed demo data');
  }
  const createdUsers = await seedUsers(ctx);
  const catalog = await seedCatalog(ctx);
  const createdOncall = await seedDemoOncall(ctx);
  // The change ledger's demo entries are not counted: a re-seed finds them by externalId.
  await seedDemoChanges(ctx);
  // Toil history is not counted either: a team with logged toil is left alone.
  await seedDemoToil(ctx);
  // Domain runbooks, recovery targets and drills: also found again on a re-seed.
  await seedDemoDomains(ctx);
  return { createdUsers, ...catalog, createdOncall };
}

async function seedUsers(ctx: RequestContext): Promise<SeededUser[]> {
  const existing = new Set((await listUsers(ctx)).map((u) => u.email));
  const created: SeededUser[] = [];
  for (const demo of DEMO_USERS) {
    if (existing.has(demo.email)) continue;
    const password = generatePassword();
    await createUser(ctx, { email: demo.email, name: demo.name, role: demo.role, password });
    created.push({ email: demo.email, name: demo.name, role: demo.role, password });
  }
  return created;
}

export async function seedCatalog(
  ctx: RequestContext,
): Promise<Omit<SeedResult, 'createdUsers' | 'createdOncall'>> {
  const usersByEmail = new Map((await listUsers(ctx)).map((u) => [u.email, u]));
  const teams = new Map((await listTeams(ctx)).map((t) => [t.slug, t]));
  const createdTeams: string[] = [];
  let addedMemberships = 0;

  for (const demo of DEMO_TEAMS) {
    let team = teams.get(demo.slug);
    if (!team) {
      const created = await createTeam(ctx, {
        slug: demo.slug,
        name: demo.name,
        description: demo.description,
        timeZone: demo.timeZone,
      });
      team = { ...created, members: [], serviceCount: 0 };
      teams.set(demo.slug, team);
      createdTeams.push(demo.slug);
    }
    const memberIds = new Set(team.members.map((m) => m.userId));
    for (const member of demo.members) {
      const user = usersByEmail.get(DEMO_USERS.find((u) => u.key === member.user)!.email);
      // A demo user someone deleted or disabled stays out; the seed does not resurrect people.
      if (!user || user.disabled || memberIds.has(user.id)) continue;
      await addMember(ctx, { teamId: team.id, userId: user.id, isLead: member.isLead });
      addedMemberships += 1;
    }
  }

  const services = new Set((await listServices(ctx)).map((s) => s.slug));
  const createdServices: string[] = [];
  for (const demo of DEMO_SERVICES) {
    const team = teams.get(demo.team);
    if (services.has(demo.slug) || !team) continue;
    await createService(ctx, {
      slug: demo.slug,
      name: demo.name,
      description: demo.description,
      tier: demo.tier,
      links: demoLinks(demo),
      teamId: team.id,
    });
    createdServices.push(demo.slug);
  }
  return { createdTeams, createdServices, addedMemberships };
}

export function hasSeededAnything(result: SeedResult): boolean {
  return (
    result.createdUsers.length + result.createdTeams.length + result.createdServices.length + result.addedMemberships + result.createdOncall.length > 0
  );
}
