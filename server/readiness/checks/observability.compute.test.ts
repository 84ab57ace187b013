import { describe, it } from 'vitest';
import {
  type CheckRow,
  expectCheck,
  goodWorkload,
  NS,
  prometheusRule,
  readySet,
  readySetWith,
  service,
  serviceMonitor,
  slothSlo,
} from '../fixtures/builders';
import type { KubeObject } from '../readiness.schema';

const without = (...kinds: string[]) => readySet().filter((o) => !kinds.includes(o.kind));
const podMonitor: KubeObject = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'PodMonitor',
  metadata: { name: 'pods', namespace: NS },
  spec: { selector: { matchLabels: { 'app.kubernetes.io/name': 'checkout' } } },
};
const ruleNamed = (name: string, labels?: Record<string, string>) => prometheusRule(name, undefined, labels);

const table: Record<string, CheckRow[]> = {
  metricsNotScraped: [
    { label: 'ServiceMonitor selects the Service', objects: readySet(), expected: true, message: /ServiceMonitor "checkout" scrapes Service "checkout"/ },
    { label: 'nothing scrapes', objects: without('ServiceMonitor', 'Service'), expected: false, message: /no ServiceMonitor, PodMonitor/ },
    { label: 'Service without ServiceMonitor', objects: without('ServiceMonitor'), expected: false, message: /No ServiceMonitor selects Service "checkout"/ },
    { label: 'ServiceMonitor selecting other Services', objects: [...without('ServiceMonitor'), serviceMonitor({ selector: { matchLabels: { app: 'x' } } })], expected: false },
    { label: 'ServiceMonitor in another namespace without namespaceSelector', objects: [...without('ServiceMonitor'), serviceMonitor({}, 'monitoring')], expected: false },
    { label: 'ServiceMonitor in another namespace with matchNames', objects: [...without('ServiceMonitor'), serviceMonitor({ namespaceSelector: { matchNames: [NS] } }, 'monitoring')], expected: true },
    { label: 'ServiceMonitor with namespaceSelector any', objects: [...without('ServiceMonitor'), serviceMonitor({ namespaceSelector: { any: true } }, 'monitoring')], expected: true },
    { label: 'PodMonitor selects the pods', objects: [...without('ServiceMonitor', 'Service'), podMonitor], expected: true, message: /PodMonitor "pods"/ },
    { label: 'prometheus.io/scrape on the pod template', objects: readySetWith((d) => (d.spec.template.metadata.annotations = { 'prometheus.io/scrape': 'true' })).filter((o) => o.kind !== 'ServiceMonitor'), expected: true },
    { label: 'prometheus.io/scrape on the Service', objects: [...without('ServiceMonitor', 'Service'), service(undefined, { 'prometheus.io/scrape': 'true' })], expected: true },
    { label: 'not for CronJobs', objects: [goodWorkload('CronJob')], kind: 'CronJob', name: 'checkout-cronjob', expected: 'n/a' },
  ],
  alertRulesMissing: [
    { label: 'rule named after the service', objects: readySet(), expected: true, message: /"checkout-alerts" has 1 alert/ },
    { label: 'no rule', objects: without('PrometheusRule'), expected: false, message: /No PrometheusRule with an alert/ },
    { label: 'rule labelled for the service', objects: [...without('PrometheusRule'), ruleNamed('team-alerts', { 'app.kubernetes.io/name': 'checkout' })], expected: true },
    { label: 'rule named like the Service selecting the pods', objects: [...without('PrometheusRule'), ruleNamed('checkout')], expected: true },
    { label: 'rule for another service', objects: [...without('PrometheusRule'), ruleNamed('cart-alerts')], expected: false },
    { label: 'name prefix must end at a dash', objects: [...without('PrometheusRule'), ruleNamed('checkoutv2-alerts')], expected: false },
    { label: 'recording rules only', objects: [...without('PrometheusRule'), prometheusRule('checkout-rules', [{ record: 'x:rate5m', expr: 'rate(x[5m])' }])], expected: false, message: /recording rules only/ },
    { label: 'rule in another namespace', objects: [...without('PrometheusRule'), { ...ruleNamed('checkout-alerts'), metadata: { name: 'checkout-alerts', namespace: 'other' } }], expected: false },
  ],
  alertRunbookMissing: [
    { label: 'every alert has runbook_url', objects: [prometheusRule()], kind: 'PrometheusRule', name: 'checkout-alerts', expected: true },
    {
      label: 'one alert without',
      objects: [prometheusRule('checkout-alerts', [{ alert: 'A', expr: '1', annotations: { runbook_url: 'https://x' } }, { alert: 'B', expr: '1', annotations: { summary: 's' } }])],
      kind: 'PrometheusRule',
      name: 'checkout-alerts',
      expected: false,
      message: /"B"/,
    },
    { label: 'blank runbook_url', objects: [prometheusRule('r', [{ alert: 'A', expr: '1', annotations: { runbook_url: ' ' } }])], kind: 'PrometheusRule', name: 'r', expected: false },
    { label: 'recording rules only: not applicable', objects: [prometheusRule('r', [{ record: 'a', expr: '1' }])], kind: 'PrometheusRule', name: 'r', expected: 'n/a' },
    { label: 'Sloth SLO with runbook on alerting', objects: [slothSlo()], kind: 'PrometheusServiceLevel', name: 'checkout-slo', expected: true },
    { label: 'Sloth SLO without runbook', objects: [slothSlo('checkout', { name: 'Burn' })], kind: 'PrometheusServiceLevel', name: 'checkout-slo', expected: false, message: /"availability"/ },
    {
      label: 'Sloth SLO with runbooks on both alerts',
      objects: [slothSlo('checkout', { name: 'Burn', page_alert: { annotations: { runbook_url: 'https://x' } }, ticket_alert: { annotations: { runbook_url: 'https://y' } } })],
      kind: 'PrometheusServiceLevel',
      name: 'checkout-slo',
      expected: true,
    },
    {
      label: 'Sloth SLO with alerts disabled: not applicable',
      objects: [slothSlo('checkout', { name: 'Burn', page_alert: { disable: true }, ticket_alert: { disable: true } })],
      kind: 'PrometheusServiceLevel',
      name: 'checkout-slo',
      expected: 'n/a',
    },
  ],
  sloMissing: [
    { label: 'Sloth SLO for the service', objects: readySet(), expected: true, message: /service "checkout"/ },
    { label: 'no SLO', objects: without('PrometheusServiceLevel'), expected: false, message: /No SLO for/ },
    { label: 'SLO for another service', objects: [...without('PrometheusServiceLevel'), slothSlo('cart')], expected: false },
    {
      label: 'Runwell ServiceLevelObjective manifest',
      objects: [...without('PrometheusServiceLevel'), { apiVersion: 'runwell.io/v1', kind: 'ServiceLevelObjective', metadata: { name: 's', namespace: NS }, spec: { service: 'checkout' } }],
      expected: true,
    },
    {
      label: 'OpenSLO v1 SLO',
      objects: [...without('PrometheusServiceLevel'), { apiVersion: 'openslo/v1', kind: 'SLO', metadata: { name: 's', namespace: NS }, spec: { service: 'checkout' } }],
      expected: true,
    },
    { label: 'known SLO from Runwell (live hook)', objects: without('PrometheusServiceLevel'), options: { knownSlos: [{ namespace: NS, service: 'checkout' }] }, expected: true },
    { label: 'known SLO without namespace', objects: without('PrometheusServiceLevel'), options: { knownSlos: [{ service: 'checkout' }] }, expected: true },
    { label: 'known SLO in another namespace', objects: without('PrometheusServiceLevel'), options: { knownSlos: [{ namespace: 'x', service: 'checkout' }] }, expected: false },
  ],
};

describe.each(Object.entries(table))('%s', (id, rows) => {
  it.each(rows)('$label', (row) => expectCheck(id, row));
});
