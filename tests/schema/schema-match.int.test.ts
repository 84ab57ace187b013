import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { diffSchema, parseSchema, readDatabase, type DatabaseShape } from './schema-diff';

// The database built by prisma/migrations must be exactly what schema.prisma
// describes. If this fails after editing schema.prisma, write the migration:
// scripts/new-migration.sh <name>.
const SCHEMA_FILE = path.resolve(import.meta.dirname, '../../prisma/schema.prisma');
const schemaText = readFileSync(SCHEMA_FILE, 'utf8');

let client: pg.Client;
let shape: DatabaseShape;

beforeAll(async () => {
  client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
  shape = await readDatabase(client);
});
afterAll(async () => {
  await client.end();
});

describe('migrated database vs prisma/schema.prisma', () => {
  it('has no differences', () => {
    const differences = diffSchema(parseSchema(schemaText), shape);
    expect(differences, `schema.prisma and prisma/migrations disagree:\n${differences.join('\n')}`).toEqual([]);
  });

  it('really looked at the database', () => {
    const model = parseSchema(schemaText);
    expect(shape.tables.length).toBeGreaterThanOrEqual(model.models.length);
    expect(shape.columns.length).toBeGreaterThan(40);
    expect(shape.foreignKeys.length).toBeGreaterThan(0);
    expect(shape.enums.size).toBe(model.enums.length);
    expect(shape.columns.find((c) => c.table === 'ApiToken' && c.column === 'scopes')?.type).toBe('text[]');
    expect(shape.columns.find((c) => c.table === 'User' && c.column === 'createdAt')?.type).toBe(
      'timestamp(3) with time zone',
    );
    expect(shape.columns.find((c) => c.table === 'User' && c.column === 'role')?.type).toBe('"Role"');
  });

  it('compares partitioned tables as their parent, without their partitions', async () => {
    const { rows } = await client.query<{ name: string; partitions: number }>(
      `SELECT c.relname AS name, (SELECT count(*)::int FROM pg_inherits i WHERE i.inhparent = c.oid) AS partitions
       FROM pg_class c WHERE c.relkind = 'p' AND c.relnamespace = 'public'::regnamespace ORDER BY 1`,
    );
    expect(rows.map((r) => r.name)).toEqual(['SloSliBucket', 'SloSliDay']);
    for (const r of rows) expect(r.partitions).toBeGreaterThan(1);
    expect(shape.tables).toEqual(expect.arrayContaining(['SloSliBucket', 'SloSliDay']));
    expect(shape.tables.filter((t) => /^SloSli(Bucket|Day)_/.test(t))).toEqual([]);
    expect(shape.indexes.filter((i) => i.table === 'SloSliBucket').map((i) => i.name)).toEqual(['SloSliBucket_pkey']);
  });
});

// Each edit below is what someone might do to schema.prisma without writing a
// migration; the comparison must notice every one of them.
describe('schema edits without a migration are caught', () => {
  const edits: { label: string; from: string | RegExp; to: string; expect: RegExp }[] = [
    { label: 'new column', from: /(model User \{\n)/, to: '$1  nickname String?\n', expect: /column User\.nickname: missing/ },
    { label: 'new model', from: /$/, to: '\nmodel Extra {\n  id String @id\n}\n', expect: /table Extra: missing/ },
    { label: 'type change', from: 'durationMs Int?', to: 'durationMs BigInt?', expect: /JobRun\.durationMs: type integer .* bigint/ },
    { label: 'precision change', from: 'lastSignInAt DateTime?    @db.Timestamptz(3)', to: 'lastSignInAt DateTime?    @db.Timestamptz(6)', expect: /User\.lastSignInAt: type/ },
    { label: 'native type dropped', from: 'expiresAt   DateTime? @db.Timestamptz(3)', to: 'expiresAt   DateTime?', expect: /ApiToken\.expiresAt: type timestamp\(3\) with time zone .* timestamp\(3\) without time zone/ },
    { label: 'optional made required', from: 'actorId    String?', to: 'actorId    String', expect: /AuditLog\.actorId: nullable in the database, required/ },
    { label: 'default changed', from: '@default("UTC")', to: '@default("Europe/Paris")', expect: /Team\.timeZone: default value "UTC" .* value "Europe\/Paris"/ },
    { label: 'default removed', from: 'isLead    Boolean  @default(false)', to: 'isLead    Boolean', expect: /TeamMember\.isLead: default value "false" in the database, none/ },
    { label: 'unique added', from: 'prefix      String\n', to: 'prefix      String @unique\n', expect: /ApiToken unique index \(prefix\): missing/ },
    { label: 'index removed', from: '  @@index([action])\n', to: '', expect: /AuditLog index \(action\): in the database but not/ },
    { label: 'composite index reordered', from: '@@index([targetType, targetId])', to: '@@index([targetId, targetType])', expect: /AuditLog index \(targetId, targetType\): missing/ },
    { label: 'on delete changed', from: 'onDelete: Restrict', to: 'onDelete: Cascade', expect: /Service\(teamId\) -> Team\(id\) on delete Cascade on update Cascade: missing/ },
    { label: 'enum value added', from: '  tier3\n', to: '  tier3\n  tier4\n', expect: /enum ServiceTier: values \[tier1, tier2, tier3\] .* \[tier1, tier2, tier3, tier4\]/ },
    { label: 'list made scalar', from: 'scopes      String[]', to: 'scopes      String', expect: /ApiToken\.scopes: type text\[\] in the database, text in/ },
    { label: 'table renamed by @@map', from: /(model Cluster \{[^}]*)\}/, to: '$1  @@map("clusters")\n}', expect: /table clusters: missing/ },
  ];

  it.each(edits)('$label', ({ from, to, expect: pattern }) => {
    const edited = schemaText.replace(from, to);
    expect(edited, 'the edit did not apply; update this test').not.toBe(schemaText);
    const differences = diffSchema(parseSchema(edited), shape);
    expect(differences.join('\n')).toMatch(pattern);
  });
});
