import { describe, expect, it } from 'vitest';
import { jsonPatch, mergePatch, strategicMergePatch } from './patch';
import { ApiError } from './types';

const dep = {
  metadata: { name: 'web', labels: { app: 'web', tier: 'fe' } },
  spec: {
    replicas: 2,
    template: {
      spec: {
        containers: [
          { name: 'web', image: 'web:1', env: [{ name: 'A', value: '1' }] },
          { name: 'proxy', image: 'envoy:1' },
        ],
      },
    },
  },
};

describe('JSON merge patch (RFC 7386)', () => {
  it('merges objects, deletes with null and replaces arrays', () => {
    const out = mergePatch(dep as never, { metadata: { labels: { tier: null, new: 'x' } }, spec: { replicas: 5, template: { spec: { containers: [{ name: 'only' }] } } } } as never) as typeof dep;
    expect(out.metadata.labels).toEqual({ app: 'web', new: 'x' });
    expect(out.spec.replicas).toBe(5);
    expect(out.spec.template.spec.containers).toEqual([{ name: 'only' }]);
    expect(dep.spec.replicas).toBe(2); // input untouched
  });
});

describe('strategic merge patch', () => {
  it('merges containers by name and keeps the others', () => {
    const out = strategicMergePatch(dep as never, { spec: { template: { spec: { containers: [{ name: 'web', image: 'web:2' }] } } } } as never) as typeof dep;
    expect(out.spec.template.spec.containers).toEqual([
      { name: 'web', image: 'web:2', env: [{ name: 'A', value: '1' }] },
      { name: 'proxy', image: 'envoy:1' },
    ]);
  });

  it('deletes list items with $patch: delete and appends new ones', () => {
    const out = strategicMergePatch(dep as never, { spec: { template: { spec: { containers: [{ name: 'proxy', $patch: 'delete' }, { name: 'sidecar', image: 's:1' }] } } } } as never) as typeof dep;
    expect(out.spec.template.spec.containers.map((c) => c.name)).toEqual(['web', 'sidecar']);
  });

  it('ignores $setElementOrder directives (what kubectl apply sends)', () => {
    const out = strategicMergePatch(dep as never, { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'web' }], containers: [{ name: 'web', image: 'web:3' }] } } } } as never) as typeof dep;
    expect(out.spec.template.spec.containers[0]!.image).toBe('web:3');
    expect(Object.keys(out.spec.template.spec)).toEqual(['containers']);
  });
});

describe('JSON patch (RFC 6902)', () => {
  it('applies add, replace, remove, copy, move and test', () => {
    const out = jsonPatch(dep as never, [
      { op: 'replace', path: '/spec/replicas', value: 3 },
      { op: 'add', path: '/metadata/labels/app.kubernetes.io~1name', value: 'web' },
      { op: 'remove', path: '/metadata/labels/tier' },
      { op: 'add', path: '/spec/template/spec/containers/-', value: { name: 'c', image: 'c:1' } },
      { op: 'copy', from: '/spec/replicas', path: '/metadata/replicasCopy' },
      { op: 'move', from: '/metadata/replicasCopy', path: '/metadata/moved' },
      { op: 'test', path: '/spec/replicas', value: 3 },
    ]) as typeof dep & { metadata: { moved: number } };
    expect(out.spec.replicas).toBe(3);
    expect(out.metadata.labels).toEqual({ app: 'web', 'app.kubernetes.io/name': 'web' });
    expect(out.spec.template.spec.containers.map((c) => c.name)).toEqual(['web', 'proxy', 'c']);
    expect(out.metadata.moved).toBe(3);
    expect(dep.spec.template.spec.containers).toHaveLength(2);
  });

  it('fails on a failed test or a missing path, with an Invalid Status', () => {
    expect(() => jsonPatch(dep as never, [{ op: 'test', path: '/spec/replicas', value: 9 }])).toThrow(ApiError);
    expect(() => jsonPatch(dep as never, [{ op: 'replace', path: '/nope/deeper', value: 1 }])).toThrow(ApiError);
    expect(() => jsonPatch(dep as never, { op: 'add' })).toThrow(/array/);
  });
});
