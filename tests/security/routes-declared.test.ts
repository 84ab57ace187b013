import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Every HTTP route handler says who may call it, and docs/api.md lists it with
// its access rule, the way tests/api/procedures.test.ts does for tRPC.
const root = path.resolve(import.meta.dirname, '../..');

function routes(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routes(full);
    return name === 'route.ts' ? [full] : [];
  });
}

// app/api/v1/pages/[id]/ack/route.ts -> /api/v1/pages/{id}/ack; catch-alls -> /*
function urlOf(file: string): string {
  const rel = path.relative(path.join(root, 'app'), path.dirname(file)).split(path.sep);
  return `/${rel.map((p) => (/^\[\.\.\..+\]$/.test(p) ? '*' : p.replace(/^\[(.+)\]$/, '{$1}'))).join('/')}`;
}

const files = routes(path.join(root, 'app'));
const doc = readFileSync(path.join(root, 'docs/api.md'), 'utf8');

describe('HTTP routes', () => {
  it('exist', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it.each(files.map((f) => [path.relative(root, f), f]))('%s declares who may call it and is in docs/api.md', (_rel, file) => {
    const text = readFileSync(file, 'utf8');
    // A comment naming the callers (or why it is public), and the code that enforces it.
    expect(text).toMatch(/Who may call|Public|who may call what is declared per procedure/i);
    // restRoute (server/http/rest.ts) resolves the caller and checks `scope`/`action` for every REST route.
    const enforced = /restRoute\(\{[\s\S]*scope: '|metricsAccess|NextAuth\(|procedureFor|checkHealth/.test(text);
    expect(enforced).toBe(true);
    const row = doc.split('\n').find((line) => line.startsWith('| `') && line.includes(`\`${urlOf(file).replace('{trpc}', '*')}\``));
    expect(row).toBeDefined();
  });
});
