import { z } from 'zod';
import { idText, text } from '../lib/text';

// Notification channels and pages (docs/incidents.md, "Paging and
// notifications"). Browser-safe: shared by the Settings forms and the router.

export const CHANNEL_KINDS = ['inbox', 'webhook', 'slack', 'smtp'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export const CHANNEL_KIND_LABELS: Record<ChannelKind, string> = {
  // Built in: nothing leaves Runwell; the person reads the page on /inbox.
  inbox: 'Runwell inbox (read in the app)',
  webhook: 'Outgoing webhook (JSON)',
  slack: 'Slack incoming webhook',
  smtp: 'E-mail (SMTP)',
};

const PAGE_STATUSES = ['triggered', 'acknowledged', 'resolved'] as const;
export type PageStatus = (typeof PAGE_STATUSES)[number];
const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => {
    try {
      const p = new URL(u);
      return p.protocol === 'http:' || p.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL such as https://hooks.slack.com/services/...');

/** Who a channel notifies: nobody listed = everyone paged; else only those people or members of those teams. */
const channelScopeSchema = z.object({
  teamIds: z.array(idText()).max(100).default([]),
  userIds: z.array(idText()).max(100).default([]),
});
export type ChannelScope = z.output<typeof channelScopeSchema>;

const base = {
  /** Present when editing an existing channel. */
  id: idText().optional(),
  name: z.string().trim().min(1, 'is required').max(80),
  enabled: z.boolean().default(true),
  scope: channelScopeSchema.default({ teamIds: [], userIds: [] }),
};

// Secrets (webhook URLs are credentials for Slack; SMTP passwords) may be left
// empty when editing: the stored sealed value is kept.
export const channelInputSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ ...base, kind: z.literal('inbox') }),
    z.object({ ...base, kind: z.literal('webhook'), url: httpUrl.or(z.literal('')).default('') }),
    z.object({ ...base, kind: z.literal('slack'), url: httpUrl.or(z.literal('')).default('') }),
    z.object({
      ...base,
      kind: z.literal('smtp'),
      host: z.string().trim().min(1, 'is required').max(255),
      port: z.number().int('must be a whole number').min(1).max(65535),
      /** Implicit TLS (port 465); otherwise STARTTLS is used when the server offers it. */
      secure: z.boolean().default(false),
      username: z.string().trim().max(255).default(''),
      password: z.string().max(1000).default(''),
      from: z.string().trim().email('must be an e-mail address').max(255),
    }),
  ],
  { error: 'channel kind must be inbox, webhook, slack or smtp' },
);

/** Non-secret settings stored in NotificationChannel.config. */
export type ChannelConfig = {
  scope: ChannelScope;
  /** Scheme and host of the URL only (the path of a Slack URL is its secret). */
  urlHost?: string;
  host?: string;
  port?: number;
  secure?: boolean;
  username?: string;
  from?: string;
};

/** What the browser sees of a channel: never the secret, only whether one is stored. */
export type ChannelDto = {
  id: string;
  name: string;
  kind: ChannelKind;
  enabled: boolean;
  config: ChannelConfig;
  hasSecret: boolean;
  updatedAt: Date;
  lastOutcome: { outcome: string; at: Date; detail: string } | null;
};

export const channelIdSchema = z.object({ id: idText() });
export const testChannelSchema = z.object({ id: idText(), userId: idText().optional() });

export const pageActionSchema = z.object({
  id: idText(),
  /** Did the page need a human? Feeds the alert-quality "actionable page %". */
  actionable: z.boolean().optional(),
  note: z.string().trim().max(2000).optional(),
});
export type PageActionInput = z.input<typeof pageActionSchema>;

// POST /api/v1/pages/{id}/ack and /resolve (app/api/v1/pages/[id]/*/route.ts).
export const pageActionParams = z.object({ id: text().trim().min(1, 'must be a page id').max(100) });
export const pageActionBody = z
  .object({ actionable: z.boolean().optional(), note: text().trim().max(2000, 'must be at most 2000 characters').optional() })
  .strict();
/** {actionable, note} with a 2000-character note fits in a few kB. */
export const PAGE_ACTION_MAX_BYTES = 64 * 1024;

export const pageFilterSchema = z
  .object({
    status: z.enum(['open', ...PAGE_STATUSES, 'all']).default('open'),
    teamId: idText().optional(),
    mine: z.boolean().default(false),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .default({ status: 'open', mine: false, limit: 50 });
export type PageFilter = z.input<typeof pageFilterSchema>;

type PageNotificationDto = {
  id: string;
  step: number;
  userId: string | null;
  userName: string | null;
  channelName: string | null;
  channelKind: string;
  target: string;
  outcome: string;
  detail: string;
  attempts: number;
  at: Date;
};

/**
 * The runbook a page carries: a Runwell runbook (matched by the alert's
 * runbook_url, else its alert name; `href` is its page) or, without one, the
 * alert's own http(s) runbook_url.
 */
export type PageRunbook = { id: string | null; title: string; href: string };

/** One page in a person's inbox (paging.service inbox). */
export type InboxItemDto = { page: PageDto; deliveredAt: Date; firstDeliveredAt: Date; step: number };

export type PageDto = {
  id: string;
  priority: string;
  summary: string;
  status: PageStatus;
  pagedAt: Date;
  teamId: string | null;
  teamName: string | null;
  alertId: string | null;
  incidentId: string | null;
  lastStep: number;
  stepCount: number;
  nextStepAt: Date | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  actionable: boolean | null;
  alertName: string | null;
  runbook: PageRunbook | null;
  /** Paged people (any step), for "mine". */
  recipients: { id: string; name: string }[];
  notifications: PageNotificationDto[];
};
