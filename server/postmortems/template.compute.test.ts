import { describe, expect, it } from 'vitest';
import { emptySections } from './postmortems.compute';
import { factsOf } from './prefill.compute';
import { DEFAULT_TEMPLATE, escapeMarkdown, PLACEHOLDERS, prefillSections, renderBody, renderTemplate, SAMPLE_INCIDENT, templateFrom, templateIssues } from './template.compute';

const input = SAMPLE_INCIDENT;
const ctx = { input, facts: factsOf(input) };

describe('escapeMarkdown', () => {
  it.each([
    ['plain text', 'plain text'],
    ['*bold* _it_', '\\*bold\\* \\_it\\_'],
    ['[link](javascript:x)', '\\[link\\](javascript:x)'],
    ['a | b', 'a \\| b'],
    ['<script>', '\\<script\\>'],
    ['# heading', '\\# heading'],
    ['back\\slash `code` ~~x~~', 'back\\\\slash \\`code\\` \\~\\~x\\~\\~'],
    ['two\n\nlines', 'two lines'],
  ])('%j -> %j', (raw, escaped) => {
    expect(escapeMarkdown(raw)).toBe(escaped);
  });
});

describe('templateIssues', () => {
  it.each([
    ['known placeholders', { impact: '{{incident.title}} {{ mttr }} {{impact.budget}}' }, []],
    ['an unknown placeholder names it and the section', { impact: 'x {{incident.cost}} y' }, [{ section: 'impact', message: 'unknown placeholder {{incident.cost}} in section "Impact"' }]],
    ['placeholder names are case-sensitive', { summary: '{{Incident.Title}}' }, [{ section: 'summary', message: 'unknown placeholder {{Incident.Title}} in section "Summary"' }]],
    ['a malformed name', { lessons: '{{incident title}}' }, [{ section: 'lessons', message: '"{{incident title}}" in section "Lessons learned" is not a placeholder name' }]],
    ['an unclosed brace pair', { rootCause: 'see {{incident.title' }, [{ section: 'rootCause', message: '"{{" without a closing "}}" in section "Root cause and trigger"' }]],
    ['one issue per unknown placeholder, in section order', { timeline: '{{a}}', summary: '{{b}}' }, [{ section: 'summary', message: 'unknown placeholder {{b}} in section "Summary"' }, { section: 'timeline', message: 'unknown placeholder {{a}} in section "Timeline"' }]],
    ['empty sections are fine', { summary: '', impact: '   ' }, []],
  ])('%s', (_name, template, issues) => {
    expect(templateIssues(template)).toEqual(issues);
  });
  it('accepts the built-in template', () => {
    expect(templateIssues(DEFAULT_TEMPLATE)).toEqual([]);
  });
});

describe('renderBody', () => {
  it.each([
    ['inline values are filled', 'Incident #{{incident.number}} ({{incident.severity}})', 'Incident #128 (P2)'],
    ['spaces inside braces are allowed', '{{ incident.number }}', '128'],
    ['unknown placeholders stay as written', 'cost: {{incident.cost}}', 'cost: {{incident.cost}}'],
    ['a line holding only an empty block goes', 'Before\n{{runbooks}}\nAfter', 'Before\nAfter'],
    ['blank runs collapse and the ends are trimmed', '\n\nA\n\n\n\nB\n\n', 'A\n\nB'],
    ['a block inside text stays', 'Roles:\n{{roles}}', 'Roles:\n- Incident commander: Carol Diaz\n- Communications lead: Dan Ito\n- Scribe: nobody'],
    ['durations', 'MTTD {{mttd}}, MTTR {{mttr}}', 'MTTD 3 min, MTTR 52 min'],
    ['times are UTC', '{{incident.started}}', '2026-01-14 09:12 UTC'],
    ['exhausted budgets', '{{budget.exhausted}}', 'cart-api/latency'],
  ])('%s', (_name, body, out) => {
    expect(renderBody(body, { ...ctx, input: { ...input, runbooks: [] }, facts: factsOf({ ...input, runbooks: [] }) })).toBe(out);
  });

  it('escapes values, and never fills placeholders found inside values', () => {
    const evil = { ...input, incident: { ...input.incident, title: '*pwn* [x](javascript:alert(1)) {{mttr}}', services: ['a|b'] } };
    const out = renderBody('{{incident.title}} on {{incident.services}}', { input: evil, facts: factsOf(evil) });
    expect(out).toBe('\\*pwn\\* \\[x\\](javascript:alert(1)) {{mttr}} on a\\|b');
  });

  it('a person-written summary stays Markdown; without one, the summary line escapes the title', () => {
    const withSummary = { ...input, incident: { ...input.incident, summary: 'Cart **timeouts**' } };
    expect(renderBody('{{incident.summary}}', { input: withSummary, facts: factsOf(withSummary) })).toBe('Cart **timeouts**');
    const plain = { ...input, incident: { ...input.incident, title: 'a_b' } };
    expect(renderBody('{{incident.summary}}', { input: plain, facts: factsOf(plain) })).toBe('P2 incident #128: a\\_b.');
  });
});

describe('renderTemplate', () => {
  it('empty sections stay empty; a section that renders to nothing is empty', () => {
    const template = { ...emptySections(), summary: 'S: {{incident.title}}', lessons: '{{runbooks}}' };
    const out = renderTemplate(template, { ...input, runbooks: [] });
    expect(out.summary).toBe('S: Checkout returns 5xx after cart\\_client 2.4');
    expect(out.lessons).toBe('');
    expect(out.rootCause).toBe('');
  });
  it('the built-in template writes what the pre-fill always wrote', () => {
    const s = prefillSections(input);
    expect(s.impact).toContain('| cart-api/latency | 110.0 % | 47.5 of 43.2 min | -4.2 % |');
    expect(s.detection).toBe('- Impact started 2026-01-14 09:12 UTC; detected 2026-01-14 09:15 UTC (MTTD 3 min).\n- First alert: CheckoutErrorBudgetBurn on Checkout web at 2026-01-14 09:15 UTC; 4 alert firings in 1 alert name.');
    expect(s.timeline.split('\n')[0]).toBe('Changes to the affected services in the 24 h before impact:');
    expect(s.timeline).toContain('[cart\\_client 2.4](/changes/sample) (T2, succeeded; Cart API) **confirmed cause**');
  });
  it('an organisation template replaces the built-in text', () => {
    const s = prefillSections(input, undefined, { ...DEFAULT_TEMPLATE, summary: 'Customer impact on {{incident.services}}.', lessons: '- Ask: what would have caught this earlier?' });
    expect(s.summary).toBe('Customer impact on Checkout web, Cart API.');
    expect(s.lessons).toBe('- Ask: what would have caught this earlier?');
  });
  it('every placeholder renders against the sample without throwing', () => {
    for (const p of PLACEHOLDERS) expect(typeof renderBody(`{{${p.name}}}`, ctx)).toBe('string');
  });
});

describe('templateFrom', () => {
  it.each([
    ['nothing stored: the built-in template', null, DEFAULT_TEMPLATE.summary],
    ['a stored section wins', { summary: 'Mine' }, 'Mine'],
    ['a non-string is ignored', { summary: 3 }, DEFAULT_TEMPLATE.summary],
  ])('%s', (_n, stored, summary) => {
    expect(templateFrom(stored).summary).toBe(summary);
    expect(templateFrom(stored).impact).toBe(DEFAULT_TEMPLATE.impact);
  });
});
