import { z } from 'zod';

// The monthly executive report e-mail (docs/reports.md, "Monthly e-mail"): when
// it goes out, through which SMTP channel, to whom. Browser-safe (the Settings form).

export const reportScheduleInputSchema = z
  .object({
    enabled: z.boolean(),
    dayOfMonth: z.number().int('a whole day').min(1, 'from 1').max(28, 'at most 28, so every month has it'),
    hour: z.number().int('a whole hour').min(0, 'from 0').max(23, 'at most 23'),
    channelId: z.string().max(100).nullable(),
    toExecutives: z.boolean(),
    recipients: z.array(z.email('must be an e-mail address').max(254)).max(100, 'at most 100 addresses'),
  })
  .refine((v) => !v.enabled || v.channelId, { message: 'Choose the SMTP channel the report goes through', path: ['channelId'] });

export type ReportScheduleDto = z.output<typeof reportScheduleInputSchema> & { updatedAt: Date | null; channels: { id: string; name: string }[]; executives: number };

export type ReportSendDto = { id: string; period: string; recipient: string; status: 'sending' | 'sent' | 'failed'; detail: string; attempts: number; createdAt: Date; sentAt: Date | null };

export const DEFAULT_SCHEDULE = { enabled: false, dayOfMonth: 1, hour: 8, channelId: null, toExecutives: true, recipients: [] as string[] };
