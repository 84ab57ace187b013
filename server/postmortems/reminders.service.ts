import type { RequestContext } from '../lib/request-context';
import { recordAudit } from '../audit/audit.service';
import { db, inTransaction } from '../database/tx';
import { notifyPeople, type NoticeOutcome } from '../paging/notify.service';
import { publicBaseUrl } from '../paging/paging.service';
import * as items from './action-items.repo';
import { ensurePostmortem } from './postmortems.service';
import * as repo from './postmortems.repo';
import { REMINDER_STAGES, reminderDue } from './reminders.compute';

// The reminder sweep (worker job postmortems.remind): starts the drafts of
// resolved P1/P2 incidents that have none, reminds post-mortem owners before
// and after the due time, and tells action item owners their item is overdue.
// A stage is recorded as sent when every channel took it (or no channel covers
// the person: nothing to retry); a failed delivery is retried on the next run.

const SYSTEM: RequestContext = { actor: { kind: 'system', id: 'system', name: 'postmortem-reminders' }, requestId: null };
const DAY_MS = 86_400_000;

export type ReminderRun = { draftsStarted: number; reminders: number; actionItems: number; failed: string[] };

const delivered = (o: NoticeOutcome[]) => o.every((x) => x.ok);

export async function runReminders(now = Date.now()): Promise<ReminderRun> {
  const run: ReminderRun = { draftsStarted: 0, reminders: 0, actionItems: 0, failed: [] };
  for (const inc of await repo.resolvedWithoutPostmortem(db(), now - 30 * DAY_MS)) {
    await ensurePostmortem(SYSTEM, inc.id, now);
    run.draftsStarted++;
  }
  const base = publicBaseUrl();
  for (const pm of await repo.reminderCandidates(db(), now, -REMINDER_STAGES[0].offsetMs)) {
    const stage = reminderDue(pm.dueAt!.getTime(), pm.remindersSent, now);
    if (!stage) continue;
    const outcomes = await notifyPeople([pm.ownerId!], {
      type: 'postmortem.reminder',
      subject: `Post-mortem ${pm.title} ${stage.words}`,
      text: `Due ${pm.dueAt!.toISOString().slice(0, 16).replace('T', ' ')} UTC. Write it, add action items and submit it for review.`,
      url: base ? `${base}/incidents/${pm.incidentId}/postmortem` : null,
    });
    if (!delivered(outcomes)) {
      run.failed.push(...outcomes.filter((o) => !o.ok).map((o) => `${o.target}: ${o.detail}`));
      continue;
    }
    await inTransaction(async (tx) => {
      await repo.markReminded(tx, pm.id, [...pm.remindersSent, stage.key]);
      await recordAudit(tx, SYSTEM, { action: 'postmortem.remind', targetType: 'postmortem', targetId: pm.id, after: { stage: stage.key, ownerId: pm.ownerId, channels: outcomes.map((o) => o.target) } });
    });
    run.reminders++;
  }
  for (const item of await items.overdueUnreminded(db(), now)) {
    const outcomes = await notifyPeople([item.ownerId!], {
      type: 'action_item.overdue',
      subject: `Action item overdue: ${item.title}`,
      text: `From the post-mortem of #${item.postMortem.incident.number} ${item.postMortem.incident.title}; due ${item.dueAt!.toISOString().slice(0, 10)}. Finish it, or mark it won't do with a reason.`,
      url: base ? `${base}/postmortems/action-items?owner=${item.ownerId}` : null,
    });
    if (!delivered(outcomes)) {
      run.failed.push(...outcomes.filter((o) => !o.ok).map((o) => `${o.target}: ${o.detail}`));
      continue;
    }
    await inTransaction(async (tx) => {
      await items.markReminded(tx, item.id, [...item.remindersSent, 'overdue']);
      await recordAudit(tx, SYSTEM, { action: 'action_item.remind', targetType: 'action_item', targetId: item.id, after: { ownerId: item.ownerId, channels: outcomes.map((o) => o.target) } });
    });
    run.actionItems++;
  }
  return run;
}
