import { describe, expect, it } from 'vitest';
import { PROMQL_TEMPLATES, PROMQL_TEMPLATE_KEYS, effectiveTemplates, renderSelector, saveTemplateSchema } from './promql-templates.schema';

describe('PromQL templates', () => {
  it.each([
    ['sum by (node, reason) (rate(hubble_drop_total[5m]))', null],
    ['max(go_gc_duration_seconds{$selector,quantile="1"})', null],
    ['sum(rate(x{le=")"}[5m]))', null],
    ['', null],
    ['sum by (node (rate(hubble_drop_total[5m]))', 'Brackets are not balanced'],
    ['sum(rate(x[5m])))', 'A closing bracket has no opening one'],
    ['x{job="a}', 'A quoted string is not closed'],
    ['rate(x{$job}[5m])', 'Unknown placeholder $job: only $selector is filled in'],
    ['x'.repeat(2001), 'At most 2,000 characters'],
  ])('%s -> %s', (query, issue) => {
    const r = saveTemplateSchema.safeParse({ dataSourceId: 'ds1', key: 'network.drops', query });
    expect(r.success ? null : r.error.issues[0]!.message).toBe(issue);
  });

  it('refuses an unknown key', () => {
    expect(saveTemplateSchema.safeParse({ dataSourceId: 'ds1', key: 'network.bogus', query: 'up' }).success).toBe(false);
  });

  it('every shipped default passes its own validation', () => {
    for (const k of PROMQL_TEMPLATE_KEYS) expect(saveTemplateSchema.safeParse({ dataSourceId: 'ds1', key: k, query: PROMQL_TEMPLATES[k].query }).success, k).toBe(true);
  });

  it('uses the stored override, else the default; fills $selector', () => {
    const eff = effectiveTemplates({ 'network.drops': 'sum(rate(cilium_drop_count_total[5m]))', 'network.dnsP99': '  ' });
    expect(eff['network.drops']).toBe('sum(rate(cilium_drop_count_total[5m]))');
    expect(eff['network.dnsP99']).toBe(PROMQL_TEMPLATES['network.dnsP99'].query);
    expect(renderSelector(eff['performance.gcPause'], 'job="checkout"')).toBe('max(go_gc_duration_seconds{job="checkout",quantile="1"})');
  });
});
