// HTTP plumbing of the Kubernetes API front: query parameters, Accept-header
// negotiation (JSON, Table, PartialObjectMetadata), request bodies (JSON or
// YAML), JSON answers and Status errors, and large lists streamed with backpressure.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { ResourceDef } from '../resources';
import { parseFieldSelector, parseLabelSelector, type FieldSelector, type LabelSelector } from '../selectors';
import { ApiError, errors } from '../types';

const STREAM_THRESHOLD = 2000;

export class Query {
  constructor(private params: URLSearchParams) {}
  get(name: string): string | undefined {
    const v = this.params.get(name);
    return v === null ? undefined : v;
  }
  bool(name: string): boolean {
    const v = this.params.get(name);
    return v === '' || v === '1' || v === 'true';
  }
  int(name: string): number | undefined {
    const v = this.params.get(name);
    if (v === null || v === '') return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw errors.badRequest(`invalid ${name}: ${v}`);
    return Math.floor(n);
  }
}

export type Format = 'json' | 'table' | 'partial';

/** Pick the response format from the Accept header as the API server negotiates it. */
export function negotiate(accept: string | undefined): Format {
  if (!accept) return 'json';
  for (const part of accept.split(',')) {
    const [type, ...params] = part.split(';').map((s) => s.trim());
    const p: Record<string, string> = {};
    for (const kv of params) {
      const i = kv.indexOf('=');
      if (i > 0) p[kv.slice(0, i)] = kv.slice(i + 1);
    }
    if (type !== 'application/json' && type !== '*/*' && type !== 'application/*') continue;
    if (p.as === 'Table' && p.g === 'meta.k8s.io' && (p.v === 'v1' || p.v === 'v1beta1')) return 'table';
    if ((p.as === 'PartialObjectMetadataList' || p.as === 'PartialObjectMetadata') && p.g === 'meta.k8s.io') return 'partial';
    if (!p.as) return 'json';
  }
  if (/application\/json|\*\/\*/.test(accept)) return 'json';
  throw new ApiError(406, 'NotAcceptable', `only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf`);
}
export function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  res.end(text);
}

export function sendError(res: ServerResponse, e: ApiError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  send(res, e.code, e.toStatus());
}

export async function readBody(req: IncomingMessage, limit = 8 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new ApiError(413, 'RequestEntityTooLarge', 'request entity too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parseBody(text: string, contentType: string | undefined): unknown {
  if (!text.trim()) throw errors.badRequest('the request body is empty');
  try {
    if (contentType?.includes('yaml')) return parseYaml(text);
    return JSON.parse(text);
  } catch (e) {
    throw errors.badRequest(`the body of the request could not be decoded: ${(e as Error).message}`);
  }
}

/** The label and field selectors of a list, watch or deletecollection request. */
export function selectorsOf(def: ResourceDef, q: Query): { label: LabelSelector; field: FieldSelector } {
  return { label: parseLabelSelector(q.get('labelSelector')), field: parseFieldSelector(q.get('fieldSelector'), def.fields ?? []) };
}

/** Small lists in one write; large ones streamed in chunks with backpressure. */
export async function sendList(res: ServerResponse, head: Record<string, unknown>, field: string, items: unknown[]): Promise<void> {
  if (items.length <= STREAM_THRESHOLD) return send(res, 200, { ...head, [field]: items });
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  const headText = JSON.stringify(head);
  let ok = res.write(`${headText.slice(0, -1)},"${field}":[`);
  const batch = 500;
  for (let i = 0; i < items.length; i += batch) {
    const part = items.slice(i, i + batch).map((x) => JSON.stringify(x));
    if (!ok) await new Promise<void>((r) => res.once('drain', r));
    if (res.destroyed) return;
    ok = res.write((i === 0 ? '' : ',') + part.join(','));
  }
  res.end(']}');
}
