import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checksumOf, planMigrations, type AppliedMigration, type MigrationFile } from './migrate.compute';

const A: MigrationFile = { name: '20260101000000_init', sql: 'CREATE TABLE a (id int);' };
const B: MigrationFile = { name: '20260201000000_add_b', sql: 'CREATE TABLE b (id int);' };
const C: MigrationFile = { name: '20260301000000_add_c', sql: 'CREATE TABLE c (id int);' };

const at = new Date('2026-01-02T00:00:00Z');
const done = (file: MigrationFile, extra: Partial<AppliedMigration> = {}): AppliedMigration => ({
  migrationName: file.name,
  checksum: checksumOf(file.sql),
  finishedAt: at,
  rolledBackAt: null,
  ...extra,
});

describe('checksumOf', () => {
  it('is the sha256 hex of the UTF-8 file, as Prisma computes it', () => {
    const sql = '-- café\nSELECT 1;\n';
    expect(checksumOf(sql)).toBe(createHash('sha256').update(Buffer.from(sql, 'utf8')).digest('hex'));
    expect(checksumOf('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(checksumOf(sql)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('planMigrations: accepted states', () => {
  it.each([
    { label: 'empty database', files: [A, B, C], applied: [], pending: [A, B, C], upToDate: [] },
    { label: 'some applied', files: [A, B, C], applied: [done(A)], pending: [B, C], upToDate: [A] },
    { label: 'all applied', files: [A, B, C], applied: [done(A), done(B), done(C)], pending: [], upToDate: [A, B, C] },
    { label: 'files listed out of order', files: [C, A, B], applied: [done(A)], pending: [B, C], upToDate: [A] },
    { label: 'no migrations at all', files: [], applied: [], pending: [], upToDate: [] },
    {
      label: 'rolled-back attempt is retried',
      files: [A, B],
      applied: [done(A), done(B, { finishedAt: null, rolledBackAt: at })],
      pending: [B],
      upToDate: [A],
    },
    {
      label: 'rolled-back unknown migration is ignored',
      files: [A],
      applied: [done(A), { migrationName: '20250101000000_gone', checksum: 'x', finishedAt: null, rolledBackAt: at }],
      pending: [],
      upToDate: [A],
    },
  ])('$label', ({ files, applied, pending, upToDate }) => {
    expect(planMigrations(files, applied)).toEqual({
      ok: true,
      pending,
      upToDate: upToDate.map((f) => f.name),
    });
  });
});

describe('planMigrations: refused states', () => {
  it.each([
    {
      label: 'applied migration edited afterwards',
      files: [{ ...A, sql: A.sql + '\n-- edited' }, B],
      applied: [done(A)],
      error: /20260101000000_init was modified after it was applied/,
    },
    {
      label: 'unfinished migration',
      files: [A, B],
      applied: [done(A), done(B, { finishedAt: null })],
      error: /20260201000000_add_b started but never finished/,
    },
    {
      label: 'migration unknown to the folder',
      files: [A],
      applied: [done(A), done(B)],
      error: /Database has migration 20260201000000_add_b, which is missing from prisma\/migrations/,
    },
    {
      label: 'applied out of order (a later one applied, an earlier one not)',
      files: [A, B, C],
      applied: [done(A), done(C)],
      error: /20260301000000_add_c is applied but an earlier one \(20260201000000_add_b\) is not/,
    },
    {
      label: 'first migration missing while a later one is applied',
      files: [A, B],
      applied: [done(B)],
      error: /20260201000000_add_b is applied but an earlier one \(20260101000000_init\) is not/,
    },
  ])('$label', ({ files, applied, error }) => {
    const plan = planMigrations(files, applied);
    expect(plan.ok).toBe(false);
    expect(plan.ok ? '' : plan.error).toMatch(error);
  });

  it.each([
    '2026010100000_short_timestamp',
    '20260101000000-dash',
    '20260101000000_CamelCase',
    '20260101000000_',
    'init',
    '20260101000000_has space',
    'x20260101000000_prefix',
  ])('bad folder name %s', (name) => {
    const plan = planMigrations([A, { name, sql: 'SELECT 1;' }], []);
    expect(plan).toEqual({ ok: false, error: expect.stringContaining(`"${name}" must be named`) });
  });

  it('checks the edited checksum before anything is applied', () => {
    const plan = planMigrations([{ ...A, sql: 'DROP TABLE a;' }, B], [done(A)]);
    expect(plan).toMatchObject({ ok: false });
    expect(plan.ok ? '' : plan.error).toContain(checksumOf(A.sql).slice(0, 12));
    expect(plan.ok ? '' : plan.error).toContain(checksumOf('DROP TABLE a;').slice(0, 12));
  });
});
