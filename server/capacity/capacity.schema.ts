import { z } from 'zod';
import type { RightSizingHint } from './right-sizing.compute';
import type { RunOut } from './forecast.compute';
import { idText, text } from '../lib/text';

// Inputs and DTOs of the capacity pages (browser-safe: no server imports).

export const clusterIdSchema = z.object({ clusterId: idText() });

const CAPACITY_SORTS = ['name', 'requestedCpu', 'requestedMemory', 'usedCpu', 'usedMemory'] as const;

export const capacityPageSchema = z.object({
  clusterId: idText(),
  search: text().trim().max(200).optional(),
  sort: z.enum(CAPACITY_SORTS).default('requestedCpu'),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(10).max(200).default(50),
});
export type CapacityPageInput = z.input<typeof capacityPageSchema>;

/** cpu in millicores, memory in bytes */
export interface ResourcesDto {
  cpu: number;
  memory: number;
}

export interface CapacityRowDto {
  key: string;
  allocatable: ResourcesDto;
  requested: ResourcesDto;
  limits: ResourcesDto;
  used: ResourcesDto | null;
  pods: number;
  /** node: zone, ready, unschedulable, podsAllocatable; namespace: charged, unscheduled */
  zone: string | null;
  ready: boolean | null;
  unschedulable: boolean | null;
  podsAllocatable: number | null;
  charged: ResourcesDto | null;
  monthlyCost: number | null;
  unscheduled: number | null;
}

// The pure cores' own result types (type-only imports: nothing of them reaches the browser).
export type RightSizingHintDto = RightSizingHint;

type RunOutDto = RunOut;

export interface TrendPointDto {
  day: Date;
  requested: number | null;
  used: number | null;
  limits: number | null;
  allocatable: number;
  /** projected values (null on measured days) */
  forecastRequested: number | null;
  forecastUsed: number | null;
}

export interface ResourceTrendDto {
  resource: 'cpu' | 'memory';
  points: TrendPointDto[];
  requestedRunOut: RunOutDto;
  usedRunOut: RunOutDto;
  firstRunOut: RunOutDto;
  summary: string;
  requestedSlopePerDay: number | null;
  usedSlopePerDay: number | null;
}

export interface CapacityOverviewDto {
  clusterId: string;
  clusterName: string;
  /** null when no snapshot exists yet */
  takenAt: Date | null;
  cluster: {
    nodes: number;
    schedulableNodes: number;
    allocatable: ResourcesDto;
    requested: ResourcesDto;
    limits: ResourcesDto;
    used: ResourcesDto | null;
    headroom: ResourcesDto;
    largestFreeNode: ResourcesDto;
    pods: number;
    podsAllocatable: number;
    pending: { pods: number; requested: ResourcesDto };
    nodesWithMetrics: number;
    charged: ResourcesDto;
    monthlyCost: number;
  } | null;
  trends: ResourceTrendDto[];
  hints: RightSizingHintDto[];
  hintsTotal: number;
  snapshotDays: number;
}

/** One cluster on the Overview's fleet card: what headroom and run-out need of its overview. */
export interface CapacityHeadlineDto {
  clusterId: string;
  takenAt: Date | null;
  cluster: Pick<NonNullable<CapacityOverviewDto['cluster']>, 'allocatable' | 'headroom'> | null;
  trends: Pick<ResourceTrendDto, 'resource' | 'firstRunOut'>[];
}

export const CAPACITY_SNAPSHOT_JOB = 'capacity.snapshot';
/** How often today's snapshot is refreshed. */
export const SNAPSHOT_REFRESH_MINUTES = 15;
