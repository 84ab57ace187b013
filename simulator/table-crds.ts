// kubectl's columns (the CRDs' additionalPrinterColumns) for Argo Rollouts,
// Flagger Canaries, Chaos Mesh PodChaos, KEDA ScaledObjects and Trivy
// ConfigAuditReports; table.ts serves them with the built-in printers.

import { humanDuration } from './plan';
import type { KubeObject } from './types';

type Cell = string | number | boolean | null;
type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date';
export type CrdPrinter = { columns: [string, ColumnType, number, string?][]; row: (o: KubeObject, now: number) => Cell[] };

const age = (o: KubeObject, now: number) => (o.metadata.creationTimestamp ? humanDuration(now - Date.parse(o.metadata.creationTimestamp)) : '<unknown>');
const since = (t: string | undefined, now: number) => (t ? humanDuration(now - Date.parse(t)) : '<none>');
const condition = (o: KubeObject, type: string): string => ((o.status?.conditions ?? []) as { type: string; status?: string }[]).find((c) => c.type === type)?.status ?? 'Unknown';

export const CRD_PRINTERS: Record<string, CrdPrinter> = {
  'argoproj.io/rollouts': {
    columns: [['Name', 'string', 0, 'name'], ['Desired', 'integer', 0], ['Current', 'integer', 0], ['Up-to-date', 'integer', 0], ['Available', 'integer', 0], ['Age', 'date', 0]],
    row: (r, now) => [r.metadata.name, r.spec?.replicas ?? 1, r.status?.replicas ?? 0, r.status?.updatedReplicas ?? 0, r.status?.availableReplicas ?? 0, age(r, now)],
  },
  'flagger.app/canaries': {
    columns: [['Name', 'string', 0, 'name'], ['Status', 'string', 0], ['Weight', 'string', 0], ['FailedChecks', 'string', 1], ['Interval', 'string', 1], ['StepWeight', 'string', 1], ['MaxWeight', 'string', 1], ['LastTransitionTime', 'string', 0]],
    row: (c) => [c.metadata.name, c.status?.phase ?? '', String(c.status?.canaryWeight ?? 0), String(c.status?.failedChecks ?? 0), c.spec?.analysis?.interval ?? '', String(c.spec?.analysis?.stepWeight ?? ''), String(c.spec?.analysis?.maxWeight ?? ''), c.status?.lastTransitionTime ?? ''],
  },
  'chaos-mesh.org/podchaos': {
    columns: [['Name', 'string', 0, 'name'], ['Action', 'string', 0], ['Duration', 'string', 0], ['Age', 'date', 0]],
    row: (p, now) => [p.metadata.name, p.spec?.action ?? '', p.spec?.duration ?? '', age(p, now)],
  },
  'chaos-mesh.org/schedules': {
    columns: [['Name', 'string', 0, 'name'], ['Schedule', 'string', 0], ['Type', 'string', 0], ['Last', 'date', 0], ['Age', 'date', 0]],
    row: (s, now) => [s.metadata.name, s.spec?.schedule ?? '', s.spec?.type ?? '', since(s.status?.time, now), age(s, now)],
  },
  'keda.sh/scaledobjects': {
    columns: [['Name', 'string', 0, 'name'], ['ScaleTargetKind', 'string', 0], ['ScaleTargetName', 'string', 0], ['Min', 'integer', 0], ['Max', 'integer', 0], ['Ready', 'string', 0], ['Active', 'string', 0], ['Fallback', 'string', 0], ['Paused', 'string', 0], ['Triggers', 'string', 1], ['Age', 'date', 0]],
    row: (s, now) => [
      s.metadata.name,
      s.status?.scaleTargetKind ?? '',
      s.spec?.scaleTargetRef?.name ?? '',
      s.spec?.minReplicaCount ?? 0,
      s.spec?.maxReplicaCount ?? 100,
      condition(s, 'Ready'),
      condition(s, 'Active'),
      condition(s, 'Fallback'),
      condition(s, 'Paused'),
      ((s.spec?.triggers ?? []) as { type: string }[]).map((t) => t.type).join(','),
      age(s, now),
    ],
  },
  'aquasecurity.github.io/configauditreports': {
    columns: [['Name', 'string', 0, 'name'], ['Scanner', 'string', 0], ['Age', 'date', 0], ['Critical', 'integer', 1], ['High', 'integer', 1], ['Medium', 'integer', 1], ['Low', 'integer', 1]],
    row: (r, now) => [r.metadata.name, r.report?.scanner?.name ?? '', age(r, now), r.report?.summary?.criticalCount ?? 0, r.report?.summary?.highCount ?? 0, r.report?.summary?.mediumCount ?? 0, r.report?.summary?.lowCount ?? 0],
  },
};
