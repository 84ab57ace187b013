import { z } from 'zod';

// Postgres `text` cannot hold NUL (U+0000): a query with one fails with 22021,
// which used to surface as a 500. NUL is never meaningful in a name, id or
// search, so it is refused as bad input, with the field's path, before any
// query runs.

export const NUL_MESSAGE = 'must not contain NUL (\\u0000) characters';

const hasNoNul = (value: string) => !value.includes('\u0000');

/** A string input that may reach the database: z.string() without NUL. */
export const text = () => z.string().refine(hasNoNul, NUL_MESSAGE);

/** An id or slug taken from a request. */
export const idText = () => text().min(1);

/** A free-text search or filter. */
export const searchText = (max = 200) => text().trim().max(max);

/**
 * The path of the first string holding NUL anywhere in an input value
 * ("filters.0.name"), or null. For guards in front of whole requests.
 */
export function nulPath(value: unknown, path: string[] = [], depth = 0): string | null {
  if (typeof value === 'string') return hasNoNul(value) ? null : path.join('.');
  if (depth > 64 || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = nulPath(value[i], [...path, String(i)], depth + 1);
      if (found !== null) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    if (!hasNoNul(key)) return [...path, key].join('.');
    const found = nulPath(item, [...path, key], depth + 1);
    if (found !== null) return found;
  }
  return null;
}
