import { arr, compact, type J, pick, rec } from './trim.compute';

// cert-manager's Certificates, CertificateRequests, Issuers and ClusterIssuers as
// Runwell keeps them: expiry, renewal and readiness for the certificates domain. Pure.

/** The Ready condition flattened (every cert-manager kind). */
function readyOf(o: J): J {
  const ready = arr(rec(o.status).conditions).find((c) => c.type === 'Ready');
  return compact({ ready: ready ? ready.status === 'True' : undefined, readyReason: ready?.reason, readyMessage: ready?.message });
}

export function trimCertificateRequest(o: J): J {
  return compact({ spec: pick(o.spec, ['issuerRef', 'duration']), status: compact({ ...readyOf(o), ...pick(o.status, ['failureTime']) }) });
}

// Which kind of issuer (ACME, CA, Vault, self-signed), never its secrets.
export function trimIssuer(o: J): J {
  return compact({ spec: compact({ type: Object.keys(rec(o.spec)).find((t) => ['acme', 'ca', 'vault', 'selfSigned', 'venafi'].includes(t)) ?? 'other', server: rec(rec(o.spec).acme).server }), status: readyOf(o) });
}

export function trimCertificate(o: J): J {
  return compact({
    spec: pick(o.spec, ['secretName', 'dnsNames', 'issuerRef', 'duration', 'renewBefore']),
    status: compact({
      ...pick(o.status, ['notAfter', 'notBefore', 'renewalTime', 'failedIssuanceAttempts', 'lastFailureTime']),
      ...readyOf(o),
    }),
  });
}
