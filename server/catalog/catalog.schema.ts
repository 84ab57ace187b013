import { z } from 'zod';
import { slugSchema } from '../teams/teams.schema';
import { idText, text } from '../lib/text';

export const SERVICE_TIERS = ['tier1', 'tier2', 'tier3'] as const;
export type ServiceTier = (typeof SERVICE_TIERS)[number];
const tierSchema = z.enum(SERVICE_TIERS, { message: 'Pick a tier' });

export const TIER_LABELS: Record<ServiceTier, string> = {
  tier1: 'Tier 1 — customer-facing, critical',
  tier2: 'Tier 2 — important, degraded service tolerated briefly',
  tier3: 'Tier 3 — internal or best effort',
};

export const TIER_SHORT_LABELS: Record<ServiceTier, string> = {
  tier1: 'Tier 1',
  tier2: 'Tier 2',
  tier3: 'Tier 3',
};

export const MAX_LINKS = 20;

// Only web links: a javascript: or file: URL rendered as <a href> would be a hole.
export const linkUrlSchema = z
  .string()
  .trim()
  .min(1, 'URL is required')
  .max(2000, 'URL must be at most 2000 characters')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
    } catch {
      return false;
    }
  }, 'Enter a full http:// or https:// URL');

const serviceLinkSchema = z.object({
  label: z.string().trim().min(1, 'Label is required').max(80, 'Label must be at most 80 characters'),
  url: linkUrlSchema,
});
export type ServiceLink = z.infer<typeof serviceLinkSchema>;

const linksSchema = z.array(serviceLinkSchema).max(MAX_LINKS, `At most ${MAX_LINKS} links`);

const serviceFields = {
  slug: slugSchema,
  name: z.string().trim().min(1, 'Name is required').max(80, 'Name must be at most 80 characters'),
  description: z.string().trim().max(2000, 'Description must be at most 2000 characters'),
  tier: tierSchema,
  links: linksSchema,
  teamId: z.string().min(1, 'Pick the owning team'),
};

export const createServiceSchema = z.object({
  ...serviceFields,
  description: serviceFields.description.default(''),
  tier: serviceFields.tier.default('tier2'),
  links: serviceFields.links.default([]),
});
export type CreateServiceInput = z.input<typeof createServiceSchema>;

export const updateServiceSchema = z.object({
  id: idText(),
  slug: serviceFields.slug.optional(),
  name: serviceFields.name.optional(),
  description: serviceFields.description.optional(),
  tier: serviceFields.tier.optional(),
  links: serviceFields.links.optional(),
  teamId: serviceFields.teamId.optional(),
});
export type UpdateServiceInput = z.input<typeof updateServiceSchema>;

export const serviceIdSchema = z.object({ id: idText() });
export const serviceSlugSchema = z.object({ slug: z.string().trim().min(1).max(40) });

export const serviceFilterSchema = z
  .object({
    teamId: idText().optional(),
    tier: tierSchema.optional(),
    search: text().trim().max(100).optional(),
  })
  .default({});
export type ServiceFilter = z.input<typeof serviceFilterSchema>;

export type ServiceDto = {
  id: string;
  slug: string;
  name: string;
  description: string;
  tier: ServiceTier;
  links: ServiceLink[];
  teamId: string;
  teamSlug: string;
  teamName: string;
  createdAt: Date;
  updatedAt: Date;
};

const MAX_TARGET_MINUTES = 60 * 24 * 365;

/** A service's disaster recovery targets (docs/domains.md): minutes; null clears one. */
export const recoveryTargetsSchema = z.object({
  serviceId: z.string().min(1, 'Choose a service'),
  rtoMinutes: z.number({ error: 'RTO must be a number of minutes' }).int('RTO: whole minutes').min(1, 'RTO must be at least 1 minute').max(MAX_TARGET_MINUTES, 'RTO: at most a year').nullable(),
  rpoMinutes: z.number({ error: 'RPO must be a number of minutes' }).int('RPO: whole minutes').min(0, 'RPO cannot be negative').max(MAX_TARGET_MINUTES, 'RPO: at most a year').nullable(),
});
export type RecoveryTargetsInput = z.input<typeof recoveryTargetsSchema>;
