import { describe, expect, it } from 'vitest';
import { originOf, safeAuthRedirect, safeCallbackUrl } from './callback-url';

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
    // Paths that normalise to "//host" (issue 10, finding 1): a browser reads
    // that as another site.
    ['/.//evil.example', '/overview'],
    ['/x/..//evil.example/path', '/overview'],
    ['/%2e//evil.example', '/overview'],
    ['/%2E//evil.example', '/overview'],
    ['/./\\evil.example', '/overview'],
    ['/\t/evil.example', '/overview'],
    [`${OWN}/.//evil.example`, '/overview'],
    [`${OWN}/x/..//evil.example`, '/overview'],
    ['http://127.0.0.1:3000/.//evil.example', '/overview'],
    ['/./incidents', '/incidents'],
    ['/x/../slos', '/slos'],
  ])('%j -> %s', (raw, expected) => {
    expect(safeCallbackUrl(raw, OWN)).toBe(expected);
  });

  it('refuses absolute URLs when our own origin is unknown', () => {
    expect(safeCallbackUrl(`${OWN}/changes`)).toBe('/overview');
  });
});

describe('safeAuthRedirect (next-auth redirect callback)', () => {
  it.each<[string, string]>([
    ['/.//evil.example', `${OWN}/overview`],
    ['/%2e//evil.example', `${OWN}/overview`],
    [`${OWN}/.//evil.example`, `${OWN}/overview`],
    ['https://evil.example/phish', `${OWN}/overview`],
    ['/incidents/inc_1', `${OWN}/incidents/inc_1`],
    [`${OWN}/changes?since=1h`, `${OWN}/changes?since=1h`],
    ['/signin', `${OWN}/signin`],
  ])('%s -> %s', (url, expected) => {
    expect(safeAuthRedirect({ url, baseUrl: OWN })).toBe(expected);
  });
});

describe('originOf', () => {
  it('reads the origin or gives undefined', () => {
    expect(originOf('http://127.0.0.1:3100/x')).toBe('http://127.0.0.1:3100');
    expect(originOf('not a url')).toBeUndefined();
    expect(originOf(undefined)).toBeUndefined();
  });
});
