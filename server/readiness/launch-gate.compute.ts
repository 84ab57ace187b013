import type { Area, Severity } from './readiness.schema';
import { byArea, type ScoredRow, total } from './scorecard.compute';

// The launch gate (docs/readiness.md, "Launch gate"): whether a service's
// workloads are ready for production. Pure.

export interface GateConfig {
  /** Areas in which every applicable check must pass (or be exempted). */
  requiredAreas: Area[];
}

export const DEFAULT_GATE_CONFIG: GateConfig = { requiredAreas: ['reliability', 'security', 'observability'] };

type GateReason =
  | { type: 'danger'; checkId: string; workload: string }
  | { type: 'area'; area: Area; score: number; failed: number };

export interface GateOutcome {
  status: 'pass' | 'fail' | 'unknown';
  score: number;
  workloads: number;
  failedDangers: number;
  reasons: GateReason[];
}

export interface GateRow extends ScoredRow {
  clusterName: string;
  kind: string;
  namespace: string;
  name: string;
  failingChecks: readonly string[];
}

/**
 * The seed's launch gate for one service, over all its workloads in every cluster:
 * passes when no danger check fails (exempted checks do not fail) and every
 * required area has no failed check. "unknown" when no workload maps to the service.
 */
export function launchGate(rows: readonly GateRow[], config: GateConfig, severities: Map<string, { area: Area; severity: Severity }>): GateOutcome {
  if (rows.length === 0) return { status: 'unknown', score: 100, workloads: 0, failedDangers: 0, reasons: [] };
  const reasons: GateReason[] = [];
  for (const row of rows) {
    for (const id of row.failingChecks) {
      if (severities.get(id)?.severity === 'danger') {
        reasons.push({ type: 'danger', checkId: id, workload: `${row.clusterName}/${row.namespace}/${row.kind}/${row.name}` });
      }
    }
  }
  const areas = byArea(rows);
  for (const area of config.requiredAreas) {
    const counts = areas[area];
    const failed = counts.failedDangers + counts.failedWarnings;
    if (failed > 0) reasons.push({ type: 'area', area, score: counts.score, failed });
  }
  const card = total(rows);
  return {
    status: reasons.length === 0 ? 'pass' : 'fail',
    score: card.score,
    workloads: rows.length,
    failedDangers: card.failedDangers,
    reasons,
  };
}
