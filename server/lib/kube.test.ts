import { describe, expect, it } from 'vitest';
import { asStringMap, isControlled, type KubeObjectLike, ownerOf, parseImage, podTemplateOf, selectorMatches, serviceKeyOf, toLabelSelector, toMapSelector } from './kube';

describe('parseImage', () => {
  it.each([
    ['nginx', { registry: 'docker.io', repository: 'library/nginx' }],
    ['nginx:1.27', { registry: 'docker.io', repository: 'library/nginx', tag: '1.27' }],
    ['bitnami/redis:7', { registry: 'docker.io', repository: 'bitnami/redis', tag: '7' }],
    ['ghcr.io/org/app:v1', { registry: 'ghcr.io', repository: 'org/app', tag: 'v1' }],
    ['localhost:5000/app', { registry: 'localhost:5000', repository: 'app' }],
    ['localhost/app:2', { registry: 'localhost', repository: 'app', tag: '2' }],
    ['app@sha256:abc', { registry: 'docker.io', repository: 'library/app', digest: 'sha256:abc' }],
    ['r.io:443/a/b:1@sha256:abc', { registry: 'r.io:443', repository: 'a/b', tag: '1', digest: 'sha256:abc' }],
  ])('%s', (image, expected) => {
    expect(parseImage(image)).toEqual(expected);
  });
});

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'frontend' };
  it.each([
    { selector: {}, matches: true },
    { selector: { matchLabels: { app: 'web' } }, matches: true },
    { selector: { matchLabels: { app: 'api' } }, matches: false },
    { selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend', 'edge'] }] }, matches: true },
    { selector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['frontend'] }] }, matches: false },
    { selector: { matchExpressions: [{ key: 'canary', operator: 'NotIn', values: ['true'] }] }, matches: true },
    { selector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, matches: true },
    { selector: { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, matches: false },
    { selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend'] }] }, matches: false },
  ])('$selector -> $matches', ({ selector, matches }) => {
    expect(selectorMatches(toLabelSelector(selector)!, labels)).toBe(matches);
  });

  it('a missing selector or an unknown operator selects nothing', () => {
    expect(toLabelSelector(undefined)).toBeNull();
    expect(toLabelSelector(null)).toBeNull();
    expect(toLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] })).toBeNull();
  });

  it('a Service selector map: empty selects nothing', () => {
    expect(toMapSelector({})).toBeNull();
    expect(toMapSelector(undefined)).toBeNull();
    expect(selectorMatches(toMapSelector({ app: 'web' })!, labels)).toBe(true);
  });
});

describe('serviceKeyOf', () => {
  const withLabels = (labels: Record<string, string>, podLabels: Record<string, string> = {}): KubeObjectLike => ({
    kind: 'Deployment',
    metadata: { name: 'w', labels },
    spec: { template: { metadata: { labels: podLabels } } },
  });
  it.each<{ labels: Record<string, string>; pod: Record<string, string>; expected: string | null }>([
    { labels: { 'runwell.io/service': 'shop', 'app.kubernetes.io/part-of': 'x' }, pod: {}, expected: 'shop' },
    { labels: { 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/name': 'web' }, pod: {}, expected: 'shop' },
    { labels: { 'app.kubernetes.io/name': 'web' }, pod: { 'app.kubernetes.io/part-of': 'shop' }, expected: 'shop' },
    { labels: { 'app.kubernetes.io/name': 'web' }, pod: {}, expected: 'web' },
    { labels: { app: 'web' }, pod: {}, expected: null },
  ])('$labels / pod $pod -> $expected', ({ labels, pod, expected }) => {
    expect(serviceKeyOf(withLabels(labels, pod))).toBe(expected);
  });
});

describe('asStringMap: one reading of label values for runwell check and the live evaluation', () => {
  it.each<{ raw: unknown; expected: Record<string, string> }>([
    { raw: { app: 'web' }, expected: { app: 'web' } },
    // YAML `app: 3` / `canary: true`: the text the author wrote
    { raw: { app: 3, canary: true }, expected: { app: '3', canary: 'true' } },
    // not label values at all
    { raw: { a: null, b: { x: 1 }, c: ['x'], d: undefined }, expected: {} },
    { raw: null, expected: {} },
    { raw: ['app'], expected: {} },
  ])('$raw -> $expected', ({ raw, expected }) => {
    expect(asStringMap(raw)).toEqual(expected);
  });
});

describe('podTemplateOf', () => {
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [] } };
  it.each<{ object: KubeObjectLike; expected: unknown }>([
    { object: { kind: 'Deployment', spec: { template } }, expected: template },
    { object: { kind: 'Job', spec: { template } }, expected: template },
    { object: { kind: 'CronJob', spec: { jobTemplate: { spec: { template } } } }, expected: template },
    { object: { kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [] } }, expected: { metadata: { name: 'p' }, spec: { containers: [] } } },
    { object: { kind: 'Service', spec: { template } }, expected: null },
    { object: { kind: 'Deployment', spec: null }, expected: {} },
  ])('$object.kind', ({ object, expected }) => {
    expect(podTemplateOf(object)).toEqual(expected);
  });
});

describe('ownerOf / isControlled', () => {
  it('prefers the controlling reference, else the first', () => {
    const refs = [{ kind: 'A', name: 'a', uid: '1' }, { kind: 'B', name: 'b', uid: '2', controller: true }];
    expect(ownerOf({ ownerReferences: refs })).toEqual({ kind: 'B', name: 'b', uid: '2', controller: true });
    expect(ownerOf({ ownerReferences: [refs[0]] })).toEqual({ kind: 'A', name: 'a', uid: '1', controller: false });
    expect(ownerOf({})).toBeNull();
    expect(ownerOf({ ownerReferences: 'x' })).toBeNull();
  });
  it('only a controller makes an object controlled', () => {
    expect(isControlled({ metadata: { ownerReferences: [{ kind: 'ReplicaSet', controller: true }] } })).toBe(true);
    expect(isControlled({ metadata: { ownerReferences: [{ kind: 'ReplicaSet' }] } })).toBe(false);
    expect(isControlled({})).toBe(false);
  });
});
