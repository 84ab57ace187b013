import { z } from 'zod';
import { idText } from '../lib/text';

// Cluster registration inputs and DTOs (shared with the UI's forms).

export const CONNECTION_KINDS = ['kubeconfig', 'token', 'in_cluster', 'simulator'] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];
export const SYNC_STATES = ['pending', 'syncing', 'synced', 'stale', 'error'] as const;
export type SyncState = (typeof SYNC_STATES)[number];

const clusterNameSchema = z
  .string()
  .trim()
  .min(2, 'Name must be at least 2 characters')
  .max(63, 'Name must be at most 63 characters')
  .regex(/^[a-z0-9]+(?:[-.][a-z0-9]+)*$/, 'Use lowercase letters, digits, "-" and "." (e.g. prod-eu-1)');

const apiUrlSchema = z
  .string()
  .trim()
  .url('Enter the API server URL, e.g. https://api.prod.example.com:6443')
  .refine((u) => /^https?:\/\//.test(u), 'The API server URL must start with https:// (or http:// for a local simulator)');

export const connectionSchema = z.discriminatedUnion('connectionKind', [
  z.object({
    connectionKind: z.literal('kubeconfig'),
    kubeconfig: z.string().min(1, 'Paste or upload a kubeconfig').max(1_000_000),
    /** The kubeconfig context to use; its current-context when absent. */
    context: z.string().trim().min(1).optional(),
  }),
  z.object({
    connectionKind: z.literal('token'),
    apiUrl: apiUrlSchema,
    token: z.string().trim().min(1, 'Enter a bearer token (e.g. a service account token)').max(20_000),
    caData: z.string().trim().max(100_000).optional(),
    insecureSkipTlsVerify: z.boolean().default(false),
  }),
  z.object({ connectionKind: z.literal('in_cluster') }),
  z.object({
    connectionKind: z.literal('simulator'),
    apiUrl: apiUrlSchema,
    token: z.string().trim().max(20_000).optional(),
    insecureSkipTlsVerify: z.boolean().default(true),
  }),
]);
export type ConnectionInput = z.input<typeof connectionSchema>;

export const createClusterSchema = z.object({
  name: clusterNameSchema,
  description: z.string().trim().max(500).default(''),
  connection: connectionSchema,
});
export type CreateClusterInput = z.input<typeof createClusterSchema>;

export const updateClusterSchema = z.object({
  id: idText(),
  name: clusterNameSchema.optional(),
  description: z.string().trim().max(500).optional(),
  disabled: z.boolean().optional(),
  /** New connection details (replaces the credentials). */
  connection: connectionSchema.optional(),
});
export type UpdateClusterInput = z.input<typeof updateClusterSchema>;

export const clusterIdSchema = z.object({ id: idText() });
export const clusterRefSchema = z.object({ id: idText().optional(), name: idText().optional() }).refine((v) => v.id || v.name, 'Give id or name');

export const kubeconfigContextsSchema = z.object({ kubeconfig: idText().max(1_000_000) });

export interface KubeconfigContextDto {
  name: string;
  cluster: string;
  server: string;
  user: string;
  namespace: string | null;
  current: boolean;
}

export interface ClusterDto {
  id: string;
  name: string;
  description: string;
  connectionKind: ConnectionKind;
  apiUrl: string;
  kubeContext: string | null;
  insecureSkipTlsVerify: boolean;
  /** Credentials are stored (sealed); they are never returned. */
  hasCredentials: boolean;
  hasCaData: boolean;
  serverGitVersion: string | null;
  serverMinor: string | null;
  syncState: SyncState;
  lastSyncedAt: Date | null;
  lastError: string | null;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  /** Rows per kind (from the sync statuses), e.g. { Node: 9, Pod: 120 }. */
  objectCounts: Record<string, number>;
}

interface SyncStatusDto {
  kind: string;
  state: SyncState;
  resourceVersion: string | null;
  objectCount: number;
  listedSoFar: number;
  estimatedTotal: number | null;
  /** Initial-sync progress in percent when the API gave an estimate. */
  progressPercent: number | null;
  lastListAt: Date | null;
  lastEventAt: Date | null;
  lagMs: number | null;
  lastError: string | null;
  updatedAt: Date;
}

export interface ClusterSyncDto {
  clusterId: string;
  syncState: SyncState;
  lastSyncedAt: Date | null;
  lastError: string | null;
  /** Seconds since the data was last known current (null before the first sync). */
  dataAgeSeconds: number | null;
  leaseHolder: string | null;
  kinds: SyncStatusDto[];
}

export interface TestStepDto {
  step: string;
  ok: boolean;
  message: string;
}

export interface ConnectionTestDto {
  ok: boolean;
  serverGitVersion: string | null;
  serverMinor: string | null;
  steps: TestStepDto[];
  /** RBAC permissions the collectors need and lack, e.g. "list pods (core) at cluster scope". */
  missingPermissions: string[];
  /** API groups not installed on the cluster (their kinds are skipped). */
  notInstalled: string[];
}
