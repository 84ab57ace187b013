import { sloSchema, type Slo, type SloInput } from './slo.schema';

// Shared test inputs (imported by *.test.ts only).

/** The product spec's example, verbatim (legacy snake_case CRD keys; the second SLO has no alerting). */
export const SEED_CRD = `apiVersion: sloth.slok.dev/v1
kind: PrometheusServiceLevel
metadata:
  name: payment-service-slo
  namespace: payments
spec:
  service: payment-service
  labels:
    team: payments
    env: production
  slos:
    - name: requests-availability
      objective: 99.9
      description: 99.9% of payment API requests succeed
      sli:
        events:
          error_query: |
            sum(rate(http_requests_total{job="payment-service",status=~"5.."}[{{.window}}]))
          total_query: |
            sum(rate(http_requests_total{job="payment-service"}[{{.window}}]))
      alerting:
        name: PaymentServiceHighErrorBudgetBurn
        annotations:
          runbook_url: https://github.com/org/payments/blob/main/runbooks/slo-burn.md
        page_alert:
          labels:
            severity: critical
        ticket_alert:
          labels:
            severity: warning

    - name: requests-latency
      objective: 99.0
      description: 99% of payment API requests complete in < 500ms
      sli:
        events:
          error_query: |
            sum(rate(http_request_duration_seconds_bucket{
              job="payment-service",le="0.5"}[{{.window}}]))
          total_query: |
            sum(rate(http_request_duration_seconds_count{
              job="payment-service"}[{{.window}}]))
`;

/** Sloth's own README example (prometheus/v1). */
export const SLOTH_FILE = `version: "prometheus/v1"
service: "myservice"
labels:
  owner: "myteam"
  repo: "myorg/myservice"
  tier: "2"
slos:
  - name: "requests-availability"
    objective: 99.9
    description: "Common SLO based on availability for HTTP request responses."
    labels:
      category: availability
    sli:
      events:
        error_query: sum(rate(http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}[{{.window}}]))
        total_query: sum(rate(http_request_duration_seconds_count{job="myservice"}[{{.window}}]))
    alerting:
      name: "MyServiceHighErrorRate"
      labels:
        category: "availability"
      annotations:
        summary: "High error rate on 'myservice' requests responses"
      page_alert:
        labels:
          severity: "pageteam"
          routing_key: "myteam"
      ticket_alert:
        labels:
          severity: "slack"
          slack_channel: "#alerts-myteam"
  - name: "cpu-usage"
    objective: 95
    sli:
      raw:
        error_ratio_query: |
          1 - (sum(rate(process_cpu_seconds_total{job="myservice"}[{{.window}}])) / 4)
    alerting:
      page_alert:
        disable: true
      ticket_alert:
        disable: true
`;

export const SLOTH_CRD_CAMEL = `apiVersion: sloth.slok.dev/v1
kind: PrometheusServiceLevel
metadata:
  name: myservice
  namespace: monitoring
spec:
  service: myservice
  labels:
    owner: myteam
  slos:
    - name: requests-availability
      objective: 99.9
      sli:
        events:
          errorQuery: sum(rate(http_requests_total{job="myservice",code=~"5.."}[{{.window}}]))
          totalQuery: sum(rate(http_requests_total{job="myservice"}[{{.window}}]))
      alerting:
        name: MyServiceHighErrorRate
        pageAlert:
          labels:
            severity: critical
        ticketAlert:
          disable: true
`;

export const OPENSLO_MULTI = `apiVersion: openslo/v1
kind: SLI
metadata:
  name: checkout-good-requests
spec:
  ratioMetric:
    counter: true
    good:
      metricSource:
        type: Prometheus
        spec:
          query: http_requests_total{job="checkout",code!~"5.."}
    total:
      metricSource:
        type: Prometheus
        spec:
          query: http_requests_total{job="checkout"}
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: availability
  labels:
    team: [payments]
spec:
  description: Checkout requests succeed
  service: checkout
  indicatorRef: checkout-good-requests
  timeWindow:
    - duration: 1M
      isRolling: false
      calendar:
        startTime: 2024-01-01 00:00:00
        timeZone: Europe/Berlin
  budgetingMethod: Occurrences
  objectives:
    - displayName: Good
      target: 0.995
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: latency
spec:
  service: checkout
  indicator:
    metadata:
      name: checkout-fast
    spec:
      ratioMetric:
        counter: false
        bad:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_request_duration_seconds_count{job="checkout"}[{{.window}}])) - sum(rate(http_request_duration_seconds_bucket{job="checkout",le="0.3"}[{{.window}}]))
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_request_duration_seconds_count{job="checkout"}[{{.window}}]))
  timeWindow:
    - duration: 4w
      isRolling: true
  budgetingMethod: Timeslices
  objectives:
    - target: 0.99
      timeSliceTarget: 0.95
      timeSliceWindow: 5m
`;

/** A valid model SLO; override fields per test. */
export function makeSlo(overrides: Partial<SloInput> = {}): Slo {
  return sloSchema.parse({
    service: 'checkout',
    name: 'availability',
    objective: 99.9,
    labels: { team: 'payments' },
    sli: {
      type: 'events',
      errorQuery: 'sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))',
      totalQuery: 'sum(rate(http_requests_total{job="checkout"}[{{.window}}]))',
    },
    alerting: {
      name: 'CheckoutHighErrorRate',
      runbookUrl: 'https://runbooks.example.com/checkout',
      page: { labels: { severity: 'critical' } },
      ticket: { labels: { severity: 'warning' } },
    },
    ...overrides,
  });
}
