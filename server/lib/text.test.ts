import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { idText, NUL_MESSAGE, nulPath, searchText } from './text';

describe('text inputs refuse NUL (Postgres 22021 was a 500)', () => {
  it('idText and searchText refuse U+0000 with the field path', () => {
    const schema = z.object({ id: idText(), search: searchText().optional() });
    expect(schema.safeParse({ id: 'abc', search: ' x ' })).toEqual({ success: true, data: { id: 'abc', search: 'x' } });
    const result = schema.safeParse({ id: 'a\u0000b', search: 'x\u0000' });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['id', NUL_MESSAGE],
      ['search', NUL_MESSAGE],
    ]);
  });

  it('nulPath finds the first NUL in nested input, keys included', () => {
    expect(nulPath({ a: [1, { b: 'ok' }, { c: 'x\u0000' }] })).toBe('a.2.c');
    expect(nulPath({ ['k\u0000']: 1 })).toBe('k\u0000');
    expect(nulPath('\u0000')).toBe('');
    expect(nulPath({ a: 'fine', b: [null, 2, true] })).toBeNull();
  });
});
