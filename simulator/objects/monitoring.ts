// A workload's monitoring: the prometheus-operator ServiceMonitor and
// PrometheusRule, and the Sloth PrometheusServiceLevel of its SLOs.

import { HOUR, isoTime, type WorkloadPlan } from '../plan';
import { meta, type Ctx } from './context';

function pascal(name: string): string {
  return name
    .split(/[-_.]/)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
}

export function serviceMonitor(c: Ctx, w: WorkloadPlan, labels: Record<string, string>, created: number): void {
  if (!w.serviceMonitor) return;
  const ns = w.namespace;
  const selector = { app: w.name };
  c.out.push({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: meta(w.name, ns, c.prng.uuid(), created, { generation: 1, labels: { ...labels, release: 'kube-prometheus-stack' } }),
    spec: { selector: { matchLabels: selector }, endpoints: [{ port: 'metrics', path: '/metrics', interval: '30s', scrapeTimeout: '10s' }], namespaceSelector: { matchNames: [ns] } },
  });
}

export function prometheusRule(c: Ctx, w: WorkloadPlan, labels: Record<string, string>, created: number): void {
  if (!w.prometheusRule) return;
  const ns = w.namespace;
  const p = pascal(w.name);
  const runbook = (slug: string) => (w.prometheusRule!.runbooks ? { runbook_url: `https://git.example.com/${w.team}/${w.name}/blob/main/runbooks/${slug}.md` } : {});
  c.out.push({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: meta(`${w.name}-alerts`, ns, c.prng.uuid(), created, { generation: 1, labels: { ...labels, release: 'kube-prometheus-stack' } }),
    spec: {
      groups: [
        {
          name: `${w.name}.rules`,
          rules: [
            {
              alert: `${p}HighErrorRate`,
              expr: `sum(rate(http_requests_total{job="${w.name}",status=~"5.."}[5m])) / sum(rate(http_requests_total{job="${w.name}"}[5m])) > 0.05`,
              for: '5m',
              labels: { severity: 'critical', team: w.team },
              annotations: { summary: `${w.name} error rate > 5%`, description: `Namespace {{ $labels.namespace }}, job {{ $labels.job }}: {{ $value | humanizePercentage }} error rate`, ...runbook('high-error-rate') },
            },
            {
              alert: `${p}HighLatency`,
              expr: `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="${w.name}"}[5m]))) > 0.5`,
              for: '10m',
              labels: { severity: 'warning', team: w.team },
              annotations: { summary: `${w.name} p99 latency > 500ms`, ...runbook('high-latency') },
            },
            {
              alert: `${p}PodCrashLooping`,
              expr: `increase(kube_pod_container_status_restarts_total{namespace="${ns}",container="${w.name}"}[15m]) > 3`,
              for: '5m',
              labels: { severity: 'warning', team: w.team },
              annotations: { summary: `${w.name} pods are crash looping`, ...runbook('crashloop') },
            },
          ],
        },
      ],
    },
  });
}

export function serviceLevel(c: Ctx, w: WorkloadPlan, created: number): void {
  if (!w.slo) return;
  const ns = w.namespace;
  const slos: unknown[] = [
    {
      name: 'requests-availability',
      objective: w.slo.objective,
      description: `${w.slo.objective}% of ${w.name} requests succeed`,
      sli: {
        events: {
          errorQuery: `sum(rate(http_requests_total{job="${w.name}",status=~"5.."}[{{.window}}]))`,
          totalQuery: `sum(rate(http_requests_total{job="${w.name}"}[{{.window}}]))`,
        },
      },
      alerting: {
        name: `${pascal(w.name)}HighErrorBudgetBurn`,
        labels: { team: w.team },
        annotations: { runbook_url: `https://git.example.com/${w.team}/${w.name}/blob/main/runbooks/slo-burn.md` },
        pageAlert: { labels: { severity: 'critical' } },
        ticketAlert: { labels: { severity: 'warning' } },
      },
    },
  ];
  if (w.slo.latencyObjective !== undefined) {
    slos.push({
      name: 'requests-latency',
      objective: w.slo.latencyObjective,
      description: `${w.slo.latencyObjective}% of ${w.name} requests complete in < 500ms`,
      sli: {
        events: {
          errorQuery: `sum(rate(http_request_duration_seconds_count{job="${w.name}"}[{{.window}}])) - sum(rate(http_request_duration_seconds_bucket{job="${w.name}",le="0.5"}[{{.window}}]))`,
          totalQuery: `sum(rate(http_request_duration_seconds_count{job="${w.name}"}[{{.window}}]))`,
        },
      },
      alerting: { name: `${pascal(w.name)}LatencyBudgetBurn`, pageAlert: { disable: true }, ticketAlert: { labels: { severity: 'warning' } } },
    });
  }
  c.out.push({
    apiVersion: 'sloth.slok.dev/v1',
    kind: 'PrometheusServiceLevel',
    metadata: meta(`${w.name}-slo`, ns, c.prng.uuid(), created, { generation: 1, labels: { team: w.team } }),
    spec: { service: w.name, labels: { team: w.team, env: c.nsByName.get(ns)?.env ?? 'production' }, slos },
    status: { processedSLOs: slos.length, promOpSLOsGenerated: slos.length, observedGeneration: 1, lastPromOpRulesSuccessfulGenerated: isoTime(c.now - c.prng.int(1, 48) * HOUR) },
  });
}
