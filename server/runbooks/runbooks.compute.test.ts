import { describe, expect, it } from 'vitest';
import { lintRunbookUrls, parseRunbook } from './runbooks.compute';
import { SEED_RUNBOOK } from './runbooks.fixtures';

describe('parseRunbook: the seed template', () => {
  const r = parseRunbook(SEED_RUNBOOK);

  it('is complete', () => {
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ alert: 'PaymentServiceHighErrorRate', severity: 'P1', missing: [], empty: [], extra: [], complete: true });
  });

  it.each([
    { key: 'summary', heading: 'Summary', starts: 'Payment service error rate exceeds 5%' },
    { key: 'impact', heading: 'Impact', starts: 'Customers may be unable' },
    { key: 'diagnosis', heading: 'Diagnosis Steps', starts: '### 1. Triage' },
    { key: 'resolution', heading: 'Resolution Steps', starts: '### Option A: Rollback' },
    { key: 'escalation', heading: 'Escalation', starts: '- After 15 min unresolved' },
    { key: 'postIncident', heading: 'Post-Incident', starts: 'File post-mortem within 48h' },
  ] as const)('$key', ({ key, heading, starts }) => {
    expect(r.sections[key]!.heading).toBe(heading);
    expect(r.sections[key]!.body.startsWith(starts)).toBe(true);
  });

  it('keeps "# Check Argo CD sync history" inside the code block, and ### steps in their section', () => {
    expect(r.sections.diagnosis!.body).toContain('# Check Argo CD sync history');
    expect(r.sections.diagnosis!.body).toContain('### 4. Check downstream dependencies');
  });

  it('reads the escalation steps', () => {
    expect(r.escalation).toEqual([
      { afterMinutes: 15, target: 'payments-team-lead', line: r.sections.escalation!.bodyLine },
      { afterMinutes: 30, target: 'VP Engineering', line: r.sections.escalation!.bodyLine! + 1 },
    ]);
    expect(SEED_RUNBOOK.split('\n')[r.escalation[0]!.line - 1]).toBe('- After 15 min unresolved: page payments-team-lead');
  });
});

describe('parseRunbook: problems', () => {
  it.each([
    {
      name: 'missing sections',
      md: '# Alert: DiskFull\n\n## Summary\nDisk is full.\n\n## Severity: P3\n',
      missing: ['impact', 'diagnosis', 'resolution', 'escalation', 'postIncident'],
      empty: [],
      message: 'missing section "## Impact"',
    },
    {
      name: 'an empty section',
      md: '# Alert: X\n## Summary\n\n## Impact\nnone\n## Severity\nP2\n## Diagnosis\na\n## Resolution\nb\n## Escalation\nc\n## Post-Incident\nd\n',
      missing: [],
      empty: ['summary'],
      message: 'section "## Summary" is empty',
    },
    { name: 'no title', md: '## Summary\nx\n', missing: ['impact', 'severity', 'diagnosis', 'resolution', 'escalation', 'postIncident'], empty: [], message: 'no title: start with "# Alert: <AlertName>"' },
    { name: 'a title without "Alert:"', md: '# Disk full\n', missing: [...['summary', 'impact', 'severity', 'diagnosis', 'resolution', 'escalation', 'postIncident']], empty: [], message: 'the title should read "# Alert: <AlertName>", got "# Disk full"' },
    { name: 'an unknown severity', md: '# Alert: X\n## Severity: urgent\n', missing: ['summary', 'impact', 'diagnosis', 'resolution', 'escalation', 'postIncident'], empty: [], message: 'severity "urgent" is not P1, P2 or P3' },
  ])('$name', ({ md, missing, empty, message }) => {
    const r = parseRunbook(md);
    expect(r.missing).toEqual(missing);
    expect(r.empty).toEqual(empty);
    expect(r.complete).toBe(false);
    expect(r.problems.map((p) => p.message)).toContain(message);
  });

  it.each([
    { heading: '## Severity: P2', body: '', severity: 'P2' },
    { heading: '## Severity', body: 'SEV1 - wake people up', severity: 'P1' },
    { heading: '## Priority: **p3**', body: '', severity: 'P3' },
  ])('severity from "$heading" / "$body"', ({ heading, body, severity }) => {
    expect(parseRunbook(`# Alert: X\n${heading}\n${body}\n`).severity).toBe(severity);
  });

  it('accepts common synonyms, keeps unknown sections as extra and flags duplicates', () => {
    const r = parseRunbook('# Alert: X\n## Overview\na\n## Remediation\nb\n## Dashboards\nc\n## Summary\nagain\n');
    expect(r.sections.summary!.body).toBe('a');
    expect(r.sections.resolution!.body).toBe('b');
    expect(r.extra).toEqual([{ heading: 'Dashboards', line: 6 }]);
    expect(r.problems.map((p) => p.message)).toContain('section "Summary" appears twice (line 2 and 8); the first is kept');
  });

  it('a longer fence is only closed by a fence at least as long', () => {
    const r = parseRunbook('# Alert: X\n## Diagnosis\n````md\n```\n## not a heading\n```\n````\n## Impact\ny\n');
    expect(r.sections.diagnosis!.body).toContain('## not a heading');
    expect(r.sections.impact!.body).toBe('y');
  });

  it('reads escalation in hours and numbered lists', () => {
    const r = parseRunbook('# Alert: X\n## Escalation\n\n1. After 2 hours: page the on-call manager\n2. after 90m without progress: VP\n');
    expect(r.escalation).toEqual([
      { afterMinutes: 120, target: 'the on-call manager', line: 4 },
      { afterMinutes: 90, target: 'VP', line: 5 },
    ]);
  });
});

describe('lintRunbookUrls', () => {
  const prometheusRule = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'payments', namespace: 'payments' },
    spec: {
      groups: [
        {
          name: 'payments.rules',
          rules: [
            { record: 'job:http_requests:rate5m', expr: 'sum(rate(x[5m]))' },
            {
              alert: 'PaymentServiceHighErrorRate',
              annotations: { runbook_url: 'https://github.com/org/payments/blob/main/runbooks/high-error-rate.md', summary: 'x' },
            },
            { alert: 'PaymentLatencyHigh', annotations: { summary: 'slow' } },
            { alert: 'PaymentQueueBacklog' },
            { alert: 'PaymentEmpty', annotations: { runbook_url: '  ' } },
            { alert: 'PaymentRelative', annotations: { runbook_url: 'runbooks/backlog.md' } },
            { alert: 'PaymentTemplated', annotations: { runbook_url: '{{ $labels.runbook }}' } },
          ],
        },
      ],
    },
  };
  const ruleFile = { groups: [{ name: 'node', rules: [{ alert: 'NodeDown', expr: 'up == 0' }] }] };

  it('lists every alert without a usable runbook_url, with its path', () => {
    const r = lintRunbookUrls([prometheusRule, { kind: 'ConfigMap' }, ruleFile]);
    expect(r.alertsChecked).toBe(7);
    expect(r.skippedDocuments).toBe(1);
    expect(r.findings.map((f) => [f.document, f.resource, f.group, f.alert, f.path, f.problem, f.severity])).toEqual([
      [0, 'payments/payments', 'payments.rules', 'PaymentLatencyHigh', 'spec.groups[0].rules[2]', 'missing', 'error'],
      [0, 'payments/payments', 'payments.rules', 'PaymentQueueBacklog', 'spec.groups[0].rules[3]', 'missing', 'error'],
      [0, 'payments/payments', 'payments.rules', 'PaymentEmpty', 'spec.groups[0].rules[4]', 'empty', 'error'],
      [0, 'payments/payments', 'payments.rules', 'PaymentRelative', 'spec.groups[0].rules[5]', 'not-a-url', 'warning'],
      [2, null, 'node', 'NodeDown', 'groups[0].rules[0]', 'missing', 'error'],
    ]);
    expect(r.findings[0]!.message).toBe('alert PaymentLatencyHigh has no runbook_url annotation: every alert must link to a runbook');
  });

  it('a clean file has no findings', () => {
    const clean = { groups: [{ name: 'g', rules: [{ alert: 'A', annotations: { runbook_url: 'https://runbooks.example.com/a' } }] }] };
    expect(lintRunbookUrls([clean])).toEqual({ findings: [], alertsChecked: 1, skippedDocuments: 0 });
  });
});
