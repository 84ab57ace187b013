import type { InventoryRow } from './transform.compute';

// How a batch of inventory rows travels to Postgres: ONE JSON array as ONE
// parameter, unpacked server side by jsonb_to_recordset (inventory.repo.ts).
// Profiling the 150k-pod initial sync showed the previous encoding (15 text[]
// parameters, labels/annotations/data each JSON.stringify'd per row, then every
// element escaped again into a Postgres array literal by pg, then walked by
// Prisma's parameter handling) costing more collector CPU than the transforms
// themselves. A single native JSON.stringify over the batch writes each value
// once, with no second escaping layer.

/** The columns, in the order of the SQL's record definition, with their Postgres types. */
export const ROW_COLUMNS = [
  ['kind', 'text'],
  ['namespace', 'text'],
  ['name', 'text'],
  ['uid', 'text'],
  ['resourceVersion', 'text'],
  ['labels', 'jsonb'],
  ['annotations', 'jsonb'],
  ['ownerKind', 'text'],
  ['ownerName', 'text'],
  ['ownerUid', 'text'],
  ['team', 'text'],
  ['nodeName', 'text'],
  ['phase', 'text'],
  ['creationTimestamp', 'timestamptz'],
  ['data', 'jsonb'],
] as const satisfies readonly (readonly [keyof InventoryRow, string])[];

// A JSON \u0000 escape: preceded by an even number of backslashes (zero
// included), so `\\u0000` (an escaped backslash, then the text "u0000") is
// left alone.
const NUL_ESCAPE = /(?<!\\)((?:\\\\)*)\\u0000/g;

/**
 * Removes NUL characters from a JSON text. Postgres' text and jsonb cannot hold
 * them and no Kubernetes field needs one; one NUL would otherwise fail the
 * whole batch.
 */
export function stripNulEscapes(json: string): string {
  return json.includes('\\u0000') ? json.replace(NUL_ESCAPE, '$1') : json;
}

const isoOrNull = (d: Date | null) => (d && !Number.isNaN(d.getTime()) ? d.toISOString() : null);

/** The batch as the JSON array jsonb_to_recordset reads (dates as ISO strings, nulls as null). */
export function encodeRows(rows: readonly InventoryRow[]): string {
  // Dates as strings first: a Date's toJSON call takes JSON.stringify off its
  // fast path for the whole row (measured: the copy still saves ~20 %).
  const plain = rows.map((r) => ({ ...r, creationTimestamp: isoOrNull(r.creationTimestamp) }));
  return stripNulEscapes(JSON.stringify(plain));
}
