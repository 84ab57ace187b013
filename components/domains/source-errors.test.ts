import { describe, expect, it } from 'vitest';
import { errorsByMessage } from './source-errors';

describe('errorsByMessage', () => {
  it.each<[Record<string, string>, string]>([
    [{}, ''],
    [{ 'network.dnsP99': 'unreachable' }, 'network.dnsP99: unreachable'],
    [{ 'network.dnsP99': 'unreachable', 'network.drops': 'unreachable' }, 'network.dnsP99, network.drops: unreachable'],
    [{ a: 'unreachable', b: 'bad query', c: 'unreachable' }, 'a, c: unreachable; b: bad query'],
  ])('%o -> %s', (errors, text) => {
    expect(errorsByMessage(errors)).toBe(text);
  });
});
