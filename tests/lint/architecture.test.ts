import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The architecture rules of .dependency-cruiser.cjs (docs/architecture.md):
// the real tree has no violation, and each rule is proven able to fail by a
// small violating file set written under a throw-away folder name.
const root = path.resolve(import.meta.dirname, '../..');
const depcruise = path.join(root, 'node_modules', '.bin', 'depcruise');

type Violation = { rule: string; from: string; to: string };

function cruise(paths: string[]): Violation[] {
  const run = spawnSync(depcruise, [...paths, '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (!run.stdout) throw new Error(`depcruise printed nothing: ${run.stderr}`);
  const result = JSON.parse(run.stdout) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
  return result.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

const probe = `zz-arch-probe-${randomBytes(3).toString('hex')}`;
// Only folders named after the probe are made (and removed); a probe file in an
// existing folder (server/lib, simulator) is removed on its own.
const probeDirs = new Set<string>();
function write(file: string, code: string): string {
  const dir = path.dirname(file);
  if (path.basename(dir).startsWith(probe)) probeDirs.add(dir);
  mkdirSync(path.join(root, dir), { recursive: true });
  writeFileSync(path.join(root, file), code);
  return file;
}
afterAll(() => {
  for (const dir of probeDirs) if (path.basename(dir).startsWith(probe)) rmSync(path.join(root, dir), { recursive: true, force: true });
});

describe('architecture rules (dependency-cruiser)', () => {
  it('the code base has no violation: no import cycle, repos used only by their domain, the kernel and the simulator stand alone', () => {
    expect(cruise(['app', 'components', 'server', 'cli', 'workers', 'simulator'])).toEqual([]);
  }, 120_000);

  it.each([
    {
      rule: 'no-cycles',
      files: {
        [`server/${probe}/a.ts`]: `import { b } from './b';\nexport const a = () => b;\n`,
        [`server/${probe}/b.ts`]: `import { a } from './a';\nexport const b = () => a;\n`,
      },
    },
    {
      rule: 'repo-only-from-own-domain',
      files: {
        [`server/${probe}/${probe}.service.ts`]: `import { rows } from '../${probe}x/${probe}x.repo';\nexport const list = rows;\n`,
        [`server/${probe}x/${probe}x.repo.ts`]: `export const rows = () => [];\n`,
      },
    },
    {
      rule: 'kernel-imports-no-domain',
      files: {
        [`server/lib/${probe}.ts`]: `import { list } from '../${probe}/${probe}.service';\nexport const k = list;\n`,
        [`server/${probe}/${probe}.service.ts`]: `export const list = () => [];\n`,
      },
    },
    {
      rule: 'product-does-not-import-simulator',
      files: {
        [`server/${probe}/${probe}.service.ts`]: `import { x } from '../../simulator/${probe}';\nexport const y = x;\n`,
        [`simulator/${probe}.ts`]: `export const x = 1;\n`,
      },
    },
    {
      rule: 'simulator-imports-no-product',
      files: {
        [`simulator/${probe}.ts`]: `import { list } from '../server/${probe}/${probe}.service';\nexport const x = list;\n`,
        [`server/${probe}/${probe}.service.ts`]: `export const list = () => [];\n`,
      },
    },
  ])('$rule fails a file that breaks it', ({ rule, files }) => {
    const paths = Object.entries(files).map(([file, code]) => write(file, code));
    try {
      expect(cruise(paths).map((v) => v.rule)).toContain(rule);
    } finally {
      for (const file of paths) rmSync(path.join(root, file), { force: true });
    }
  }, 60_000);
});
