import { describe, expect, it } from 'vitest';
import { matchesLabelSelectorSpec, parseFieldSelector, parseLabelSelector, SelectorError } from './selectors';

const labels = { app: 'web', tier: 'frontend', 'app.kubernetes.io/name': 'web', env: 'prod' };

describe('label selectors', () => {
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=api', false],
    ['app!=api', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['app in (api, web)', true],
    ['app in (api,db)', false],
    ['app notin (api,db)', true],
    ['app notin (web)', false],
    ['missing notin (web)', true],
    ['missing in (web)', false],
    ['tier', true],
    ['missing', false],
    ['!missing', true],
    ['!tier', false],
    ['app=web,tier=frontend', true],
    ['app=web,tier=backend', false],
    ['app.kubernetes.io/name=web, env in (prod,staging),!canary', true],
    ['app=', false],
  ])('%s -> %s', (selector, expected) => {
    expect(parseLabelSelector(selector).matches(labels)).toBe(expected);
  });

  it('matches an empty value and missing labels', () => {
    expect(parseLabelSelector('a=').matches({ a: '' })).toBe(true);
    expect(parseLabelSelector('a!=x').matches(undefined)).toBe(true);
    expect(parseLabelSelector('a').matches(undefined)).toBe(false);
  });

  it.each(['app in web', 'app in ()', 'app=web,', '=web', 'app in (a,', 'app ~ web', 'Bad_Key!/x=1', `app=${'x'.repeat(64)}`])('rejects %s', (s) => {
    expect(() => parseLabelSelector(s)).toThrow(SelectorError);
  });

  it('exposes the parsed requirements', () => {
    expect(parseLabelSelector('a=1,b notin (2,3),!c').requirements).toEqual([
      { key: 'a', op: 'in', values: ['1'] },
      { key: 'b', op: 'notin', values: ['2', '3'] },
      { key: 'c', op: '!exists' },
    ]);
  });
});

describe('metav1.LabelSelector specs', () => {
  it('combines matchLabels and matchExpressions', () => {
    const sel = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }, { key: 'canary', operator: 'DoesNotExist' }] };
    expect(matchesLabelSelectorSpec(sel, labels)).toBe(true);
    expect(matchesLabelSelectorSpec(sel, { ...labels, canary: 'yes' })).toBe(false);
    expect(matchesLabelSelectorSpec({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }, labels)).toBe(false);
    expect(matchesLabelSelectorSpec(undefined, labels)).toBe(false);
  });
});

describe('field selectors', () => {
  const pod = { metadata: { name: 'web-1', namespace: 'shop' }, spec: { nodeName: 'node-a' }, status: { phase: 'Running' } };
  const podFields = ['spec.nodeName', 'status.phase'];

  it.each([
    ['metadata.name=web-1', true],
    ['metadata.name==web-1', true],
    ['metadata.name!=web-1', false],
    ['metadata.namespace=shop,status.phase=Running', true],
    ['status.phase!=Running', false],
    ['status.phase!=Pending', true],
    ['spec.nodeName=node-b', false],
    ['spec.nodeName=', false],
  ])('%s -> %s', (s, expected) => {
    expect(parseFieldSelector(s, podFields).matches(pod)).toBe(expected);
  });

  it('matches unscheduled pods with spec.nodeName=', () => {
    expect(parseFieldSelector('spec.nodeName=', podFields).matches({ metadata: { name: 'x' }, spec: {} })).toBe(true);
  });

  it('rejects fields the resource does not support', () => {
    expect(() => parseFieldSelector('spec.nodeName=a')).toThrow(/field label not supported: spec.nodeName/);
    expect(() => parseFieldSelector('nonsense', podFields)).toThrow(SelectorError);
  });

  it('handles escaped separators in values', () => {
    const sel = parseFieldSelector('metadata.name=a\\,b', []);
    expect(sel.requirements).toEqual([{ field: 'metadata.name', op: '=', value: 'a,b' }]);
    expect(sel.matches({ metadata: { name: 'a,b' } })).toBe(true);
  });

  it('reads booleans the way the API server renders them', () => {
    expect(parseFieldSelector('spec.unschedulable=false', ['spec.unschedulable']).matches({ metadata: { name: 'n' }, spec: {} })).toBe(true);
    expect(parseFieldSelector('spec.unschedulable=true', ['spec.unschedulable']).matches({ metadata: { name: 'n' }, spec: { unschedulable: true } })).toBe(true);
  });
});
