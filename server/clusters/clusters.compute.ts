import { isUnreachable, unreachableMessage } from '../security/outbound-address';

// Plain-words explanations of connection failures, and RBAC permission names.

export interface ErrorFacts {
  code?: string;
  status?: number;
  message: string;
}

const TLS_SELF_SIGNED = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN']);
const TLS_UNKNOWN_CA = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'CERT_UNTRUSTED']);

/** One sentence a person can act on, for a failure reaching `server`. */
export function explainConnectionError(error: ErrorFacts, server: string): string {
  let host = server;
  try {
    host = new URL(server).host;
  } catch {
    // keep the raw text
  }
  const code = error.code ?? '';
  // No answer reads the same whatever the socket said (refused, reset,
  // timed out, no route, unknown name, not TLS, refused by the outbound
  // policy): the test button must not work as a port scanner (issue 10 #6).
  if (error.status === undefined && (isUnreachable(error) || code === 'EOUTBOUND')) return unreachableMessage(host, error);
  if (TLS_SELF_SIGNED.has(code)) return `TLS: ${host} presents a self-signed certificate. Provide the cluster's CA certificate (or, for a test cluster only, skip TLS verification).`;
  if (TLS_UNKNOWN_CA.has(code)) return `TLS: ${host}'s certificate is signed by an unknown CA. Provide the cluster's CA certificate.`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `TLS: the certificate of ${host} is not valid for that host name. Use the host name the certificate was issued for.`;
  if (code === 'CERT_HAS_EXPIRED') return `TLS: the certificate of ${host} has expired.`;
  if (error.status === 401) return 'The API server rejected the credentials (401 Unauthorized): the token is wrong or expired, or the kubeconfig user is not valid for this cluster.';
  if (error.status === 403) return `Access denied (403 Forbidden): ${error.message}`;
  return error.message;
}

export interface ResourceRef {
  group: string;
  plural: string;
}

/** "list pods (core) at cluster scope" — how RBAC names the permission a collector needs. */
export function permissionLabel(verb: string, ref: ResourceRef): string {
  return `${verb} ${ref.plural} (${ref.group || 'core'}) at cluster scope`;
}

/** A ClusterRole granting everything the collectors need, for the docs and the test result. */
export function clusterRoleYaml(refs: ResourceRef[], name = 'runwell-inventory'): string {
  const byGroup = new Map<string, Set<string>>();
  for (const r of refs) {
    const set = byGroup.get(r.group) ?? new Set<string>();
    set.add(r.plural);
    byGroup.set(r.group, set);
  }
  const rules = [...byGroup.entries()]
    .map(([group, plurals]) => `  - apiGroups: ["${group}"]\n    resources: [${[...plurals].sort().map((p) => `"${p}"`).join(', ')}]\n    verbs: ["get", "list", "watch"]`)
    .join('\n');
  return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${name}\nrules:\n${rules}\n`;
}
