// cert-manager objects: the Certificate (and its newest CertificateRequest) of
// every Ingress that does not bring its own TLS secret, and the ClusterIssuers.

import { DAY, frozenAnnotations, HOUR, isoTime, type WorkloadPlan } from '../plan';
import { meta, type Ctx } from './context';

/** The TLS secret and issuer of an Ingress: `manualTls` ingresses bring their own secret. */
export function ingressTls(workload: string, ing: NonNullable<WorkloadPlan['ingress']>): { manual: boolean; secretName: string; issuer: string } {
  const manual = ing.manualTls === true;
  return { manual, secretName: manual ? `${workload}-tls-manual` : `${workload}-tls`, issuer: ing.issuer ?? 'letsencrypt-prod' };
}

export function certificate(c: Ctx, w: WorkloadPlan, labels: Record<string, string>, created: number): void {
  if (!w.ingress) return;
  const ns = w.namespace;
  const { manual, secretName, issuer } = ingressTls(w.name, w.ingress);
  if (manual) return;
  const days = w.ingress.certExpiresInDays ?? 60;
  const notAfter = c.now + days * DAY;
  const notBefore = notAfter - 90 * DAY;
  const ready = w.ingress.certReady ?? days > 0;
  const certCreated = Math.min(created, notBefore);
  c.out.push({
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: meta(secretName, ns, c.prng.uuid(), certCreated, {
      generation: 1,
      labels,
      ...(w.frozen ? { annotations: frozenAnnotations(true) } : {}),
      ownerReferences: [{ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: w.name, uid: c.prng.uuid(), controller: true, blockOwnerDeletion: true }],
    }),
    spec: { dnsNames: [w.ingress.host], issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: issuer }, secretName, usages: ['digital signature', 'key encipherment'] },
    status: {
      conditions: [
        ready
          ? { type: 'Ready', status: 'True', reason: 'Ready', message: 'Certificate is up to date and has not expired', observedGeneration: 1, lastTransitionTime: isoTime(notBefore) }
          : days <= 0
            ? { type: 'Ready', status: 'False', reason: 'Expired', message: `Certificate expired on ${new Date(notAfter).toUTCString()}`, observedGeneration: 1, lastTransitionTime: isoTime(notAfter) }
            : { type: 'Ready', status: 'False', reason: 'Failed', message: 'The certificate request has failed to complete and will be retried: ACME challenge failed', observedGeneration: 1, lastTransitionTime: isoTime(c.now - 3 * DAY) },
        ...(days < 30 ? [{ type: 'Issuing', status: 'True', reason: 'Renewing', message: 'Renewing certificate as renewal was scheduled at ' + isoTime(notAfter - 30 * DAY), observedGeneration: 1, lastTransitionTime: isoTime(notAfter - 30 * DAY) }] : []),
      ],
      notAfter: isoTime(notAfter),
      notBefore: isoTime(notBefore),
      renewalTime: isoTime(notAfter - 30 * DAY),
      revision: Math.max(1, Math.floor((c.now - certCreated) / (60 * DAY))),
      ...(days < 30 && !ready ? { failedIssuanceAttempts: c.prng.int(1, 8), lastFailureTime: isoTime(c.now - c.prng.int(1, 20) * HOUR) } : {}),
    },
  });
  // The newest CertificateRequest of the certificate: failed while a renewal fails.
  const revision = Math.max(1, Math.floor((c.now - certCreated) / (60 * DAY)));
  const certUid = c.out[c.out.length - 1]!.metadata.uid;
  const failing = !ready && days > 0;
  const requested = failing ? c.now - 3 * DAY : notBefore;
  c.out.push({
    apiVersion: 'cert-manager.io/v1',
    kind: 'CertificateRequest',
    metadata: meta(`${secretName}-${revision}`, ns, c.prng.uuid(), requested, {
      generation: 1,
      labels,
      annotations: { 'cert-manager.io/certificate-name': secretName, 'cert-manager.io/certificate-revision': String(revision), 'cert-manager.io/private-key-secret-name': `${secretName}-key`, ...(w.frozen ? frozenAnnotations(true) : {}) },
      ownerReferences: [{ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', name: secretName, uid: certUid, controller: true, blockOwnerDeletion: true }],
    }),
    spec: { issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: issuer }, duration: '2160h0m0s', usages: ['digital signature', 'key encipherment'], request: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0K' },
    status: {
      conditions: [
        { type: 'Approved', status: 'True', reason: 'cert-manager.io', message: 'Certificate request has been approved by cert-manager.io', lastTransitionTime: isoTime(requested) },
        failing
          ? { type: 'Ready', status: 'False', reason: 'Failed', message: 'Failed to wait for order resource "' + secretName + '-' + revision + '-1" to become ready: order is in "invalid" state: ACME challenge failed', lastTransitionTime: isoTime(requested + 5 * 60_000) }
          : { type: 'Ready', status: 'True', reason: 'Issued', message: 'Certificate fetched from issuer successfully', lastTransitionTime: isoTime(requested + 60_000) },
      ],
      ...(failing ? { failureTime: isoTime(requested + 5 * 60_000) } : { certificate: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==' }),
    },
  });
}

export function clusterIssuers(c: Ctx, created: number): void {
  for (const [name, server] of [
    ['letsencrypt-prod', 'https://acme-v02.api.letsencrypt.org/directory'],
    ['letsencrypt-staging', 'https://acme-staging-v02.api.letsencrypt.org/directory'],
  ] as const) {
    c.out.push({
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: meta(name, undefined, c.prng.uuid(), created, { generation: 1 }),
      spec: { acme: { server, email: 'platform@example.com', privateKeySecretRef: { name: `${name}-account-key` }, solvers: [{ http01: { ingress: { ingressClassName: 'nginx' } } }] } },
      status: { acme: { uri: `${server.replace('/directory', '')}/acme/acct/${c.prng.int(100000, 999999)}` }, conditions: [{ type: 'Ready', status: 'True', reason: 'ACMEAccountRegistered', message: 'The ACME account was registered with the ACME server', observedGeneration: 1, lastTransitionTime: isoTime(created) }] },
    });
  }
}
