import type { Db } from '../database/tx';
import { MAX_ATTEMPTS } from './schedule.compute';

// The monthly e-mail's schedule (one row, id "monthly") and its sends (one row
// per period and recipient: the unique key is what makes a send happen once).

const ID = 'monthly';

export function getSchedule(db: Db) {
  return db.reportSchedule.findUnique({ where: { id: ID } });
}

export function saveSchedule(db: Db, v: { enabled: boolean; dayOfMonth: number; hour: number; channelId: string | null; toExecutives: boolean; recipients: string[] }) {
  return db.reportSchedule.upsert({ where: { id: ID }, create: { id: ID, ...v }, update: v });
}

export function sendsFor(db: Db, period: string) {
  return db.reportSend.findMany({ where: { period }, select: { recipient: true, status: true, attempts: true } });
}

export function listSends(db: Db, take: number) {
  return db.reportSend.findMany({ orderBy: [{ createdAt: 'desc' }, { recipient: 'asc' }], take });
}

/**
 * Claims the period's e-mail to one recipient before sending it: a new row, or
 * a failed one with attempts left. False when another run holds or finished it.
 */
export async function claim(db: Db, period: string, recipient: string): Promise<boolean> {
  const created = await db.reportSend.createMany({ data: [{ period, recipient, status: 'sending', attempts: 1 }], skipDuplicates: true });
  if (created.count === 1) return true;
  const retried = await db.reportSend.updateMany({ where: { period, recipient, status: 'failed', attempts: { lt: MAX_ATTEMPTS } }, data: { status: 'sending', attempts: { increment: 1 } } });
  return retried.count === 1;
}

export function finish(db: Db, period: string, recipient: string, outcome: { ok: boolean; detail: string }, at: Date) {
  return db.reportSend.update({ where: { period_recipient: { period, recipient } }, data: { status: outcome.ok ? 'sent' : 'failed', detail: outcome.detail.slice(0, 500), sentAt: outcome.ok ? at : null } });
}
