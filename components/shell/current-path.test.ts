import { describe, expect, it } from 'vitest';
import { isCurrentPath } from './current-path';

describe('isCurrentPath', () => {
  it.each([
    ['/overview', '/overview', true],
    ['/settings/users', '/settings', true],
    ['/settings', '/settings/users', false],
    ['/slos', '/slo', false],
    ['/slos/checkout', '/slos', true],
    ['/', '/overview', false],
  ])('%s under %s -> %s', (pathname, href, expected) => {
    expect(isCurrentPath(pathname, href)).toBe(expected);
  });
});
