import { z } from 'zod';
import type { MaintenanceSummary, NodeMaintenance } from './maintenance.compute';
import { idText, text } from '../lib/text';

export const maintenanceInputSchema = z.object({
  clusterId: idText(),
  /** only nodes with this skew status */
  status: z.enum(['ok', 'warning', 'violation', 'unknown']).optional(),
  search: text().trim().max(200).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(10).max(200).default(50),
});
export type MaintenanceInput = z.input<typeof maintenanceInputSchema>;

export interface MaintenanceDto {
  clusterName: string;
  summary: MaintenanceSummary;
  eolSource: string;
  nodes: { rows: NodeMaintenance[]; total: number; page: number; pageSize: number };
}

/** One cluster on the Overview's fleet card: its nodes per version-skew status. */
export interface MaintenanceFleetDto {
  clusterId: string;
  skew: MaintenanceSummary['skew'];
}
