import { describe, expect, it } from 'vitest';
import { parseSimulatorArgs, UsageError } from './cli';

describe('runwell sim options', () => {
  it('defaults to port 6443 and nothing else', () => {
    expect(parseSimulatorArgs([])).toEqual({ port: 6443 });
  });

  it('parses every documented option', () => {
    const o = parseSimulatorArgs([
      '--port', '0', '--host', '0.0.0.0', '--nodes', '50', '--pods=1500', '--zones', '4', '--churn', '2.5', '--seed', 'demo', '--token', 't0k',
      '--tls', '--kubeconfig', '/tmp/kc', '--error-rate', '0.1', '--slow-ms', '200', '--drop-watch-every', '30', '--history-size', '500',
    ]);
    expect(o).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      nodes: 50,
      pods: 1500,
      zones: 4,
      churnPerSecond: 2.5,
      seed: 'demo',
      token: 't0k',
      tls: true,
      kubeconfigPath: '/tmp/kc',
      faults: { errorRate: 0.1, slowMs: 200, dropWatchEverySeconds: 30 },
      historySize: 500,
    });
    expect(parseSimulatorArgs(['--scenario', 'shop'])).toMatchObject({ scenario: 'shop' });
    expect(typeof parseSimulatorArgs(['--log']).log).toBe('function');
  });

  it.each([
    [['--port', '70000']],
    [['--nodes', '0']],
    [['--pods', 'many']],
    [['--error-rate', '2']],
    [['--nodes']],
    [['--bogus', '1']],
    [['--scenario', 'shop', '--nodes', '3']],
    [['--tls-cert', '/x.pem']],
    [['--token', '']],
  ])('rejects %j', (argv) => {
    expect(() => parseSimulatorArgs(argv)).toThrow(UsageError);
  });
});
