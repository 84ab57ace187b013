import { describe, expect, it } from 'vitest';
import { httpUrlOrNull } from './url';

describe('httpUrlOrNull', () => {
  it.each([
    ['https://runbooks.example.com/checkout', 'https://runbooks.example.com/checkout'],
    [' http://wiki/x ', 'http://wiki/x'],
    ['javascript:alert(document.cookie)', null],
    ['JavaScript:alert(1)', null],
    ['data:text/html,<script>alert(1)</script>', null],
    ['vbscript:msgbox', null],
    ['/relative/path', null],
    ['', null],
    [42, null],
    [undefined, null],
  ])('%j -> %j', (value, expected) => {
    expect(httpUrlOrNull(value)).toBe(expected);
  });
});
