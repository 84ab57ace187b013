import { type ResourceName, RESOURCE_NAMES, type Resources } from './resources.compute';

// Right-sizing hints (docs/inventory.md, "Capacity planning"): workloads whose
// requests are far above, or below, what their pods use. Pure.

/**
 * Right-sizing rule (stated in the UI and docs): for each workload and resource,
 * take the 95th percentile (nearest rank) of its pods' usage samples; when the
 * per-pod request is at least MIN_REQUEST and that p95 is below 30 % of it, the
 * request is oversized. Suggest p95 + 30 % margin, rounded up (10m CPU, 16 MiB
 * memory) and never below the floor. The reverse — p95 above the request — is
 * reported as under-requested (throttling for CPU, eviction first under node
 * memory pressure).
 */
const RIGHT_SIZING = {
  oversizedBelow: 0.3,
  margin: 1.3,
  underAbove: 1.0,
  minRequest: { cpu: 100, memory: 128 * 1024 ** 2 } as Resources,
  floor: { cpu: 10, memory: 32 * 1024 ** 2 } as Resources,
  step: { cpu: 10, memory: 16 * 1024 ** 2 } as Resources,
} as const;

/** Nearest-rank percentile (p in 0..100) of unsorted samples; null when there are none. */
export function percentile(samples: readonly number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export interface WorkloadUsageInput {
  namespace: string;
  /** "Deployment/checkout-api" */
  workload: string;
  pods: number;
  /** Per-pod request (the template's; the largest when pods differ mid-rollout). */
  request: Resources;
  /** Per-pod usage samples (one per pod and sample time). */
  samples: { cpu: number[]; memory: number[] };
}

export interface RightSizingHint {
  namespace: string;
  workload: string;
  resource: ResourceName;
  kind: 'oversized' | 'under-requested';
  pods: number;
  request: number;
  p95: number;
  samples: number;
  /** Suggested per-pod request. */
  suggested: number;
  /** (request - suggested) × pods; negative when more should be requested. */
  totalChange: number;
  /** One sentence for people. */
  reason: string;
}

function roundUp(value: number, step: number): number {
  return Math.ceil(value / step) * step;
}

export function rightSizingHints(
  workloads: Iterable<WorkloadUsageInput>,
  format: (resource: ResourceName, value: number) => string = (r, v) => (r === 'cpu' ? `${Math.round(v)}m` : `${Math.round(v / 1024 ** 2)}Mi`),
): RightSizingHint[] {
  const hints: RightSizingHint[] = [];
  for (const w of workloads) {
    for (const resource of RESOURCE_NAMES) {
      const request = w.request[resource];
      const samples = w.samples[resource];
      const p95 = percentile(samples, 95);
      if (p95 === null || request <= 0) continue;
      const suggested = Math.max(RIGHT_SIZING.floor[resource], roundUp(p95 * RIGHT_SIZING.margin, RIGHT_SIZING.step[resource]));
      const label = resource === 'cpu' ? 'CPU' : 'memory';
      const hint = (kind: RightSizingHint['kind'], reason: string): RightSizingHint => ({
        namespace: w.namespace,
        workload: w.workload,
        resource,
        kind,
        pods: w.pods,
        request,
        p95,
        samples: samples.length,
        suggested,
        totalChange: (request - suggested) * w.pods,
        reason,
      });
      if (request >= RIGHT_SIZING.minRequest[resource] && p95 < request * RIGHT_SIZING.oversizedBelow && suggested < request) {
        hints.push(
          hint('oversized', `Uses ${format(resource, p95)} of ${label} at the 95th percentile, ${Math.round((p95 / request) * 100)} % of its ${format(resource, request)} request; ${format(resource, suggested)} leaves a 30 % margin.`),
        );
      } else if (p95 > request * RIGHT_SIZING.underAbove) {
        hints.push(
          hint(
            'under-requested',
            resource === 'memory'
              ? `Uses ${format(resource, p95)} of memory at the 95th percentile, above its ${format(resource, request)} request: under node memory pressure it is evicted first.`
              : `Uses ${format(resource, p95)} of CPU at the 95th percentile, above its ${format(resource, request)} request: the scheduler places it as if it needed less than it does.`,
          ),
        );
      }
    }
  }
  // Biggest savings first, then the riskiest under-requests.
  return hints.sort((a, b) => Math.abs(b.totalChange) / unitScale(b.resource) - Math.abs(a.totalChange) / unitScale(a.resource));
}

// Compare CPU and memory savings on a common footing: 1 core ≈ 4 GiB (the
// OpenCost default prices' ratio is ~7.5 GiB per core; 4 GiB is the common
// instance shape and keeps the ordering intuitive).
function unitScale(resource: ResourceName): number {
  return resource === 'cpu' ? 1000 : 4 * 1024 ** 3;
}
