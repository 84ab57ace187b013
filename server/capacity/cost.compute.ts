import { max, type Resources } from './resources.compute';

// What capacity costs, the OpenCost way: the charge of a pod and the monthly
// price of charged resources. Pure.

/**
 * OpenCost charges a workload max(request, usage) per resource: an idle pod still
 * pays for what it reserved, a pod bursting above its request pays for what it used.
 * Without usage the request is charged.
 */
export function charge(requests: Resources, usage: Resources | null): Resources {
  return usage ? max(requests, usage) : requests;
}

/** OpenCost's default prices (configs/default.json, "based on GCP us-central1"), USD per hour. */
const OPENCOST_DEFAULT_PRICES = { cpuCoreHour: 0.031611, ramGiBHour: 0.004237 } as const;

const HOURS_PER_MONTH = 730;

/** Monthly cost of charged resources at per-hour prices. */
export function monthlyCost(charged: Resources, prices: { cpuCoreHour: number; ramGiBHour: number } = OPENCOST_DEFAULT_PRICES): number {
  return (charged.cpu / 1000) * prices.cpuCoreHour * HOURS_PER_MONTH + (charged.memory / 1024 ** 3) * prices.ramGiBHour * HOURS_PER_MONTH;
}
