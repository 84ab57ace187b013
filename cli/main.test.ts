import { describe, expect, it } from 'vitest';
import { commandsToLoad } from './main';

describe('commandsToLoad', () => {
  const all = commandsToLoad([]);
  it.each([
    [['check', 'deploy/', '--format', 'json'], ['check']],
    [['slo', 'rules', 'x.yaml'], ['slo']],
    [['--help'], all],
    [['help', 'check'], all],
    [['bogus'], all],
  ])('%j loads %j', (argv, expected) => {
    expect(commandsToLoad(argv)).toEqual(expected);
  });

  it('knows every command', () => {
    expect(all).toEqual(['migrate', 'user', 'token', 'serve', 'worker', 'seed', 'check', 'change', 'slo', 'sim', 'cluster', 'runbooks', 'secrets', 'toil', 'security', 'report']);
  });
});
