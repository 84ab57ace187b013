import { z } from 'zod';
import { idText, text } from '../lib/text';

// Read-side inventory queries for the cluster pages (nodes, namespaces,
// workloads, a workload with its pods). Browser-safe.

const page = {
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(10).max(200).default(50),
  search: text().trim().max(200).optional(),
};

const NODE_STATUSES = ['ready', 'not-ready', 'cordoned'] as const;
export const nodeListSchema = z.object({ clusterId: idText(), zone: text().max(100).optional(), status: z.enum(NODE_STATUSES).optional(), ...page });
export type NodeListInput = z.input<typeof nodeListSchema>;

export const namespaceListSchema = z.object({ clusterId: idText(), ...page });
export type NamespaceListInput = z.input<typeof namespaceListSchema>;

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job'] as const;
export const workloadListSchema = z.object({
  clusterId: idText(),
  kind: z.enum(WORKLOAD_KINDS).optional(),
  namespace: text().max(253).optional(),
  team: text().max(200).optional(),
  /** only workloads with fewer ready than desired replicas */
  unhealthy: z.boolean().optional(),
  ...page,
});
export type WorkloadListInput = z.input<typeof workloadListSchema>;

export const workloadRefSchema = z.object({
  clusterId: idText(),
  kind: z.enum(WORKLOAD_KINDS),
  namespace: idText().max(253),
  name: idText().max(253),
  podPage: z.number().int().min(1).default(1),
});
export type WorkloadRefInput = z.input<typeof workloadRefSchema>;

export const clusterRefSchema = z.object({ clusterId: idText() });

export interface Paged<T> {
  rows: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface NodeRowDto {
  name: string;
  zone: string | null;
  instanceType: string | null;
  kubeletVersion: string | null;
  ready: boolean;
  unschedulable: boolean;
  /** Conditions other than Ready=True that are True (DiskPressure, ...), plus NotReady */
  problems: string[];
  createdAt: Date | null;
  /** cpu in millicores, memory in bytes (parsed from the node's quantities) */
  allocatable: { cpu: number | null; memory: number | null; pods: number | null };
  pods: number;
}

export interface NamespaceRowDto {
  name: string;
  team: string | null;
  phase: string | null;
  pods: number;
  workloads: number;
  createdAt: Date | null;
}

export interface WorkloadRowDto {
  kind: string;
  namespace: string;
  name: string;
  team: string | null;
  desired: number | null;
  ready: number | null;
  images: string[];
  createdAt: Date | null;
}

export interface PodRowDto {
  name: string;
  nodeName: string | null;
  phase: string | null;
  ready: boolean | null;
  restarts: number;
  reason: string | null;
  podIP: string | null;
  createdAt: Date | null;
}

export interface WorkloadDetailDto extends WorkloadRowDto {
  uid: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  containers: { name: string; image: string; requests: Record<string, string>; limits: Record<string, string> }[];
  pods: Paged<PodRowDto>;
  /** e.g. "Deployment/checkout-api" for /readiness/... links */
  readinessPath: string;
}

export interface ClusterSummaryDto {
  nodes: number;
  pods: number;
  namespaces: number;
  workloads: number;
  zones: string[];
}
