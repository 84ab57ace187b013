import { PROMETHEUS_SCRAPE_ANNOTATION } from '../../lib/kube-conventions';
import { serviceNamesOf } from '../inventory.compute';
import { alertRulesOf } from '../object-views.compute';
import { LONG_RUNNING_KINDS } from '../workload.compute';
import { asArray, asRecord, isTrue } from '../../lib/kube';
import { ANY_NAMESPACE } from '../selector-index.compute';
import { type CheckDefinition, fail, pass, quoteList } from './check.compute';

function hasRunbook(annotations: unknown): boolean {
  const url = asRecord(annotations).runbook_url;
  return typeof url === 'string' && url.trim().length > 0;
}

/**
 * Sloth SLOs generate alerts unless both page and ticket alerts are disabled; the
 * runbook_url may sit on `alerting.annotations` (both alerts) or on each alert.
 * Returns the names of SLOs whose generated alerts have no runbook, or null when no SLO alerts.
 */
function slothSlosWithoutRunbook(spec: Record<string, unknown>): string[] | null {
  const missing: string[] = [];
  let alerting = 0;
  for (const raw of asArray(spec.slos)) {
    const slo = asRecord(raw);
    if (slo.alerting === undefined || slo.alerting === null) continue;
    const config = asRecord(slo.alerting);
    const alerts = [asRecord(config.page_alert), asRecord(config.ticket_alert)].filter((a) => a.disable !== true);
    if (alerts.length === 0) continue;
    alerting += 1;
    if (hasRunbook(config.annotations)) continue;
    if (alerts.every((a) => hasRunbook(a.annotations))) continue;
    missing.push(typeof slo.name === 'string' ? slo.name : '?');
  }
  return alerting === 0 ? null : missing;
}

export const observabilityChecks: CheckDefinition[] = [
  {
    id: 'metricsNotScraped',
    area: 'observability',
    severity: 'warning',
    kinds: LONG_RUNNING_KINDS,
    target: 'workload',
    polaris: false,
    title: 'Prometheus scrapes the workload',
    passes:
      'a PodMonitor selects the pods, or a ServiceMonitor selects a Service that selects them, or `prometheus.io/scrape: "true"` is set on the pod template or that Service',
    passMessage: 'Prometheus scrapes the workload',
    failMessage: 'Nothing makes Prometheus scrape this workload (no ServiceMonitor, PodMonitor or prometheus.io/scrape annotation)',
    fix: [
      'apiVersion: monitoring.coreos.com/v1',
      'kind: ServiceMonitor',
      'metadata:',
      '  name: my-app',
      'spec:',
      '  selector:',
      '    matchLabels:',
      '      app.kubernetes.io/name: my-app   # the Service\'s labels',
      '  endpoints:',
      '    - port: metrics',
      '',
    ].join('\n'),
    evaluate(workload, { inventory }) {
      if (isTrue(workload.podAnnotations[PROMETHEUS_SCRAPE_ANNOTATION])) {
        return pass('Scraped through the prometheus.io/scrape annotation');
      }
      const podMonitors = inventory.podMonitors.match(workload.nsKey, workload.podLabels);
      if (podMonitors.length > 0) return pass(`PodMonitor "${podMonitors[0]!.name}" scrapes the pods`);
      const services = inventory.services.match(workload.nsKey, workload.podLabels);
      for (const service of services) {
        const monitors = inventory.serviceMonitors.match(service.nsKey, service.labels);
        if (monitors.length > 0) {
          return pass(`ServiceMonitor "${monitors[0]!.name}" scrapes Service "${service.name}"`);
        }
        if (isTrue(service.annotations[PROMETHEUS_SCRAPE_ANNOTATION])) {
          return pass(`Scraped through the prometheus.io/scrape annotation on Service "${service.name}"`);
        }
      }
      if (services.length > 0) {
        return fail(`No ServiceMonitor selects Service ${quoteList(services.map((s) => s.name))}, and no PodMonitor selects the pods`);
      }
      return fail();
    },
  },
  {
    id: 'alertRulesMissing',
    area: 'observability',
    severity: 'warning',
    kinds: LONG_RUNNING_KINDS,
    target: 'workload',
    polaris: false,
    title: 'Alert rules exist for the service',
    passes:
      'a PrometheusRule in the namespace with at least one alert is named for the service (its name, or name prefix) or labelled with it (`runwell.io/service`, `app.kubernetes.io/name`, `app`)',
    passMessage: 'Alert rules exist for the service',
    failMessage: 'No alert rules for this service',
    fix: [
      'apiVersion: monitoring.coreos.com/v1',
      'kind: PrometheusRule',
      'metadata:',
      '  name: my-app-alerts',
      '  labels:',
      '    app.kubernetes.io/name: my-app',
      'spec:',
      '  groups:',
      '    - name: my-app',
      '      rules:',
      '        - alert: MyAppHighErrorRate',
      '          expr: sum(rate(http_requests_total{job="my-app",code=~"5.."}[5m])) / sum(rate(http_requests_total{job="my-app"}[5m])) > 0.05',
      '          for: 5m',
      '          annotations:',
      '            runbook_url: https://example.com/runbooks/my-app-high-error-rate.md',
      '',
    ].join('\n'),
    evaluate(workload, { inventory }) {
      const names = [...serviceNamesOf(workload, inventory)];
      let recordingOnly: string | undefined;
      for (const name of names) {
        for (const rule of inventory.rulesBySubject.get(`${workload.nsKey}\u0000${name}`) ?? []) {
          if (rule.alertCount > 0) return pass(`PrometheusRule "${rule.name}" has ${rule.alertCount} alert(s) for the service`);
          recordingOnly ??= rule.name;
        }
      }
      if (recordingOnly) return fail(`PrometheusRule "${recordingOnly}" has recording rules only, no alert`);
      return fail(`No PrometheusRule with an alert is named or labelled for ${quoteList(names)}`);
    },
  },
  {
    id: 'alertRunbookMissing',
    area: 'observability',
    severity: 'danger',
    kinds: ['PrometheusRule', 'PrometheusServiceLevel'],
    target: 'object',
    polaris: false,
    title: 'Every alert links to a runbook',
    passes:
      'every `alert` rule of a PrometheusRule (and every alerting Sloth SLO) has a non-empty `runbook_url` annotation',
    passMessage: 'Every alert links to a runbook',
    failMessage: 'Alerts without a runbook_url annotation',
    fix: '- alert: MyAppHighErrorRate\n  annotations:\n    runbook_url: https://github.com/org/my-app/blob/main/runbooks/high-error-rate.md\n',
    evaluate(subject) {
      const spec = asRecord(subject.item.object.spec);
      if (subject.kind === 'PrometheusServiceLevel') {
        const missing = slothSlosWithoutRunbook(spec);
        if (missing === null) return null;
        return missing.length === 0 ? pass() : fail(`SLO alerts without a runbook_url annotation: ${quoteList(missing)}`);
      }
      const alerts = alertRulesOf(subject.item.object);
      if (alerts.length === 0) return null;
      const missing = alerts.filter((a) => !hasRunbook(a.annotations)).map((a) => String(a.alert));
      if (missing.length === 0) return pass(`All ${alerts.length} alert(s) link to a runbook`);
      return fail(`Alerts without a runbook_url annotation: ${quoteList(missing)}`);
    },
  },
  {
    id: 'sloMissing',
    area: 'observability',
    severity: 'warning',
    kinds: LONG_RUNNING_KINDS,
    target: 'workload',
    polaris: false,
    title: 'An SLO exists for the service',
    passes:
      'a Sloth `PrometheusServiceLevel`, OpenSLO `SLO` (or Runwell `ServiceLevelObjective`) in the namespace has `spec.service` equal to one of the service\'s names, or Runwell knows an SLO for it',
    passMessage: 'An SLO exists for the service',
    failMessage: 'No SLO for this service',
    fix: [
      'apiVersion: sloth.slok.dev/v1',
      'kind: PrometheusServiceLevel',
      'metadata:',
      '  name: my-app-slo',
      'spec:',
      '  service: my-app',
      '  slos:',
      '    - name: requests-availability',
      '      objective: 99.9',
      '      sli:',
      '        events:',
      '          error_query: sum(rate(http_requests_total{job="my-app",code=~"5.."}[{{.window}}]))',
      '          total_query: sum(rate(http_requests_total{job="my-app"}[{{.window}}]))',
      '      alerting:',
      '        name: MyAppHighErrorBudgetBurn',
      '        annotations:',
      '          runbook_url: https://example.com/runbooks/my-app-slo-burn.md',
      '',
    ].join('\n'),
    evaluate(workload, { inventory }) {
      const names = [...serviceNamesOf(workload, inventory)];
      const found = names.find(
        (name) =>
          inventory.sloKeys.has(`${workload.nsKey}\u0000${name}`) || inventory.sloKeys.has(`${ANY_NAMESPACE}\u0000${name}`),
      );
      return found ? pass(`An SLO exists for service "${found}"`) : fail(`No SLO for ${quoteList(names)}`);
    },
  },
];
