import { describe, expect, it } from 'vitest';
import { encodeRows, ROW_COLUMNS, stripNulEscapes } from './encode.compute';
import { KIND_BY_NAME } from './kinds.compute';
import { type InventoryRow, toRow } from './transform.compute';

const pod = toRow(KIND_BY_NAME.get('Pod')!, {
  metadata: {
    name: 'api-1',
    namespace: 'shop',
    uid: 'u1',
    resourceVersion: '42',
    creationTimestamp: '2026-11-19T14:11:07Z',
    labels: { team: 'payments', 'app.kubernetes.io/name': 'api' },
    annotations: { note: 'line 1\nline "2" \\ tab\t' },
    ownerReferences: [{ kind: 'ReplicaSet', name: 'api-7d9', uid: 'rs1', controller: true }],
  },
  spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'shop/api:1', resources: { requests: { cpu: '100m' } } }] },
  status: { phase: 'Running' },
});

describe('inventory row encoding', () => {
  it('writes every column jsonb_to_recordset reads, with the values unchanged', () => {
    const [decoded] = JSON.parse(encodeRows([pod])) as Record<string, unknown>[];
    expect(Object.keys(decoded!).sort()).toEqual(ROW_COLUMNS.map(([c]) => c).sort());
    expect(decoded).toEqual({ ...pod, creationTimestamp: '2026-11-19T14:11:07.000Z' });
  });

  it('writes a missing creation time and owner as null (the SQL NULL)', () => {
    const bare: InventoryRow = { ...pod, creationTimestamp: null, ownerKind: null, ownerName: null, ownerUid: null };
    const [decoded] = JSON.parse(encodeRows([bare])) as Record<string, unknown>[];
    expect(decoded).toMatchObject({ creationTimestamp: null, ownerKind: null, ownerName: null, ownerUid: null });
  });

  it('writes an invalid creation time as null rather than failing the batch', () => {
    const [decoded] = JSON.parse(encodeRows([{ ...pod, creationTimestamp: new Date('nope') }])) as Record<string, unknown>[];
    expect(decoded!.creationTimestamp).toBeNull();
  });

  it('writes an empty batch as an empty array', () => {
    expect(encodeRows([])).toBe('[]');
  });

  it.each([
    ['a NUL in a value', '{"a":"x\\u0000y"}', '{"a":"xy"}'],
    ['several NULs', '["\\u0000","a\\u0000\\u0000b"]', '["","ab"]'],
    ['an escaped backslash before the text u0000 (not a NUL)', '{"a":"\\\\u0000"}', '{"a":"\\\\u0000"}'],
    ['an escaped backslash, then a NUL', '{"a":"\\\\\\u0000"}', '{"a":"\\\\"}'],
    ['no NUL at all', '{"a":"b"}', '{"a":"b"}'],
  ])('strips %s', (_, input, expected) => {
    expect(stripNulEscapes(input)).toBe(expected);
    // the result is still valid JSON
    expect(() => JSON.parse(stripNulEscapes(input))).not.toThrow();
  });

  it('strips NULs from a row before it reaches Postgres', () => {
    const row: InventoryRow = { ...pod, labels: { 'a\u0000b': 'c\u0000' }, data: { spec: { x: '\u0000' } } };
    const [decoded] = JSON.parse(encodeRows([row])) as InventoryRow[];
    expect(decoded!.labels).toEqual({ ab: 'c' });
    expect(decoded!.data).toEqual({ spec: { x: '' } });
  });
});
