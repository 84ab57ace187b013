// A throwaway self-signed certificate for `tls: true`, made with the openssl binary
// (Node cannot create X.509 certificates by itself). Clients then skip verification
// (kubectl --insecure-skip-tls-verify, client-node skipTLSVerify) or trust `cert`.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsMaterial {
  cert: string;
  key: string;
}

export function selfSignedCertificate(host = '127.0.0.1', openssl = process.env.OPENSSL ?? 'openssl'): TlsMaterial {
  const dir = mkdtempSync(join(tmpdir(), 'runwell-sim-tls-'));
  try {
    const san = /^[\d.]+$/.test(host) || host.includes(':') ? `IP:${host},DNS:localhost` : `DNS:${host},DNS:localhost,IP:127.0.0.1`;
    execFileSync(
      openssl,
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '30', '-subj', '/CN=runwell-sim', '-addext', `subjectAltName=${san}`, '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: 'pipe' },
    );
    return { cert: readFileSync(join(dir, 'cert.pem'), 'utf8'), key: readFileSync(join(dir, 'key.pem'), 'utf8') };
  } catch (e) {
    throw new Error(`cannot create a self-signed certificate with ${openssl}: ${(e as Error).message}. Pass tls: { cert, key } instead.`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
