import { z } from 'zod';
import { linkUrlSchema } from '../catalog/catalog.schema';
import { idText } from '../lib/text';

// Prometheus data sources (Settings > Data sources). Credentials go in, never out:
// DTOs only say whether a secret is stored.

export const AUTH_KINDS = ['none', 'bearer', 'basic'] as const;
export type AuthKind = (typeof AUTH_KINDS)[number];
export const AUTH_KIND_LABELS: Record<AuthKind, string> = { none: 'No authentication', bearer: 'Bearer token', basic: 'Basic (user and password)' };

const fields = {
  name: z
    .string()
    .trim()
    .min(1, 'Name is required')
    .max(60, 'Name must be at most 60 characters')
    .regex(/^[A-Za-z0-9][-A-Za-z0-9_. ]*$/, 'Use letters, digits, spaces, ".", "_" or "-"'),
  // A user:password@ in the URL would be stored and shown in plain text; the
  // credential belongs in the sealed secret field.
  url: linkUrlSchema.refine(
    (value) => !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(value),
    'Remove the user name and password from the URL; choose Basic authentication and enter them below',
  ),
  authKind: z.enum(AUTH_KINDS, { message: 'Pick an authentication kind' }),
  username: z.string().trim().max(200).optional(),
  // Bearer token or password. On update, absent (or empty) keeps the stored one.
  secret: z.string().max(10_000).optional(),
  clusterId: idText().nullable().optional(),
  isDefault: z.boolean().default(false),
};

function checkAuth(v: { authKind: AuthKind; username?: string; secret?: string }, ctx: z.RefinementCtx, requireSecret: boolean) {
  if (v.authKind === 'basic' && !v.username) ctx.addIssue({ code: 'custom', path: ['username'], message: 'User name is required for basic authentication' });
  if (requireSecret && v.authKind !== 'none' && !v.secret) {
    ctx.addIssue({ code: 'custom', path: ['secret'], message: v.authKind === 'bearer' ? 'Token is required' : 'Password is required' });
  }
}

export const createDataSourceSchema = z.object(fields).superRefine((v, ctx) => checkAuth(v, ctx, true));
export type CreateDataSourceInput = z.input<typeof createDataSourceSchema>;

export const updateDataSourceSchema = z
  .object({ id: idText(), ...fields })
  .superRefine((v, ctx) => checkAuth(v, ctx, false));
export type UpdateDataSourceInput = z.input<typeof updateDataSourceSchema>;

export const dataSourceIdSchema = z.object({ id: idText() });

/** Test a saved source (id) or the form's unsaved values. */
export const testDataSourceSchema = z.union([dataSourceIdSchema, createDataSourceSchema]);

export type DataSourceDto = {
  id: string;
  name: string;
  url: string;
  authKind: AuthKind;
  username: string | null;
  hasSecret: boolean;
  clusterId: string | null;
  clusterName: string | null;
  isDefault: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export type ConnectionTestResult = { ok: true; server: string; version: string; latencyMs: number } | { ok: false; error: string; kind: string };
