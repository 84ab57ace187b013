import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decideBuild, readStamp, sourceHash, writeStamp, type BuildStamp } from './build-stamp';

const stamp = (sourceHash: string, buildId: string): BuildStamp => ({ sourceHash, buildId, builtAt: '2026-11-26T00:00:00Z' });

describe('decideBuild', () => {
  it.each([
    { name: 'no build yet', buildId: null, stored: null, skip: false, want: 'build' },
    { name: 'no build, --no-build', buildId: null, stored: null, skip: true, want: 'missing' },
    { name: 'built by someone else', buildId: 'b1', stored: null, skip: false, want: 'build' },
    { name: 'up to date', buildId: 'b1', stored: stamp('h1', 'b1'), skip: false, want: 'reuse' },
    { name: 'sources changed', buildId: 'b1', stored: stamp('h0', 'b1'), skip: false, want: 'build' },
    { name: 'build replaced since', buildId: 'b2', stored: stamp('h1', 'b1'), skip: false, want: 'build' },
    { name: 'sources changed, --no-build', buildId: 'b1', stored: stamp('h0', 'b1'), skip: true, want: 'reuse' },
    { name: 'foreign build, --no-build', buildId: 'b1', stored: null, skip: true, want: 'reuse' },
  ])('$name -> $want', ({ buildId, stored, skip, want }) => {
    expect(decideBuild({ buildId, stamp: stored, sourceHash: 'h1', skipBuild: skip }).action).toBe(want);
  });
});

describe('sourceHash', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'runwell-stamp-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  write('app/page.tsx', 'export default 1');
  write('server/a.ts', 'a');
  write('next.config.ts', 'cfg');
  const base = sourceHash(root);

  it.each([
    { name: 'a source edit', rel: 'server/a.ts', text: 'b', changes: true },
    { name: 'a new page', rel: 'app/new/page.tsx', text: 'x', changes: true },
    { name: 'the config', rel: 'next.config.ts', text: 'cfg2', changes: true },
    { name: 'a unit test', rel: 'server/a.test.ts', text: 't', changes: false },
    { name: 'an integration test', rel: 'server/a.int.test.ts', text: 't', changes: false },
    { name: 'a file outside the inputs', rel: 'docs/readme.md', text: 'd', changes: false },
    { name: 'node_modules below an input', rel: 'app/node_modules/x.js', text: 'x', changes: false },
  ])('$name changes it: $changes', ({ rel, text, changes }) => {
    const file = path.join(root, rel);
    const original = existsSync(file) ? readFileSync(file, 'utf8') : null;
    const before = sourceHash(root);
    write(rel, text);
    expect(sourceHash(root) !== before).toBe(changes);
    if (original === null) rmSync(file);
    else write(rel, original);
  });

  it('depends on content, not on timestamps', () => {
    write('server/a.ts', 'a'); // rewritten with the same content: new mtime
    expect(sourceHash(root)).toBe(base);
  });

  it('round-trips the stamp file, and reads garbage as no stamp', () => {
    const file = path.join(root, '.runwell', 'build-stamp.json');
    writeStamp(file, stamp('h', 'b'));
    expect(readStamp(file)).toEqual(stamp('h', 'b'));
    writeFileSync(file, '{not json');
    expect(readStamp(file)).toBeNull();
    expect(readStamp(path.join(root, 'missing.json'))).toBeNull();
  });
});
