import { describe, expect, it } from 'vitest';
import { clusterRoleYaml, explainConnectionError, permissionLabel } from './clusters.compute';

describe('connection errors in plain words', () => {
  it.each([
    // No answer reads the same whatever the socket said (issue 10 #6: no port scanning)
    [{ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND x' }, /^Could not reach api\.example\.com:6443: no connection could be made/],
    [{ code: 'ECONNREFUSED', message: '' }, /^Could not reach api\.example\.com:6443: no connection could be made/],
    [{ code: 'ECONNRESET', message: '' }, /^Could not reach api\.example\.com:6443: no connection could be made/],
    [{ code: 'EPROTO', message: 'wrong version number' }, /^Could not reach api\.example\.com:6443: no connection could be made/],
    [{ code: 'EOUTBOUND', message: '' }, /^Could not reach api\.example\.com:6443: /],
    [{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: '' }, /self-signed certificate/],
    [{ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', message: '' }, /unknown CA/],
    [{ code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: '' }, /not valid for that host name/],
    [{ status: 401, message: 'Unauthorized' }, /rejected the credentials \(401/],
    [{ status: 403, message: 'pods is forbidden' }, /Access denied \(403 Forbidden\): pods is forbidden/],
    [{ status: 500, message: 'HTTP 500' }, /^HTTP 500$/],
  ])('%o', (error, expected) => {
    expect(explainConnectionError(error, 'https://api.example.com:6443')).toMatch(expected);
  });

  it.each([
    ['list', { group: '', plural: 'pods' }, 'list pods (core) at cluster scope'],
    ['watch', { group: 'apps', plural: 'deployments' }, 'watch deployments (apps) at cluster scope'],
  ])('names the RBAC permission %s %o', (verb, ref, label) => {
    expect(permissionLabel(verb, ref)).toBe(label);
  });

  it('writes a ClusterRole grouping resources per API group', () => {
    const yaml = clusterRoleYaml([{ group: '', plural: 'pods' }, { group: '', plural: 'nodes' }, { group: 'apps', plural: 'deployments' }]);
    expect(yaml).toContain('  - apiGroups: [""]\n    resources: ["nodes", "pods"]\n    verbs: ["get", "list", "watch"]');
    expect(yaml).toContain('apiGroups: ["apps"]');
  });
});
