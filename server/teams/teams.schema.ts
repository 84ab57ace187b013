import { z } from 'zod';
import { canonicalTimeZone } from '../lib/time-zone';
import { idText } from '../lib/text';

// Slugs appear in URLs, alert labels (team=payments) and CLI arguments, so they
// are kept to the lowercase kebab-case that all of those accept unquoted.
const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const slugSchema = z
  .string()
  .trim()
  .min(2, 'Slug must be at least 2 characters')
  .max(40, 'Slug must be at most 40 characters')
  .regex(SLUG_PATTERN, 'Use lowercase letters, digits and single hyphens (e.g. payments-api)');

const timeZoneSchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const zone = canonicalTimeZone(value);
    if (!zone) {
      ctx.addIssue({ code: 'custom', message: 'Pick an IANA time zone such as Europe/Paris or UTC' });
      return z.NEVER;
    }
    return zone;
  });

const teamFields = {
  slug: slugSchema,
  name: z.string().trim().min(1, 'Name is required').max(80, 'Name must be at most 80 characters'),
  description: z.string().trim().max(2000, 'Description must be at most 2000 characters'),
  timeZone: timeZoneSchema,
};

export const createTeamSchema = z.object({
  ...teamFields,
  description: teamFields.description.default(''),
  timeZone: teamFields.timeZone.default('UTC'),
});
export type CreateTeamInput = z.input<typeof createTeamSchema>;

export const updateTeamSchema = z.object({
  id: idText(),
  slug: teamFields.slug.optional(),
  name: teamFields.name.optional(),
  description: teamFields.description.optional(),
  timeZone: teamFields.timeZone.optional(),
});
export type UpdateTeamInput = z.input<typeof updateTeamSchema>;

export const teamIdSchema = z.object({ id: idText() });

export const addMemberSchema = z.object({
  teamId: idText(),
  userId: z.string().min(1, 'Pick a person'),
  isLead: z.boolean().default(false),
});
export type AddMemberInput = z.input<typeof addMemberSchema>;

export const removeMemberSchema = z.object({
  teamId: idText(),
  userId: idText(),
});
export type RemoveMemberInput = z.input<typeof removeMemberSchema>;

export type TeamMemberDto = {
  userId: string;
  email: string;
  name: string;
  isLead: boolean;
};

export type TeamDto = {
  id: string;
  slug: string;
  name: string;
  description: string;
  timeZone: string;
  createdAt: Date;
  updatedAt: Date;
};

export type TeamDetailDto = TeamDto & {
  members: TeamMemberDto[];
  serviceCount: number;
};

export type MemberCandidateDto = { id: string; email: string; name: string };
