import http from 'node:http';
import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { MB, safeYamlParse } from '../../lib/safe-parse';

// A minimal streaming client for Runwell's collectors and "Test connection".
// @kubernetes/client-node resolves the authentication (kubeconfig users, exec
// plugins, certificates, in-cluster service account) through
// applyToHTTPSOptions; the requests themselves go through node:http(s) so that
// list pages and watch streams are read as streams and errors keep their
// system codes (ENOTFOUND, ECONNREFUSED, TLS verification codes).

export type ConnectionKind = 'kubeconfig' | 'token' | 'in_cluster' | 'simulator';

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

export const KUBECONFIG_MAX_BYTES = MB;

/**
 * A KubeConfig from kubeconfig text. client-node reads it with js-yaml, which
 * expands aliases without limit (a 649-byte file blocked the server for 11 s):
 * the text is parsed under limits first and client-node gets plain JSON.
 * Throws InputLimitError (with the line) for a bomb or a parse error.
 */
export function loadKubeconfig(text: string): KubeConfig {
  const value = safeYamlParse(text, { limits: { maxBytes: KUBECONFIG_MAX_BYTES, maxDepth: 32 } });
  const kc = new KubeConfig();
  kc.loadFromString(JSON.stringify(value ?? {}));
  return kc;
}

export function kubeConfigFor(conn: ClusterConnection): KubeConfig {
  if (conn.kind === 'kubeconfig') {
    const kc = loadKubeconfig(conn.credentials ?? '');
    if (conn.kubeContext) kc.setCurrentContext(conn.kubeContext);
    // kubectl talks plain http to an http:// server; client-node refuses unless skipTLSVerify is set.
    kc.clusters = kc.clusters.map((c) => (c.server.startsWith('http:') ? { ...c, skipTLSVerify: true } : c));
    return kc;
  }
  const kc = new KubeConfig();
  if (conn.kind === 'in_cluster') {
    kc.loadFromCluster();
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
    const mod = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = mod.request(
        url,
        {
          ...base,
          agent: base.agent,
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

export async function readBody(res: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function statusError(code: number, body: string): KubeHttpError {
  let reason = '';
  let message = body.slice(0, 300);
  try {
    const status = JSON.parse(body) as { reason?: string; message?: string };
    reason = status.reason ?? '';
    message = status.message ?? message;
  } catch {
    // not a Status object (a proxy's HTML page, say): keep the text
  }
  return new KubeHttpError(code, reason, `HTTP ${code}${reason ? ` ${reason}` : ''}: ${message}`);
}
