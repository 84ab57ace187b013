import type { AnyProcedure, AnyRouter } from '@trpc/server';
import type { ProcedureMeta } from '@/server/trpc/init';

export type ProcedureInfo = { path: string; type: string; access: string | undefined };

// Flattens the router into "<router>.<procedure>" entries with their declared access.
export function listProcedures(router: AnyRouter): ProcedureInfo[] {
  const procedures = router._def.procedures as Record<string, AnyProcedure>;
  return Object.entries(procedures)
    .map(([path, procedure]) => ({
      path,
      type: procedure._def.type,
      access: (procedure._def.meta as ProcedureMeta | undefined)?.access,
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

export function apiTableMarkdown(procedures: ProcedureInfo[]): string {
  const rows = procedures.map((p) => `| \`${p.path}\` | ${p.type} | \`${p.access ?? 'UNDECLARED'}\` |`);
  return ['| procedure | type | who may call (action) |', '| --- | --- | --- |', ...rows].join('\n');
}
