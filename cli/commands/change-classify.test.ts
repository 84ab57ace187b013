import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runClassify } from './change-classify';
import { exitOf } from '@/tests/cli/exit-code';

const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  template:
    spec:
      containers: [{ name: app, image: ${image} }]
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'runwell-classify-'));
  await mkdir(join(dir, 'old'));
  await mkdir(join(dir, 'new'));
  await writeFile(join(dir, 'old', 'api.yaml'), deployment('shop/api:1.0'));
  await writeFile(join(dir, 'new', 'api.yaml'), deployment('shop/api:1.1'));
  await writeFile(join(dir, 'new', 'sc.yaml'), 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: { name: fast }\nprovisioner: x\n');
  await writeFile(join(dir, 'rules.yaml'), 'kinds:\n  StorageClass: T2\n');
  await writeFile(join(dir, 'bad-rules.yaml'), 'kinds:\n  StorageClass: T9\n');
  await writeFile(join(dir, 'broken.yaml'), 'kind: [unclosed\n');
});

function io(stdin = '') {
  const out: string[] = [];
  return { out, stdout: (s: string) => out.push(s), readStdin: async () => stdin, now: () => new Date() };
}

describe('runwell change classify', () => {
  it('answers the seed JSON shape for two directories, highest tier first', async () => {
    const o = io();
    await runClassify(join(dir, 'old'), join(dir, 'new'), { format: 'json' }, o);
    const answer = JSON.parse(o.out.join(''));
    expect(answer.tier).toBe('T3');
    expect(answer.reasons).toEqual([
      { tier: 'T3', kind: 'StorageClass', namespace: null, name: 'fast', message: 'StorageClass fast added' },
      { tier: 'T1', kind: 'Deployment', namespace: 'shop', name: 'api', message: 'Deployment api: image tag → shop/api:1.1' },
    ]);
  });

  it('reads one side from stdin and prints a human answer', async () => {
    const o = io(deployment('shop/api:1.0'));
    await runClassify('-', join(dir, 'old', 'api.yaml'), { format: 'human' }, o);
    expect(o.out.join('')).toBe('T1 (no difference)\n');
  });

  it('applies organisation rules', async () => {
    const o = io();
    await runClassify(join(dir, 'old'), join(dir, 'new'), { format: 'json', rules: join(dir, 'rules.yaml') }, o);
    expect(JSON.parse(o.out.join('')).tier).toBe('T2');
  });

  it('exits 2 for unreadable input, bad rules, two stdins and a bad format', async () => {
    expect(await exitOf(runClassify(join(dir, 'missing'), join(dir, 'new'), { format: 'json' }, io()))).toBe(2);
    expect(await exitOf(runClassify(join(dir, 'broken.yaml'), join(dir, 'new'), { format: 'json' }, io()))).toBe(2);
    await expect(runClassify(join(dir, 'old'), join(dir, 'new'), { format: 'json', rules: join(dir, 'bad-rules.yaml') }, io())).rejects.toThrow(/kinds\.StorageClass/);
    expect(await exitOf(runClassify('-', '-', { format: 'json' }, io()))).toBe(2);
    expect(await exitOf(runClassify(join(dir, 'old'), join(dir, 'new'), { format: 'xml' }, io()))).toBe(2);
  });
});
