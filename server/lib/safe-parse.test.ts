import { describe, expect, it } from 'vitest';
import { aliasBomb, deepArray } from './hostile-input.fixtures';
import { InputLimitError, jsonNestingExceeds, safeJsonParse, safeParseAllDocuments, safeYamlParse } from './safe-parse';

const refusal = (fn: () => unknown): InputLimitError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputLimitError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('safeYamlParse', () => {
  it('reads ordinary YAML, anchors, aliases and merge keys', () => {
    expect(safeYamlParse('a: &x {b: 1}\nc: *x\nd: [1, {e: f}]\n<<: *x', { merge: true })).toEqual({ a: { b: 1 }, c: { b: 1 }, d: [1, { e: 'f' }], b: 1 });
    expect(safeYamlParse('')).toBeNull();
  });

  it.each([
    ['an alias bomb', aliasBomb(), /expands to more than 500000 values/, 6],
    ['deep flow nesting', `a: ${deepArray(200_000)}`, /nested deeper than 100 levels/, 1],
    ['deep block sequences on one line', `${'- '.repeat(200_000)}x`, /nested deeper than 100 levels/, 1],
    ['an alias to itself', 'a: &a [1, *a]', /refers to itself/, 1],
    ['a parse error', 'a: [1,\nb: 2', /Flow sequence/, 2],
  ])('refuses %s with its line', (_label, text, reason, line) => {
    const error = refusal(() => safeYamlParse(text));
    expect(error.reason).toMatch(reason);
    expect(error.line).toBe(line);
  });

  it('counts nesting through aliases', () => {
    const chain = ['a0: &a0 [x]', ...Array.from({ length: 30 }, (_, i) => `a${i + 1}: &a${i + 1} [[[[*a${i}]]]]`)].join('\n');
    expect(refusal(() => safeYamlParse(chain)).reason).toMatch(/nested deeper than 100 levels/);
    expect(() => safeYamlParse(chain, { limits: { maxDepth: 200 } })).not.toThrow();
  });

  it('limits size, alias count and expanded size as configured', () => {
    expect(refusal(() => safeYamlParse('a: 1\n'.repeat(100), { limits: { maxBytes: 100 } })).reason).toBe('too large: more than 100 bytes');
    expect(refusal(() => safeYamlParse(`a: &a 1\nb: [${Array(11).fill('*a').join(',')}]`, { limits: { maxAliases: 10 } })).reason).toBe('more than 10 aliases');
    expect(refusal(() => safeYamlParse(`a: &a [1,2,3]\nb: [*a, *a]`, { limits: { maxNodes: 10 } })).reason).toMatch(/expands to more than 10 values/);
  });

  it('shares the node budget across the documents of a stream', () => {
    const stream = Array.from({ length: 20 }, () => 'a: [1, 2, 3, 4]').join('\n---\n');
    expect(() => safeParseAllDocuments(stream, { limits: { maxNodes: 100 } })).toThrow(InputLimitError);
    expect(safeParseAllDocuments(stream, { limits: { maxNodes: 1000 } })).toHaveLength(20);
  });
});

describe('safeJsonParse', () => {
  it('parses JSON', () => expect(safeJsonParse('{"a":[1,{"b":"[[["}]}')).toEqual({ a: [1, { b: '[[[' }] }));

  it('refuses 9 MB of [[[...]]] without parsing it', () => {
    const text = deepArray(4_600_000);
    expect(refusal(() => safeJsonParse(text, { maxBytes: 10 * 1024 * 1024 })).reason).toBe('nested deeper than 100 levels');
  });

  it('skips brackets inside strings, including escaped quotes', () => {
    expect(jsonNestingExceeds(JSON.stringify({ s: `"${'['.repeat(500)}` }), 3)).toBe(false);
    expect(jsonNestingExceeds(deepArray(4), 3)).toBe(true);
    expect(jsonNestingExceeds(deepArray(3), 3)).toBe(false);
  });

  it('words malformed JSON', () => expect(refusal(() => safeJsonParse('{"a":')).reason).toMatch(/^not JSON: /));
});
