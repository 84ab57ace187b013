import { describe, expect, it } from 'vitest';
import { defaultWebHeapMb, JEMALLOC_PATHS, webMemory, type WebMemoryInput } from './web-memory';

const amd64 = JEMALLOC_PATHS[0]!;
const GiB = 1024 ** 3;
const base: WebMemoryInput = { heapMb: 0, memory: { totalBytes: 24 * GiB, constrainedBytes: 0 }, jemalloc: undefined, preload: undefined, arenaMax: undefined, exists: () => false };

describe('webMemory', () => {
  it.each<[string, Partial<WebMemoryInput>, { args: string[]; preload?: string; arenas: string; allocator: RegExp }]>([
    ['no jemalloc on the system: glibc with two arenas', {}, { args: ['--max-semi-space-size=8'], arenas: '2', allocator: /^glibc malloc \(2 arenas\)$/ }],
    ['jemalloc found where Debian puts it', { exists: (p) => p === amd64 }, { args: ['--max-semi-space-size=8'], preload: amd64, arenas: '2', allocator: /^jemalloc \(.*x86_64.*\)$/ }],
    ['turned off although present', { jemalloc: 'off', exists: () => true }, { args: ['--max-semi-space-size=8'], arenas: '2', allocator: /^glibc/ }],
    ['a library named by path', { jemalloc: '/opt/jemalloc.so', exists: (p) => p === '/opt/jemalloc.so' }, { args: ['--max-semi-space-size=8'], preload: '/opt/jemalloc.so', arenas: '2', allocator: /opt/ }],
    ['an LD_PRELOAD of the environment stays, after jemalloc', { exists: (p) => p === amd64, preload: '/lib/other.so' }, { args: ['--max-semi-space-size=8'], preload: `${amd64} /lib/other.so`, arenas: '2', allocator: /jemalloc/ }],
    ['the old space capped when asked', { heapMb: 320 }, { args: ['--max-semi-space-size=8', '--max-old-space-size=320'], arenas: '2', allocator: /glibc/ }],
    ["the environment's MALLOC_ARENA_MAX wins", { arenaMax: '4' }, { args: ['--max-semi-space-size=8'], arenas: '4', allocator: /4 arenas/ }],
  ])('%s', (_name, input, want) => {
    const got = webMemory({ ...base, ...input });
    if ('error' in got) throw new Error(got.error);
    expect(got.nodeArgs).toEqual(want.args);
    expect(got.env.LD_PRELOAD).toBe(want.preload);
    expect(got.env.MALLOC_ARENA_MAX).toBe(want.arenas);
    expect(got.allocator).toMatch(want.allocator);
  });

  it.each<[string, Pick<WebMemoryInput, 'heapMb' | 'memory'>, string[], RegExp]>([
    ['unset on a large machine: the default 320 MiB', { heapMb: undefined, memory: { totalBytes: 24 * GiB, constrainedBytes: 0 } }, ['--max-semi-space-size=8', '--max-old-space-size=320'], /^old space 320 MiB \(default; RUNWELL_WEB_HEAP_MB to change\)$/],
    ['unset in a 1 GiB container: a quarter, as Node would', { heapMb: undefined, memory: { totalBytes: 24 * GiB, constrainedBytes: GiB } }, ['--max-semi-space-size=8', '--max-old-space-size=256'], /^old space 256 MiB \(default/],
    ['0: Node sizes it', { heapMb: 0, memory: { totalBytes: 24 * GiB, constrainedBytes: 0 } }, ['--max-semi-space-size=8'], /sized by Node \(RUNWELL_WEB_HEAP_MB=0\)/],
    ['set: as set, even above the default', { heapMb: 1024, memory: { totalBytes: 24 * GiB, constrainedBytes: GiB } }, ['--max-semi-space-size=8', '--max-old-space-size=1024'], /^old space 1024 MiB$/],
  ])('the old space: %s', (_name, input, args, heap) => {
    const got = webMemory({ ...base, ...input });
    if ('error' in got) throw new Error(got.error);
    expect(got.nodeArgs).toEqual(args);
    expect(got.heap).toMatch(heap);
  });

  it.each([
    ['a path that does not exist', '/nope/libjemalloc.so.2', false],
    ['a relative path, even one that resolves', 'libjemalloc.so.2', true],
  ])('refuses %s, naming the setting', (_name, jemalloc, present) => {
    const got = webMemory({ ...base, jemalloc, exists: (p) => present && p === jemalloc });
    expect(got).toEqual({ error: expect.stringMatching(/^RUNWELL_WEB_JEMALLOC must be "off" or the absolute path/) });
  });
});

describe('defaultWebHeapMb', () => {
  it.each([
    ['a large machine, no limit', { totalBytes: 64 * GiB, constrainedBytes: 0 }, 320],
    ['a small machine, no limit: a quarter', { totalBytes: GiB, constrainedBytes: 0 }, 256],
    ['a 2 GiB container limit: the default still fits', { totalBytes: 64 * GiB, constrainedBytes: 2 * GiB }, 320],
    ['a 512 MiB container limit: a quarter', { totalBytes: 64 * GiB, constrainedBytes: GiB / 2 }, 128],
    ['a limit above the machine (no real limit): the machine', { totalBytes: GiB, constrainedBytes: 2 ** 62 }, 256],
  ])('%s', (_name, memory, expected) => {
    expect(defaultWebHeapMb(memory)).toBe(expected);
  });
});
