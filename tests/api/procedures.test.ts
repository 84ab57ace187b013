import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIONS } from '@/server/lib/roles';
import { appRouter } from '@/server/trpc/root';
import { apiTableMarkdown, listProcedures } from './procedures';

const procedures = listProcedures(appRouter);
const PUBLIC_ALLOWED = new Set<string>([]);

describe('tRPC procedures', () => {
  it('exist', () => {
    expect(procedures.length).toBeGreaterThan(10);
  });

  it.each(procedures.map((p) => [p.path, p.access] as const))('%s declares who may call it', (procedurePath, access) => {
    expect(access, `${procedurePath} has no access declaration (use procedureFor(action))`).toBeDefined();
    if (access === 'public') expect(PUBLIC_ALLOWED.has(procedurePath)).toBe(true);
    else expect(ACTIONS).toContain(access);
  });

  it('are all listed in docs/api.md with their access (regenerate: npx tsx scripts/api-docs.ts)', () => {
    const doc = readFileSync(path.resolve(import.meta.dirname, '../../docs/api.md'), 'utf8');
    expect(doc).toContain(apiTableMarkdown(procedures));
  });
});
