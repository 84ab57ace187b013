import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { actorWith, auditFor, expectDomainError, rejection, uniqueSlug } from '@/tests/setup/actors';
import { smtpSink } from '@/tests/paging/sinks';
import type { RequestContext } from '../lib/request-context';
import { deleteChannel, saveChannel } from '../paging/paging.service';
import { getReportSchedule, listReportSends, runMonthlyEmail, saveReportSchedule } from './schedule.service';

// The monthly e-mail end to end: the schedule saved in Settings (validated,
// audited), the job sends the last full month's PDF through the chosen SMTP
// channel to a local SMTP sink, once per period and recipient, and records it.

const SMTP_PORT = 9781;
let smtp: Awaited<ReturnType<typeof smtpSink>>;
let admin: RequestContext;
let viewer: RequestContext;
let exec: RequestContext;
let channelId = '';
const board = `${uniqueSlug('board')}@board.test`;
const due = Date.parse('2026-12-05T09:00:00Z');

beforeAll(async () => {
  process.env.RUNWELL_SECRET_KEY ??= 'a'.repeat(64);
  smtp = await smtpSink(SMTP_PORT);
  [admin, viewer, exec] = await Promise.all([actorWith('admin', 'mail.test'), actorWith('viewer', 'mail.test'), actorWith('executive', 'mail.test')]);
  // Scoped to the viewer, so pages and notices of other test files never go through it.
  channelId = (await saveChannel(admin, { kind: 'smtp', name: uniqueSlug('report-mail'), host: '127.0.0.1', port: SMTP_PORT, from: 'reports@runwell.test', scope: { userIds: [viewer.actor.id], teamIds: [] } })).id;
});

afterAll(async () => {
  await deleteChannel(admin, { id: channelId }).catch(() => undefined);
  await smtp?.close();
});

const to = (address: string) => smtp.mails.filter((m) => m.to.includes(address));

describe('the report schedule in Settings', () => {
  it('is validated with field paths and refused to non-admins', async () => {
    const bad = await rejection(saveReportSchedule(admin, { enabled: true, dayOfMonth: 31, hour: 24, channelId: null, toExecutives: true, recipients: ['not-an-address'] }));
    expect(bad).toBeInstanceOf(ZodError);
    expect((bad as ZodError).issues.map((i) => i.path.join('.')).sort()).toEqual(['channelId', 'dayOfMonth', 'hour', 'recipients.0']);
    await expectDomainError(saveReportSchedule(viewer, { enabled: false, dayOfMonth: 1, hour: 8, channelId: null, toExecutives: true, recipients: [] }), 'FORBIDDEN');
    await expectDomainError(saveReportSchedule(admin, { enabled: true, dayOfMonth: 1, hour: 8, channelId: 'nope', toExecutives: true, recipients: [] }), 'BAD_INPUT', 'channelId');
  });

  it('saves, audits and reads back the schedule with the SMTP channels to choose from', async () => {
    await saveReportSchedule(admin, { enabled: true, dayOfMonth: 2, hour: 6, channelId, toExecutives: true, recipients: [board.toUpperCase()] });
    const s = await getReportSchedule(admin);
    expect(s).toMatchObject({ enabled: true, dayOfMonth: 2, hour: 6, channelId, toExecutives: true, recipients: [board] });
    expect(s.channels.map((c) => c.id)).toContain(channelId);
    expect(s.executives).toBeGreaterThanOrEqual(1);
    const audit = await auditFor('report_schedule', 'monthly');
    expect(audit.at(-1)).toMatchObject({ action: 'reports.schedule.save' });
  });
});

describe('the reports.email job', () => {
  it('does nothing before the day and hour', async () => {
    const r = await runMonthlyEmail(Date.parse('2026-12-02T05:59:00Z'));
    expect(r).toMatchObject({ period: null, sent: 0, skipped: 'not due yet this month' });
    expect(to(board)).toHaveLength(0);
  });

  it('sends the last full month’s PDF once to the executives and the listed addresses', async () => {
    const r = await runMonthlyEmail(due);
    expect(r.period).toBe('2026-11');
    expect(r.failed).toEqual([]);
    expect(to(board)).toHaveLength(1);
    expect(to(exec.actor.kind === 'user' ? exec.actor.email : '')).toHaveLength(1);
    const mail = to(board)[0]!;
    expect(mail.from).toBe('reports@runwell.test');
    expect(mail.data).toContain('Subject: [Runwell] Reliability report: November 2026');
    expect(mail.data).toMatch(/Content-Type: application\/pdf; name=runwell-executive-2026-11\.pdf/);
    expect(mail.data).toContain('JVBERi0'); // "%PDF-" in base64
  });

  it('does not send again for the same period (a restart, the next hourly run)', async () => {
    const before = smtp.mails.length;
    const r = await runMonthlyEmail(due + 3_600_000);
    expect(r).toMatchObject({ period: '2026-11', sent: 0, skipped: 'everyone has it' });
    expect(smtp.mails.length).toBe(before);
    expect(to(board)).toHaveLength(1);
  });

  it('records every send, listed in Settings', async () => {
    const sends = await listReportSends(admin);
    expect(sends.find((s) => s.recipient === board)).toMatchObject({ period: '2026-11', status: 'sent', attempts: 1 });
    await expectDomainError(listReportSends(viewer), 'FORBIDDEN');
  });

  it('stops when the schedule is disabled', async () => {
    await saveReportSchedule(admin, { enabled: false, dayOfMonth: 2, hour: 6, channelId, toExecutives: true, recipients: [board] });
    expect(await runMonthlyEmail(Date.parse('2027-01-05T09:00:00Z'))).toMatchObject({ period: null, skipped: 'disabled' });
  });
});
