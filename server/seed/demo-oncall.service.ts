import type { RequestContext } from '../lib/request-context';
import { localDateString } from '../lib/time-zone';
import { oncallOverview, savePolicy, saveSchedule } from '../oncall/oncall.service';
import { listChannels, saveChannel } from '../paging/paging.service';
import { listTeams } from '../teams/teams.service';
import { listUsers } from '../users/users.service';
import { DEMO_TEAMS, DEMO_USERS } from './demo.data';

const SCHEDULE = 'Primary rotation';
const POLICY = 'Default escalation';
// Roles that carry a pager; a team without one borrows the demo engineer and commander.
const ON_CALL_ROLES = new Set(['admin', 'engineer', 'incident_commander']);

/**
 * A weekly rotation and a default escalation policy (rotation, then the team
 * lead after 15 min, then the demo incident commander after 30 min) per demo
 * team, through the on-call service (validated, audited). Idempotent by name.
 */
export async function seedDemoOncall(ctx: RequestContext, now = Date.now()): Promise<string[]> {
  const users = (await listUsers(ctx)).filter((u) => !u.disabled);
  const byEmail = new Map(users.map((u) => [u.email, u]));
  const demoUser = (key: string) => byEmail.get(DEMO_USERS.find((u) => u.key === key)!.email);
  const overview = await oncallOverview(ctx, {}, now);
  const teams = new Map((await listTeams(ctx)).map((t) => [t.slug, t]));
  const created: string[] = [];
  for (const demo of DEMO_TEAMS) {
    const team = teams.get(demo.slug);
    if (!team) continue;
    const members = team.members.map((m) => users.find((u) => u.id === m.userId)).filter((u) => u && ON_CALL_ROLES.has(u.role));
    const participants = (members.length > 0 ? members : [demoUser('engineer'), demoUser('commander')]).flatMap((u) => (u ? [u.id] : []));
    if (participants.length === 0) continue;
    let scheduleId = overview.schedules.find((s) => s.teamId === team.id && s.name === SCHEDULE)?.id;
    if (!scheduleId) {
      // Started four weeks ago so the calendar and "who was on call" have history.
      ({ id: scheduleId } = await saveSchedule(ctx, {
        teamId: team.id,
        name: SCHEDULE,
        layers: [{ name: 'Weekly', turn: { type: 'weekly' }, handoffTime: '09:00', timeZone: demo.timeZone, startDate: localDateString(now - 28 * 86_400_000, demo.timeZone), participants }],
      }));
      created.push(`${demo.slug}/${SCHEDULE}`);
    }
    if (overview.policies.some((p) => p.teamId === team.id && p.name === POLICY)) continue;
    const commander = demoUser('commander');
    await savePolicy(ctx, {
      teamId: team.id,
      name: POLICY,
      isDefault: true,
      steps: [
        { afterMinutes: 0, targets: [{ type: 'schedule', scheduleId }] },
        { afterMinutes: 15, targets: [{ type: 'team-lead' }] },
        ...(commander ? [{ afterMinutes: 30, targets: [{ type: 'user' as const, userId: commander.id }] }] : []),
      ],
    });
    created.push(`${demo.slug}/${POLICY}`);
  }
  if (await seedInboxChannel(ctx)) created.push(`channel ${DEMO_INBOX_CHANNEL}`);
  return created;
}

const DEMO_INBOX_CHANNEL = 'Runwell inbox';

/** The built-in inbox for everyone, so a demo page reaches a person who can read it (/inbox). */
async function seedInboxChannel(ctx: RequestContext): Promise<boolean> {
  if ((await listChannels(ctx)).some((c) => c.kind === 'inbox')) return false;
  await saveChannel(ctx, { kind: 'inbox', name: DEMO_INBOX_CHANNEL, enabled: true });
  return true;
}
