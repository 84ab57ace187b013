import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// knip (knip.jsonc): no unused files, exports, types or dependencies. One run
// over the real tree with two probes written under a throw-away name proves
// that the configuration can fail: a file nothing imports, and an export
// nothing uses in a file an entry point (workers/) reaches.
const root = path.resolve(import.meta.dirname, '../..');
const knip = path.join(root, 'node_modules', '.bin', 'knip');
const probe = `zz-knip-probe-${randomBytes(3).toString('hex')}`;

const written: string[] = [];
function write(file: string, code: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), code);
  written.push(file);
}
afterAll(() => {
  for (const file of written) rmSync(path.join(root, file), { force: true });
  rmSync(path.join(root, 'server', probe), { recursive: true, force: true });
});

type Report = { issues: Array<{ file: string; files?: unknown; exports?: Array<{ name: string }>; types?: Array<{ name: string }>; [kind: string]: unknown }> };

describe('knip', () => {
  it('finds nothing in the code base, and fails an unused file and an unused export', () => {
    write(`server/${probe}/orphan.ts`, `export const orphan = 1;\n`);
    write(`server/${probe}/used.ts`, `export const used = 1;\nexport const dead = 2;\n`);
    write(`workers/${probe}.ts`, `import { used } from '../server/${probe}/used';\nconsole.log(used);\n`);
    const run = spawnSync(knip, ['--reporter', 'json', '--no-progress'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(run.stdout, run.stderr).toBeTruthy();
    const report = JSON.parse(run.stdout) as Report;
    const findings = report.issues.flatMap((i) =>
      Object.entries(i).flatMap(([kind, v]) => (Array.isArray(v) && v.length > 0 ? v.map((x: { name: string }) => `${kind}: ${i.file}: ${x.name}`) : [])),
    );
    const ofProbe = (f: string) => f.includes(probe);
    expect(findings.filter((f) => !ofProbe(f))).toEqual([]);
    expect(findings.filter(ofProbe).sort()).toEqual([`exports: server/${probe}/used.ts: dead`, `files: server/${probe}/orphan.ts: server/${probe}/orphan.ts`]);
    expect(run.status).not.toBe(0);
  }, 180_000);
});
