// Runbooks for the demo SLOs' burn alerts, in the spec's runbook template
// (Summary, Impact, Severity, Diagnosis, Resolution, Escalation, Post-Incident).
// Their `url` is the runbook_url the SLO alerts carry (demo-slos.data.ts), so an
// alert links straight to its runbook.

import { DEMO_SERVICES } from './demo.data';
import { DEMO_SLOS, demoAlertName, demoRunbookUrl } from './demo-slos.data';

export type DemoRunbook = { slug: string; team: string; url: string; markdown: string };

const NAMESPACE: Record<string, string> = { payments: 'payments', checkout: 'checkout', platform: 'ingress-nginx', search: 'search' };

function errorRunbook(service: string, team: string, objective: number, severity: 'P1' | 'P2'): string {
  const ns = NAMESPACE[team] ?? team;
  const what = DEMO_SERVICES.find((s) => s.slug === service)?.description ?? '';
  return `# Alert: ${demoAlertName(service, 'availability')}

## Summary
${service} is burning its ${objective} % availability error budget too fast: 5xx responses are above what the SLO allows over the alert's windows. ${what}

## Impact
Requests to ${service} fail. ${severity === 'P1' ? 'Customers see errors on a revenue path; every minute counts.' : 'Degraded experience; customers can usually retry.'}

## Severity: ${severity}

## Diagnosis Steps

### 1. Triage
\`\`\`bash
kubectl get pods -n ${ns} -l app=${service}
kubectl top pods -n ${ns} --sort-by=cpu
\`\`\`

### 2. Check recent changes
\`\`\`bash
kubectl rollout history deploy/${service} -n ${ns}
\`\`\`
Compare the rollout history above with the alert's start: a deploy in the last hour is the first suspect (Runwell's Changes page lists recorded changes once your pipeline reports them).

### 3. Which responses fail
\`\`\`promql
sum by (code) (rate(http_requests_total{job="${service}",code=~"5.."}[5m]))
\`\`\`
503s point at capacity or a dependency; 500s at the code.

### 4. Logs
\`\`\`bash
kubectl logs -n ${ns} -l app=${service} --since=10m | jq 'select(.level=="error")' | tail -50
\`\`\`

## Resolution Steps

### Option A: Roll back the last deploy
\`\`\`bash
kubectl rollout undo deploy/${service} -n ${ns}
kubectl rollout status deploy/${service} -n ${ns}
\`\`\`

### Option B: Scale out (503s under load)
\`\`\`bash
kubectl scale deploy/${service} --replicas=6 -n ${ns}
\`\`\`

## Escalation
- After 15 min unresolved: page the ${team} team lead
- After 30 min: page the incident commander on duty

## Post-Incident
- [ ] Post-mortem within 48 hours${severity === 'P1' ? ' (mandatory for P1)' : ''}
- [ ] Check the SLO's remaining budget and the policy band on the SLO page
- [ ] Add a regression test or alert for the cause
`;
}

function latencyRunbook(service: string, team: string, objective: number): string {
  const ns = NAMESPACE[team] ?? team;
  return `# Alert: ${demoAlertName(service, 'latency')}

## Summary
Fewer than ${objective} % of ${service} requests complete in under 500 ms over the alert's windows.

## Impact
Pages and API calls are slow; time-outs upstream can turn into errors.

## Severity: P3

## Diagnosis Steps

### 1. Where the time goes
\`\`\`promql
histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="${service}"}[5m])))
\`\`\`
Compare with the golden-signal chart on the service page: did traffic rise at the same time?

### 2. CPU throttling
\`\`\`promql
sum(rate(container_cpu_cfs_throttled_periods_total{job="${service}"}[5m])) / sum(rate(container_cpu_cfs_periods_total{job="${service}"}[5m]))
\`\`\`
Above 25 %: the CPU limit is too low for the load.

### 3. Recent changes
\`\`\`bash
kubectl rollout history deploy/${service} -n ${ns}
\`\`\`

## Resolution Steps

### Option A: Roll back a slow release
\`\`\`bash
kubectl rollout undo deploy/${service} -n ${ns}
\`\`\`

### Option B: Raise the CPU limit or scale out
\`\`\`bash
kubectl scale deploy/${service} --replicas=6 -n ${ns}
\`\`\`

## Escalation
- After 30 min unresolved: ask the ${team} team lead in the team channel

## Post-Incident
- [ ] Note the cause on the SLO page's budget timeline
- [ ] Load-test the fix before the next release
`;
}

export const DEMO_RUNBOOKS: DemoRunbook[] = DEMO_SLOS.flatMap((s) => {
  const tier1 = DEMO_SERVICES.find((d) => d.slug === s.service)?.tier === 'tier1';
  const out: DemoRunbook[] = [
    { slug: `${s.service}-high-error-budget-burn`, team: s.team, url: demoRunbookUrl(s, 'high-error-rate'), markdown: errorRunbook(s.service, s.team, s.availability, tier1 ? 'P1' : 'P2') },
  ];
  if (s.latency !== undefined) out.push({ slug: `${s.service}-latency-budget-burn`, team: s.team, url: demoRunbookUrl(s, 'high-latency'), markdown: latencyRunbook(s.service, s.team, s.latency) });
  return out;
});
