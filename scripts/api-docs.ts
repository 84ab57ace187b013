// Rewrites the generated procedure table in docs/api.md from the live router.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { appRouter } from '../server/trpc/root';
import { apiTableMarkdown, listProcedures } from '../tests/api/procedures';

const file = path.resolve(import.meta.dirname, '../docs/api.md');
const doc = readFileSync(file, 'utf8');
const start = '<!-- procedures:start -->';
const end = '<!-- procedures:end -->';
const table = apiTableMarkdown(listProcedures(appRouter));
const next = doc.replace(new RegExp(`${start}[\\s\\S]*${end}`), `${start}\n${table}\n${end}`);
writeFileSync(file, next);
console.log(`docs/api.md: ${listProcedures(appRouter).length} procedures`);
