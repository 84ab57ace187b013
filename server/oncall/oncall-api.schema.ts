import { z } from 'zod';
import { businessHoursSchema, escalationPolicySchema, rotationSchema } from './oncall.schema';
import { idText } from '../lib/text';

// Inputs of the on-call API (router, forms). The domain shapes (rotations,
// policies, business hours) come from oncall.schema.ts unchanged, so the forms
// validate exactly as the server does.

export const scheduleInputSchema = z.object({
  id: idText().optional(),
  teamId: z.string().min(1, 'pick a team'),
  name: z.string().trim().min(1, 'is required').max(80),
  layers: z.array(rotationSchema).min(1, 'add at least one layer').max(10),
});
export const overrideInputSchema = z
  .object({
    scheduleId: idText(),
    userId: z.string().min(1, 'pick who takes over'),
    start: z.coerce.date({ error: 'must be a date and time' }),
    end: z.coerce.date({ error: 'must be a date and time' }),
    reason: z.string().trim().max(200).default(''),
  })
  .refine((o) => o.end.getTime() > o.start.getTime(), { message: 'must end after it starts', path: ['end'] })
  .refine((o) => o.end.getTime() - o.start.getTime() <= 90 * 86_400_000, { message: 'an override lasts at most 90 days', path: ['end'] });
export const policyInputSchema = escalationPolicySchema.extend({
  id: idText().optional(),
  teamId: z.string().min(1, 'pick a team'),
  isDefault: z.boolean().default(true),
});
export const businessHoursInputSchema = z.object({ teamId: idText(), hours: businessHoursSchema });
export const oncallViewSchema = z
  .object({
    teamId: idText().optional(),
    /** Calendar length: 2 to 4 weeks. */
    days: z.number().int().min(7).max(28).default(14),
  })
  .default({ days: 14 });

export const idSchema = z.object({ id: idText() });

type Interval = { start: number; end: number };
export type ScheduleView = {
  id: string;
  name: string;
  teamId: string;
  layers: z.output<typeof rotationSchema>[];
  overrides: { id: string; userId: string; start: Date; end: Date; reason: string }[];
  now: { userId: string | null; since: number; next: { at: number; userId: string | null } | null };
  calendar: {
    from: number;
    to: number;
    shifts: (Interval & { userId: string; source: string })[];
    gaps: Interval[];
    layers: { name: string; shifts: (Interval & { userId: string | null })[] }[];
  };
  problem: string | null;
};
