import { describe, expect, it } from 'vitest';
import { originOf, safeCallbackUrl } from './callback-url';

const OWN = 'https://runwell.example.com';

describe('safeCallbackUrl', () => {
  it.each<[string | string[] | undefined, string]>([
    [undefined, '/overview'],
    ['', '/overview'],
    ['/settings/audit', '/settings/audit'],
    ['/slos?team=payments#burn', '/slos?team=payments#burn'],
    [['/incidents', '/other'], '/incidents'],
    ['/', '/overview'],
    ['/signin', '/overview'],
    ['/signin?callbackUrl=/x', '/overview'],
    ['//evil.example.com/x', '/overview'],
    ['/\\evil.example.com', '/overview'],
    ['https://evil.example.com/overview', '/overview'],
    ['javascript:alert(1)', '/overview'],
    [`${OWN}/changes`, '/changes'],
    ['relative/path', '/overview'],
  ])('%j -> %s', (raw, expected) => {
    expect(safeCallbackUrl(raw, OWN)).toBe(expected);
  });

  it('refuses absolute URLs when our own origin is unknown', () => {
    expect(safeCallbackUrl(`${OWN}/changes`)).toBe('/overview');
  });
});

describe('originOf', () => {
  it('reads the origin or gives undefined', () => {
    expect(originOf('http://127.0.0.1:3100/x')).toBe('http://127.0.0.1:3100');
    expect(originOf('not a url')).toBeUndefined();
    expect(originOf(undefined)).toBeUndefined();
  });
});
