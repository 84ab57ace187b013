import { z } from 'zod';
import { idText } from '../lib/text';

// The PromQL the Prometheus-fed operations domains run (docs/domains.md
// "PromQL templates"). Defaults are shipped here; a data source may override
// any key (OpsQueryTemplate). `$selector` is a service's label matchers
// (golden signals' selector, e.g. job="checkout"); only the performance keys use it.

export const PROMQL_TEMPLATE_KEYS = [
  'network.dnsP99',
  'network.ingressRequests',
  'network.ingress5xx',
  'network.drops',
  'storage.volumeUsed',
  'storage.volumeCapacity',
  'storage.iopsSaturation',
  'performance.gcPause',
  'security.falcoEvents24h',
  'security.falcoEvents7d',
] as const;
export type PromqlTemplateKey = (typeof PROMQL_TEMPLATE_KEYS)[number];

export const PROMQL_TEMPLATES: Record<PromqlTemplateKey, { label: string; unit: string; query: string; labels: string }> = {
  'network.dnsP99': {
    label: 'CoreDNS request duration p99 per pod',
    unit: 'seconds',
    labels: 'pod',
    query: 'histogram_quantile(0.99, sum by (le, pod) (rate(coredns_dns_request_duration_seconds_bucket[5m])))',
  },
  'network.ingressRequests': {
    label: 'Ingress requests per second per Ingress',
    unit: 'requests/s',
    labels: 'namespace, ingress',
    query: 'sum by (namespace, ingress) (rate(nginx_ingress_controller_requests[5m]))',
  },
  'network.ingress5xx': {
    label: 'Ingress 5xx (connection errors, upstream failures) per second per Ingress',
    unit: 'requests/s',
    labels: 'namespace, ingress',
    query: 'sum by (namespace, ingress) (rate(nginx_ingress_controller_requests{status=~"5.."}[5m]))',
  },
  'network.drops': {
    label: 'CNI packet drops per second per node and reason (Cilium Hubble)',
    unit: 'drops/s',
    labels: 'node, reason',
    query: 'sum by (node, reason) (rate(hubble_drop_total[5m]))',
  },
  'storage.volumeUsed': {
    label: 'Bytes used per PVC (kubelet volume stats)',
    unit: 'bytes',
    labels: 'namespace, persistentvolumeclaim',
    query: 'max by (namespace, persistentvolumeclaim) (kubelet_volume_stats_used_bytes)',
  },
  'storage.volumeCapacity': {
    label: 'Capacity per PVC (kubelet volume stats)',
    unit: 'bytes',
    labels: 'namespace, persistentvolumeclaim',
    query: 'max by (namespace, persistentvolumeclaim) (kubelet_volume_stats_capacity_bytes)',
  },
  'storage.iopsSaturation': {
    label: 'IOPS saturation: share of time the device was busy',
    unit: 'ratio (0-1)',
    labels: 'node, device',
    query: 'max by (node, device) (rate(node_disk_io_time_seconds_total[5m]))',
  },
  'performance.gcPause': {
    label: 'Longest GC pause of a service (Go runtime summary)',
    unit: 'seconds',
    labels: '(one value per service)',
    query: 'max(go_gc_duration_seconds{$selector,quantile="1"})',
  },
  'security.falcoEvents24h': {
    label: 'Falco events in the last 24 hours per rule and priority (Falcosidekick)',
    unit: 'events',
    labels: 'rule, priority',
    query: 'sum by (rule, priority) (increase(falcosecurity_falcosidekick_falco_events_total[24h]))',
  },
  'security.falcoEvents7d': {
    label: 'Falco events in the last 7 days per rule and priority (Falcosidekick)',
    unit: 'events',
    labels: 'rule, priority',
    query: 'sum by (rule, priority) (increase(falcosecurity_falcosidekick_falco_events_total[7d]))',
  },
};

/** Cheap structural checks: Prometheus itself is the judge, but a broken template should not be stored. */
function promqlIssue(q: string): string | null {
  let depth = 0;
  let braces = 0;
  let quote: string | null = null;
  for (const ch of q) {
    if (quote) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '{') braces++;
    else if (ch === '}') braces--;
    if (depth < 0 || braces < 0) return 'A closing bracket has no opening one';
  }
  if (quote) return 'A quoted string is not closed';
  if (depth !== 0 || braces !== 0) return 'Brackets are not balanced';
  const unknown = [...q.matchAll(/\$([a-zA-Z_]+)/g)].map((m) => m[1]).filter((v) => v !== 'selector');
  if (unknown.length) return `Unknown placeholder $${unknown[0]}: only $selector is filled in`;
  return null;
}

export const saveTemplateSchema = z.object({
  dataSourceId: idText(),
  key: z.enum(PROMQL_TEMPLATE_KEYS),
  /** Empty = back to the shipped default. */
  query: z
    .string()
    .trim()
    .max(2000, 'At most 2,000 characters')
    .superRefine((q, ctx) => {
      const issue = q ? promqlIssue(q) : null;
      if (issue) ctx.addIssue({ code: 'custom', message: issue });
    }),
});
export type SaveTemplateInput = z.input<typeof saveTemplateSchema>;

export const listTemplatesSchema = z.object({ dataSourceId: idText() });

export type TemplateDto = { key: PromqlTemplateKey; label: string; unit: string; labels: string; query: string; defaultQuery: string; custom: boolean };

/** The query in effect for each key: the stored override, else the default. */
export function effectiveTemplates(stored: Readonly<Partial<Record<string, string>>>): Record<PromqlTemplateKey, string> {
  return Object.fromEntries(PROMQL_TEMPLATE_KEYS.map((k) => [k, stored[k]?.trim() || PROMQL_TEMPLATES[k].query])) as Record<PromqlTemplateKey, string>;
}

export function renderSelector(query: string, selector: string): string {
  return query.replaceAll('$selector', selector);
}
