import { describe, expect, it } from 'vitest';
import type { Actor } from '../lib/roles';
import { DomainError } from '../errors';
import { loadKubeconfig } from '../integrations/kubernetes/client';
import { InputLimitError } from '../lib/safe-parse';
import { KUBECONFIG_BOMB } from '../lib/hostile-input.fixtures';
import { kubeconfigContexts } from './clusters.service';

// Issue 10, finding 4: a 649-byte kubeconfig posted by an engineer blocked the
// web server for 11.5 s (client-node's js-yaml expands aliases without limit).
const engineer: Actor = { kind: 'user', id: 'u-kc', email: 'kc@example.com', name: 'KC', role: 'engineer' };
const ctx = { actor: engineer, requestId: 'req-kc' };

const KUBECONFIG = `apiVersion: v1
kind: Config
current-context: dev
clusters: [{name: dev, cluster: {server: "https://127.0.0.1:6443"}}]
users: [{name: dev, user: {token: abc}}]
contexts: [{name: dev, context: {cluster: dev, user: dev, namespace: apps}}]
`;

describe('kubeconfig reading under limits', () => {
  it('reads an ordinary kubeconfig', () => {
    expect(kubeconfigContexts(ctx, { kubeconfig: KUBECONFIG })).toEqual([{ name: 'dev', cluster: 'dev', server: 'https://127.0.0.1:6443', user: 'dev', namespace: 'apps', current: true }]);
  });

  it('refuses an alias bomb as bad input on the kubeconfig field, with the line', () => {
    expect(KUBECONFIG_BOMB.length).toBeLessThan(1024);
    let error: unknown;
    try {
      kubeconfigContexts(ctx, { kubeconfig: KUBECONFIG_BOMB });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'BAD_INPUT', field: 'kubeconfig' });
    expect((error as Error).message).toMatch(/line \d+: expands to more than/);
  });

  it('loadKubeconfig (also used for stored credentials) refuses the bomb', () => {
    expect(() => loadKubeconfig(KUBECONFIG_BOMB)).toThrow(InputLimitError);
  });
});
