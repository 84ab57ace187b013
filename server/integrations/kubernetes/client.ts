import http from 'node:http';
import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { MB, safeYamlParse } from '../../lib/safe-parse';
import { assertOutboundUrl, guardedLookup, outboundPolicy } from '../../security/outbound';

// A minimal streaming client for Runwell's collectors and "Test connection".
// @kubernetes/client-node resolves the authentication (kubeconfig users, exec
// plugins, certificates, in-cluster service account) through
// applyToHTTPSOptions; the requests themselves go through node:http(s) so that
// list pages and watch streams are read as streams and errors keep their
// system codes (ENOTFOUND, ECONNREFUSED, TLS verification codes).

type ConnectionKind = 'kubeconfig' | 'token' | 'in_cluster' | 'simulator';

export interface ClusterConnection {
  kind: ConnectionKind;
  apiUrl: string;
  /** kubeconfig YAML (kind kubeconfig) or bearer token (kind token / simulator with a token). */
  credentials?: string | null;
  kubeContext?: string | null;
  caData?: string | null;
  insecureSkipTlsVerify?: boolean;
}

export class KubeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'KubeHttpError';
  }
}

const KUBECONFIG_MAX_BYTES = MB;

/** A kubeconfig field Runwell refuses, with where it is (`users[0].user.exec`). */
export class KubeconfigRefusedError extends Error {
  constructor(
    readonly path: string,
    why: string,
  ) {
    super(`${path}: ${why}`);
    this.name = 'KubeconfigRefusedError';
  }
}

// Kubeconfigs come from users (cluster registration is open to engineers), and
// client-node acts on these fields on the Runwell server: `exec` and
// `auth-provider` run commands, the file fields read any file the server can
// (a token-file's content is then sent as the bearer token), and `proxy-url`
// routes around the outbound address guard. Only inline credentials are taken.
const REFUSED_USER_FIELDS: Record<string, string> = {
  exec: 'Runwell does not run commands from a kubeconfig; use a service account token or client-certificate-data',
  'auth-provider': 'Runwell does not run auth-provider plugins; use a service account token or client-certificate-data',
  'token-file': 'Runwell does not read files named in a kubeconfig; put the token inline (token:)',
  tokenFile: 'Runwell does not read files named in a kubeconfig; put the token inline (token:)',
  'client-certificate': 'Runwell does not read files named in a kubeconfig; use client-certificate-data',
  'client-key': 'Runwell does not read files named in a kubeconfig; use client-key-data',
};
const REFUSED_CLUSTER_FIELDS: Record<string, string> = {
  'certificate-authority': 'Runwell does not read files named in a kubeconfig; use certificate-authority-data',
  'proxy-url': 'Runwell does not send cluster requests through a proxy (the outbound address policy could not check them)',
};

function assertSelfContained(value: unknown): void {
  const doc = (value ?? {}) as { users?: unknown; clusters?: unknown };
  const check = (entries: unknown, key: 'user' | 'cluster', refused: Record<string, string>) => {
    if (!Array.isArray(entries)) return;
    entries.forEach((entry, i) => {
      const body = (entry as Record<string, unknown> | null)?.[key];
      if (!body || typeof body !== 'object') return;
      for (const field of Object.keys(body)) {
        if (Object.hasOwn(refused, field)) throw new KubeconfigRefusedError(`${key}s[${i}].${key}.${field}`, refused[field]!);
      }
    });
  };
  check(doc.users, 'user', REFUSED_USER_FIELDS);
  check(doc.clusters, 'cluster', REFUSED_CLUSTER_FIELDS);
}

/**
 * A KubeConfig from kubeconfig text. client-node reads it with js-yaml, which
 * expands aliases without limit (a 649-byte file blocked the server for 11 s):
 * the text is parsed under limits first and client-node gets plain JSON.
 * Throws InputLimitError (with the line) for a bomb or a parse error.
 */
export function loadKubeconfig(text: string): KubeConfig {
  const value = safeYamlParse(text, { limits: { maxBytes: KUBECONFIG_MAX_BYTES, maxDepth: 32 } });
  assertSelfContained(value);
  const kc = new KubeConfig();
  kc.loadFromString(JSON.stringify(value ?? {}));
  return kc;
}

/** Where a pod's service account files are (token, ca.crt, namespace). */
const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * The service account directory: the pod's standard one, or RUNWELL_SERVICE_ACCOUNT_DIR
 * (operator-set: a token projected elsewhere; the in-cluster tests use it).
 */
export function serviceAccountDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.RUNWELL_SERVICE_ACCOUNT_DIR?.replace(/\/+$/, '') || SERVICE_ACCOUNT_DIR;
}

/**
 * client-node's loadFromCluster() with the directory above: the API server from
 * KUBERNETES_SERVICE_HOST/PORT, its CA from ca.crt, and the bearer token re-read
 * from the token file (kubelet rotates it; client-node re-reads it every 60 s).
 */
function loadInCluster(kc: KubeConfig, env: NodeJS.ProcessEnv = process.env): void {
  const dir = serviceAccountDir(env);
  const host = env.KUBERNETES_SERVICE_HOST ?? '';
  const port = env.KUBERNETES_SERVICE_PORT ?? '443';
  const scheme = ['80', '8080', '8001'].includes(port) ? 'http' : 'https';
  kc.loadFromClusterAndUser(
    { name: 'inCluster', server: `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`, caFile: `${dir}/ca.crt`, skipTLSVerify: false },
    { name: 'inClusterUser', authProvider: { name: 'tokenFile', config: { tokenFile: `${dir}/token` } } },
  );
}

function kubeConfigFor(conn: ClusterConnection): KubeConfig {
  if (conn.kind === 'kubeconfig') {
    const kc = loadKubeconfig(conn.credentials ?? '');
    if (conn.kubeContext) kc.setCurrentContext(conn.kubeContext);
    // kubectl talks plain http to an http:// server; client-node refuses unless skipTLSVerify is set.
    kc.clusters = kc.clusters.map((c) => (c.server.startsWith('http:') ? { ...c, skipTLSVerify: true } : c));
    return kc;
  }
  const kc = new KubeConfig();
  if (conn.kind === 'in_cluster') {
    loadInCluster(kc);
    return kc;
  }
  const plainHttp = conn.apiUrl.startsWith('http:');
  kc.loadFromOptions({
    clusters: [
      {
        name: 'cluster',
        server: conn.apiUrl.replace(/\/+$/, ''),
        caData: conn.caData ? Buffer.from(conn.caData).toString('base64') : undefined,
        // client-node refuses http: unless skipTLSVerify is set; over http it means nothing.
        skipTLSVerify: plainHttp || Boolean(conn.insecureSkipTlsVerify),
      },
    ],
    users: [{ name: 'user', token: conn.credentials || undefined }],
    contexts: [{ name: 'ctx', cluster: 'cluster', user: 'user' }],
    currentContext: 'ctx',
  });
  return kc;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Whole-request timeout for non-streaming calls; watches pass none. */
  timeoutMs?: number;
  accept?: string;
}

export class KubeClient {
  private readonly kc: KubeConfig;
  readonly server: string;

  constructor(conn: ClusterConnection) {
    this.kc = kubeConfigFor(conn);
    const cluster = this.kc.getCurrentCluster();
    if (!cluster) throw new Error('The kubeconfig has no cluster for its current context');
    this.server = cluster.server.replace(/\/+$/, '');
  }

  private async baseOptions(): Promise<https.RequestOptions> {
    // Exec plugins and OIDC tokens expire, so auth is re-applied per request
    // after the first; the agent (keep-alive, TLS) is cached by client-node.
    const opts: https.RequestOptions = {};
    await this.kc.applyToHTTPSOptions(opts);
    return opts;
  }

  /** Sends a GET and resolves with the response once headers arrive (status checked by the caller). */
  async open(path: string, options: RequestOptions = {}): Promise<http.IncomingMessage> {
    const base = await this.baseOptions();
    const url = new URL(this.server + path);
    // Outbound address guard: IP literals judged here, names in the socket's lookup.
    const policy = outboundPolicy();
    assertOutboundUrl(url, policy);
    const mod = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = mod.request(
        url,
        {
          ...base,
          agent: base.agent,
          lookup: guardedLookup(policy),
          method: 'GET',
          headers: { ...(base.headers ?? {}), accept: options.accept ?? 'application/json' },
          signal: options.signal,
          timeout: options.timeoutMs,
        },
        resolve,
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error(`Timed out after ${options.timeoutMs} ms: GET ${path}`), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.end();
    });
  }

  /** GET returning parsed JSON; non-2xx answers become KubeHttpError with the Status message. */
  async getJson<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.open(path, { timeoutMs: 60_000, ...options });
    const body = await readBody(res);
    if ((res.statusCode ?? 0) >= 300) throw statusError(res.statusCode ?? 0, body);
    return JSON.parse(body) as T;
  }
}

async function readBody(res: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function statusError(code: number, body: string): KubeHttpError {
  let reason = '';
  // Only a Kubernetes Status object's message is shown: the body of whatever
  // else answers at a user-entered address (an internal service's page) is not
  // echoed back (server-side requests must not become a way to read them).
  let message = 'the server there did not answer like a Kubernetes API server';
  try {
    const status = JSON.parse(body) as { kind?: string; reason?: string; message?: string };
    if (status.kind === 'Status') {
      reason = typeof status.reason === 'string' ? status.reason : '';
      message = typeof status.message === 'string' ? status.message.slice(0, 300) : message;
    }
  } catch {
    // not JSON: keep the generic message
  }
  return new KubeHttpError(code, reason, `HTTP ${code}${reason ? ` ${reason}` : ''}: ${message}`);
}
