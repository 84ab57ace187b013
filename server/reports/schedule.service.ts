import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import { recordAudit } from '../audit/audit.service';
import { db, inTransaction } from '../database/tx';
import { DomainError } from '../errors';
import * as paging from '../paging/paging.service';
import { emailThroughChannel } from '../paging/notify.service';
import * as users from '../users/users.service';
import { executivePdf } from './pdf.service';
import { duePeriod, recipientsOf, stillToSend } from './schedule.compute';
import * as repo from './schedule.repo';
import { DEFAULT_SCHEDULE, reportScheduleInputSchema, type ReportScheduleDto, type ReportSendDto } from './schedule.schema';

// The monthly executive report by e-mail (docs/reports.md, "Monthly e-mail"):
// the schedule in Settings (settings.manage, audited) and the `reports.email`
// job's work: once the day and hour have come, the last full month's PDF to the
// executives and the listed addresses through the chosen SMTP channel, once per
// period and recipient (a ReportSend row is claimed before the e-mail goes out).

const SYSTEM: RequestContext = { actor: { kind: 'system', id: 'system', name: 'reports-email' }, requestId: null };
const authorizeSettings = (ctx: RequestContext) => authorize(ctx, 'settings.manage', 'Only admins can schedule the report e-mail');

async function executives(ctx: RequestContext) {
  return (await users.listUsers(ctx)).filter((u) => u.role === 'executive');
}

export async function getReportSchedule(ctx: RequestContext): Promise<ReportScheduleDto> {
  authorizeSettings(ctx);
  const [row, channels, execs] = await Promise.all([repo.getSchedule(db()), paging.listChannels(ctx), executives(ctx)]);
  const s = row ?? { ...DEFAULT_SCHEDULE, updatedAt: null };
  return {
    enabled: s.enabled,
    dayOfMonth: s.dayOfMonth,
    hour: s.hour,
    channelId: s.channelId,
    toExecutives: s.toExecutives,
    recipients: s.recipients,
    updatedAt: s.updatedAt,
    channels: channels.filter((c) => c.kind === 'smtp').map((c) => ({ id: c.id, name: c.name })),
    executives: execs.filter((e) => !e.disabled).length,
  };
}

export async function saveReportSchedule(ctx: RequestContext, input: unknown): Promise<void> {
  authorizeSettings(ctx);
  const v = reportScheduleInputSchema.parse(input);
  if (v.channelId) {
    const channel = (await paging.listChannels(ctx)).find((c) => c.id === v.channelId);
    if (!channel || channel.kind !== 'smtp') throw new DomainError('BAD_INPUT', 'Choose an SMTP channel (Settings, Alerting)', 'channelId');
  }
  const recipients = [...new Set(v.recipients.map((r) => r.trim().toLowerCase()))];
  await inTransaction(async (tx) => {
    const before = await repo.getSchedule(tx);
    await repo.saveSchedule(tx, { ...v, recipients });
    await recordAudit(tx, ctx, { action: 'reports.schedule.save', targetType: 'report_schedule', targetId: 'monthly', before, after: { ...v, recipients } });
  });
}

export async function listReportSends(ctx: RequestContext, limit = 100): Promise<ReportSendDto[]> {
  authorizeSettings(ctx);
  return (await repo.listSends(db(), Math.min(Math.max(limit, 1), 500))) as ReportSendDto[];
}

export type EmailRun = { period: string | null; recipients: number; sent: number; failed: string[]; skipped: string | null };

/** The job: sends the due month's report to everyone who has not had it yet. */
export async function runMonthlyEmail(now = Date.now()): Promise<EmailRun> {
  const schedule = await repo.getSchedule(db());
  if (!schedule) return { period: null, recipients: 0, sent: 0, failed: [], skipped: 'no schedule' };
  const period = duePeriod(schedule, now);
  if (!period) return { period: null, recipients: 0, sent: 0, failed: [], skipped: schedule.enabled ? 'not due yet this month' : 'disabled' };
  if (!schedule.channelId) return { period: period.key, recipients: 0, sent: 0, failed: [], skipped: 'no SMTP channel chosen' };
  const recipients = recipientsOf(schedule, schedule.toExecutives ? await executives(SYSTEM) : []);
  const todo = stillToSend(recipients, await repo.sendsFor(db(), period.key));
  const out: EmailRun = { period: period.key, recipients: recipients.length, sent: 0, failed: [], skipped: todo.length ? null : 'everyone has it' };
  if (!todo.length) return out;
  const { pdf, filename, report } = await executivePdf(SYSTEM, { period: period.key }, now);
  const risks = report.risks.slice(0, 3).map((r) => `- ${r.text}`);
  const message = {
    subject: `Reliability report: ${report.period.label}`,
    text: [`The reliability report for ${report.period.label} (against ${report.previous.label}) is attached as a PDF.`, '', risks.length ? 'Top risks:' : 'No risk stands out this month.', ...risks, '', 'You receive this because you are an executive in Runwell or on the report’s recipient list (Settings, Reports).'].join('\n'),
    attachments: [{ filename, content: pdf, contentType: 'application/pdf' }],
  };
  for (const to of todo) {
    if (!(await repo.claim(db(), period.key, to))) continue;
    const outcome = await emailThroughChannel(schedule.channelId, to, message);
    await repo.finish(db(), period.key, to, outcome, new Date(now));
    if (outcome.ok) out.sent += 1;
    else out.failed.push(`${to}: ${outcome.detail}`);
  }
  return out;
}
