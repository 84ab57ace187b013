import { get_dmmf } from '@prisma/prisma-schema-wasm';
import type pg from 'pg';

// Compares a Postgres schema with what prisma/schema.prisma describes, the way
// `prisma migrate diff` would if its engine could run here: tables, columns,
// types, nullability, defaults, primary keys, unique and normal indexes, foreign
// keys and enums. Returns one human-readable line per difference.

type DmmfField = {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'enum' | 'object' | 'unsupported';
  type: string;
  nativeType: [string, string[]] | null;
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUnique: boolean;
  isUpdatedAt: boolean;
  hasDefaultValue: boolean;
  default?: unknown;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
};
type DmmfModel = { name: string; dbName: string | null; fields: DmmfField[] };
type DmmfEnum = { name: string; dbName: string | null; values: { name: string; dbName: string | null }[] };
type DmmfIndex = { model: string; type: 'id' | 'unique' | 'normal' | 'fulltext'; dbName?: string | null; fields: { name: string }[] };
export type Datamodel = { models: DmmfModel[]; enums: DmmfEnum[]; indexes: DmmfIndex[] };

export function parseSchema(prismaSchema: string): Datamodel {
  const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema }))) as { datamodel: Datamodel };
  return dmmf.datamodel;
}

// Prisma's default Postgres type for each scalar, as format_type() prints it.
const SCALAR_TYPES: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  Json: 'jsonb',
  Bytes: 'bytea',
};

// @db.X(args) native types, as format_type() prints them.
function nativeTypeName(name: string, args: string[]): string {
  const arg = args.length ? `(${args.join(',')})` : '';
  switch (name) {
    case 'Text': return 'text';
    case 'VarChar': return args.length ? `character varying${arg}` : 'character varying';
    case 'Char': return `character${arg || '(1)'}`;
    case 'Uuid': return 'uuid';
    case 'Integer': return 'integer';
    case 'SmallInt': return 'smallint';
    case 'BigInt': return 'bigint';
    case 'Boolean': return 'boolean';
    case 'Real': return 'real';
    case 'DoublePrecision': return 'double precision';
    case 'Decimal': return `numeric${arg}`;
    case 'Money': return 'money';
    case 'Timestamptz': return `timestamp${arg} with time zone`;
    case 'Timestamp': return `timestamp${arg} without time zone`;
    case 'Date': return 'date';
    case 'Time': return `time${arg} without time zone`;
    case 'Timetz': return `time${arg} with time zone`;
    case 'Json': return 'json';
    case 'JsonB': return 'jsonb';
    case 'ByteA': return 'bytea';
    case 'Inet': return 'inet';
    case 'Citext': return 'citext';
    case 'Xml': return 'xml';
    default: return `${name.toLowerCase()}${arg}`;
  }
} // prettier-ignore

const quoteIdent = (name: string) => (/^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`);

function expectedColumnType(field: DmmfField, enums: DmmfEnum[]): string {
  let base: string;
  if (field.kind === 'enum') {
    const e = enums.find((x) => x.name === field.type);
    base = quoteIdent(e?.dbName ?? field.type);
  } else if (field.nativeType) {
    base = nativeTypeName(field.nativeType[0], field.nativeType[1]);
  } else {
    base = SCALAR_TYPES[field.type] ?? `<unsupported ${field.type}>`;
  }
  return field.isList ? `${base}[]` : base;
}

type DefaultKind = { kind: 'none' } | { kind: 'any' } | { kind: 'sequence' } | { kind: 'now' } | { kind: 'value'; value: string };

function expectedDefault(field: DmmfField): DefaultKind {
  if (!field.hasDefaultValue) return { kind: 'none' };
  const d = field.default as { name?: string } | string | number | boolean | unknown[] | undefined;
  if (d && typeof d === 'object' && !Array.isArray(d) && 'name' in d) {
    switch (d.name) {
      case 'autoincrement': return { kind: 'sequence' };
      case 'now': return { kind: 'now' };
      case 'cuid': case 'uuid': case 'nanoid': case 'ulid': return { kind: 'none' }; // made by the client
      default: return { kind: 'any' }; // dbgenerated(...) and friends
    }
  } // prettier-ignore
  if (Array.isArray(d)) return { kind: 'value', value: `{${d.join(',')}}` };
  return { kind: 'value', value: String(d) };
}

// '[]'::jsonb -> [], 'UTC'::text -> UTC, false -> false, 0 -> 0,
// ARRAY[]::text[] -> {}, ARRAY['a'::text, 'b'::text] -> {a,b} (Prisma's list defaults)
function normaliseDefault(expr: string): string {
  let s = expr.trim();
  const array = /^ARRAY\[(.*?)\](::[\w" ]+\[\])?$/s.exec(s);
  if (array) {
    const items = array[1]!.trim() === '' ? [] : array[1]!.split(',').map((item) => normaliseDefault(item));
    return `{${items.join(',')}}`;
  }
  s = s.replace(/::[\w" ]+(\[\])?(\(\d+(,\d+)?\))?$/g, '');
  s = s.replace(/::[\w" ]+(\[\])?$/g, '');
  if (s.startsWith("'") && s.endsWith("'")) s = s.slice(1, -1).replaceAll("''", "'");
  return s;
}

function describeDefault(actual: string | null): DefaultKind {
  if (actual === null) return { kind: 'none' };
  if (/^nextval\(/.test(actual)) return { kind: 'sequence' };
  if (/^(CURRENT_TIMESTAMP|now\(\))/i.test(actual)) return { kind: 'now' };
  return { kind: 'value', value: normaliseDefault(actual) };
}

const sameDefault = (expected: DefaultKind, actual: DefaultKind) =>
  expected.kind === 'any'
    ? actual.kind !== 'none'
    : expected.kind === actual.kind && (expected.kind !== 'value' || expected.value === (actual as { value: string }).value);

const showDefault = (d: DefaultKind) => (d.kind === 'value' ? `value ${JSON.stringify(d.value)}` : d.kind);

const ON_DELETE: Record<string, string> = { a: 'NoAction', r: 'Restrict', c: 'Cascade', n: 'SetNull', d: 'SetDefault' };

type DbColumn = { table: string; column: string; type: string; notNull: boolean; default: string | null };
type DbIndex = { table: string; name: string; columns: string[]; unique: boolean; primary: boolean };
type DbForeignKey = { table: string; name: string; columns: string[]; refTable: string; refColumns: string[]; onDelete: string; onUpdate: string };

type Queryable = Pick<pg.Client, 'query'>;

// A partitioned table (relkind 'p') is the model; its partitions (relispartition,
// with their own copies of the primary key index) are storage, not part of the
// schema: server/slo/slo-partitions.* creates and drops them at run time.
export async function readDatabase(client: Queryable, schema = 'public') {
  const tables = (
    await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
      [schema],
    )
  ).rows.map((r) => r.name);
  const columns = (
    await client.query<DbColumn>(
      `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
              a.attnotnull AS "notNull", pg_get_expr(d.adbin, d.adrelid) AS default
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY c.relname, a.attnum`,
      [schema],
    )
  ).rows;
  const indexes = (
    await client.query<DbIndex>(
      `SELECT t.relname AS table, i.relname AS name, x.indisunique AS unique, x.indisprimary AS primary,
              ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = $1 AND NOT t.relispartition ORDER BY 1, 2`,
      [schema],
    )
  ).rows;
  const foreignKeys = (
    await client.query<DbForeignKey>(
      `SELECT t.relname AS table, con.conname AS name, r.relname AS "refTable",
              con.confdeltype AS "onDelete", con.confupdtype AS "onUpdate",
              ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
              ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS "refColumns"
       FROM pg_constraint con
       JOIN pg_class t ON t.oid = con.conrelid
       JOIN pg_class r ON r.oid = con.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = $1 AND con.contype = 'f' AND NOT t.relispartition ORDER BY 1, 2`,
      [schema],
    )
  ).rows;
  const enumRows = (
    await client.query<{ name: string; label: string }>(
      `SELECT t.typname AS name, e.enumlabel AS label FROM pg_type t
       JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = $1 ORDER BY t.typname, e.enumsortorder`,
      [schema],
    )
  ).rows;
  const enums = new Map<string, string[]>();
  for (const r of enumRows) enums.set(r.name, [...(enums.get(r.name) ?? []), r.label]);
  return { tables, columns, indexes, foreignKeys, enums };
}

export type DatabaseShape = Awaited<ReturnType<typeof readDatabase>>;

// Tables that belong to the migrator itself, not to the data model.
const BOOKKEEPING = new Set(['_prisma_migrations']);

export function diffSchema(model: Datamodel, db: DatabaseShape): string[] {
  const out: string[] = [];
  const tableOf = new Map(model.models.map((m) => [m.name, m.dbName ?? m.name]));
  const columnOf = (modelName: string, fieldName: string) => {
    const m = model.models.find((x) => x.name === modelName);
    const f = m?.fields.find((x) => x.name === fieldName);
    return f?.dbName ?? fieldName;
  };

  // Enums
  for (const e of model.enums) {
    const name = e.dbName ?? e.name;
    const expected = e.values.map((v) => v.dbName ?? v.name);
    const actual = db.enums.get(name);
    if (!actual) out.push(`enum ${name}: missing in the database`);
    else if (expected.join(',') !== actual.join(','))
      out.push(`enum ${name}: values [${actual.join(', ')}] in the database, [${expected.join(', ')}] in schema.prisma`);
  }
  const modelEnums = new Set(model.enums.map((e) => e.dbName ?? e.name));
  for (const name of db.enums.keys()) if (!modelEnums.has(name)) out.push(`enum ${name}: in the database but not in schema.prisma`);

  // Tables
  const expectedTables = new Set(tableOf.values());
  for (const t of expectedTables) if (!db.tables.includes(t)) out.push(`table ${t}: missing in the database`);
  for (const t of db.tables)
    if (!expectedTables.has(t) && !BOOKKEEPING.has(t)) out.push(`table ${t}: in the database but not in schema.prisma`);

  // Columns
  for (const m of model.models) {
    const table = tableOf.get(m.name)!;
    if (!db.tables.includes(table)) continue;
    const scalars = m.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum');
    const actualColumns = db.columns.filter((c) => c.table === table);
    for (const f of scalars) {
      const column = f.dbName ?? f.name;
      const where = `column ${table}.${column}`;
      const actual = actualColumns.find((c) => c.column === column);
      if (!actual) {
        out.push(`${where}: missing in the database`);
        continue;
      }
      const type = expectedColumnType(f, model.enums);
      if (actual.type !== type) out.push(`${where}: type ${actual.type} in the database, ${type} in schema.prisma`);
      // Prisma creates scalar lists as nullable columns, whatever the field says.
      const notNull = f.isRequired && !f.isList;
      if (actual.notNull !== notNull)
        out.push(`${where}: ${actual.notNull ? 'NOT NULL' : 'nullable'} in the database, ${notNull ? 'required' : 'optional'} in schema.prisma`);
      const expected = expectedDefault(f);
      const got = describeDefault(actual.default);
      if (!sameDefault(expected, got))
        out.push(`${where}: default ${showDefault(got)} in the database, ${showDefault(expected)} in schema.prisma`);
    }
    const known = new Set(scalars.map((f) => f.dbName ?? f.name));
    for (const c of actualColumns) if (!known.has(c.column)) out.push(`column ${table}.${c.column}: in the database but not in schema.prisma`);
  }

  // Primary keys, unique and normal indexes
  const key = (table: string, kind: string, columns: string[]) => `${table} ${kind} (${columns.join(', ')})`;
  const expectedIndexes = new Set(
    model.indexes
      .filter((i) => i.type !== 'fulltext')
      .map((i) =>
        key(
          tableOf.get(i.model)!,
          i.type === 'id' ? 'primary key' : i.type === 'unique' ? 'unique index' : 'index',
          i.fields.map((f) => columnOf(i.model, f.name)),
        ),
      ),
  );
  const actualIndexes = new Set(
    db.indexes
      .filter((i) => !BOOKKEEPING.has(i.table))
      .map((i) => key(i.table, i.primary ? 'primary key' : i.unique ? 'unique index' : 'index', i.columns)),
  );
  for (const k of expectedIndexes) if (!actualIndexes.has(k)) out.push(`${k}: missing in the database`);
  for (const k of actualIndexes) if (!expectedIndexes.has(k)) out.push(`${k}: in the database but not in schema.prisma`);

  // Foreign keys
  const expectedFks = new Set<string>();
  for (const m of model.models) {
    for (const f of m.fields) {
      if (f.kind !== 'object' || !f.relationFromFields?.length) continue;
      const from = f.relationFromFields.map((n) => columnOf(m.name, n));
      const to = (f.relationToFields ?? []).map((n) => columnOf(f.type, n));
      const optional = f.relationFromFields.some((n) => !m.fields.find((x) => x.name === n)?.isRequired);
      const onDelete = f.relationOnDelete ?? (optional ? 'SetNull' : 'Restrict');
      const onUpdate = f.relationOnUpdate ?? 'Cascade';
      expectedFks.add(`${tableOf.get(m.name)}(${from.join(', ')}) -> ${tableOf.get(f.type)}(${to.join(', ')}) on delete ${onDelete} on update ${onUpdate}`);
    }
  }
  const actualFks = new Set(
    db.foreignKeys
      .filter((fk) => !BOOKKEEPING.has(fk.table))
      .map(
        (fk) =>
          `${fk.table}(${fk.columns.join(', ')}) -> ${fk.refTable}(${fk.refColumns.join(', ')}) on delete ${ON_DELETE[fk.onDelete]} on update ${ON_DELETE[fk.onUpdate]}`,
      ),
  );
  for (const k of expectedFks) if (!actualFks.has(k)) out.push(`foreign key ${k}: missing in the database`);
  for (const k of actualFks) if (!expectedFks.has(k)) out.push(`foreign key ${k}: in the database but not in schema.prisma`);

  return out;
}
