// The HTTP front of the simulator: the Kubernetes REST API (discovery, list/get/
// watch, create/update/patch/delete, status/scale/log subresources), Status errors,
// server-side Table output, bearer-token auth and fault injection. Pure node:http.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { canonicalJson, type Controllers } from './controllers';
import { NodeUsage, isRunningPod, nodeMetrics, podMetrics } from './metrics';
import { handlePrometheus, PROMETHEUS_PREFIX } from './prom-api';
import type { ShopSeries } from './prom-series';
import { jsonPatch, mergePatch, strategicMergePatch } from './patch';
import { isoTime } from './plan';
import type { Prng } from './prng';
import { apiVersionOf, type ResourceDef } from './resources';
import { parseFieldSelector, parseLabelSelector, SelectorError, type FieldSelector, type LabelSelector } from './selectors';
import { keyOf, matchesFilter, objectKey, parseRv, type ClusterStore, type ListResult } from './store';
import { partialObjectMetadata, tableColumns, tableRows, toTable, type IncludeObject } from './table';
import { ApiError, errors, statusObject, type KubeObject } from './types';

export interface Faults {
  /** Fraction (0..1) of API requests answered with 500 InternalError. */
  errorRate: number;
  /** Delay added before every API response. */
  slowMs: number;
  /** End every watch after this many seconds (0 = never). */
  dropWatchEverySeconds: number;
  /** How a dropped watch ends: a clean end of the stream, or a reset connection. */
  dropWatchMode: 'end' | 'destroy';
}

export interface ServerContext {
  store: ClusterStore;
  controllers: Controllers;
  clock: () => number;
  faults: Faults;
  faultPrng: Prng;
  token?: string;
  version: { gitVersion: string; major: string; minor: string };
  bookmarkIntervalMs: number;
  /** Default watch duration when the client gives no timeoutSeconds. */
  defaultWatchSeconds: number;
  /** Watches whose unsent backlog exceeds this many bytes are closed. */
  maxWatchBacklogBytes: number;
  address: () => string;
  log?: (line: string) => void;
  /** Synthetic metrics answered by the Prometheus API under /prometheus (simulator/README.md). */
  metrics?: ShopSeries;
}

const STREAM_THRESHOLD = 2000;

class Query {
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

type Format = 'json' | 'table' | 'partial';

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

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  res.end(text);
}

function sendError(res: ServerResponse, e: ApiError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  send(res, e.code, e.toStatus());
}

async function readBody(req: IncomingMessage, limit = 8 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new ApiError(413, 'RequestEntityTooLarge', 'request entity too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (!text.trim()) throw errors.badRequest('the request body is empty');
  try {
    if (contentType?.includes('yaml')) return parseYaml(text);
    return JSON.parse(text);
  } catch (e) {
    throw errors.badRequest(`the body of the request could not be decoded: ${(e as Error).message}`);
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Route {
  kind: 'root' | 'version' | 'health' | 'api' | 'apis' | 'group' | 'resources' | 'collection' | 'item' | 'notfound' | 'openapi';
  group?: string;
  version?: string;
  def?: ResourceDef;
  namespace?: string;
  name?: string;
  sub?: string;
  watchPath?: boolean;
}

export class ApiHandler {
  private nodeUsage: NodeUsage;
  private readonly podsDef: ResourceDef;
  private readonly nodesDef: ResourceDef;
  private readonly namespacesDef: ResourceDef;
  private watches = new Set<{ stop: (mode: 'end' | 'destroy') => void }>();
  private lastEvent: { object: unknown; type: string; line: string } = { object: undefined, type: '', line: '' };

  constructor(private ctx: ServerContext) {
    const r = ctx.store.registry;
    this.podsDef = r.lookup('', 'v1', 'pods')!;
    this.nodesDef = r.lookup('', 'v1', 'nodes')!;
    this.namespacesDef = r.lookup('', 'v1', 'namespaces')!;
    this.nodeUsage = new NodeUsage(ctx.store, this.podsDef);
  }

  get openWatches(): number {
    return this.watches.size;
  }

  /** Close all open watches (fault injection and shutdown). */
  dropWatches(mode: 'end' | 'destroy' = 'end'): void {
    for (const w of [...this.watches]) w.stop(mode);
  }

  route(pathname: string): Route {
    const seg = pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (seg.length === 0) return { kind: 'root' };
    if (seg[0] === 'version' && seg.length === 1) return { kind: 'version' };
    if ((seg[0] === 'healthz' || seg[0] === 'livez' || seg[0] === 'readyz') && seg.length <= 2) return { kind: 'health' };
    if (seg[0] === 'openapi') return { kind: 'openapi' };
    let group = '';
    let version: string;
    let rest: string[];
    if (seg[0] === 'api') {
      if (seg.length === 1) return { kind: 'api' };
      version = seg[1]!;
      if (version !== 'v1') return { kind: 'notfound' };
      rest = seg.slice(2);
    } else if (seg[0] === 'apis') {
      if (seg.length === 1) return { kind: 'apis' };
      group = seg[1]!;
      if (!this.ctx.store.registry.groups().some((g) => g.group === group)) return { kind: 'notfound' };
      if (seg.length === 2) return { kind: 'group', group };
      version = seg[2]!;
      if (this.ctx.store.registry.inGroupVersion(group, version).length === 0) return { kind: 'notfound' };
      rest = seg.slice(3);
    } else return { kind: 'notfound' };
    if (rest.length === 0) return { kind: 'resources', group, version };
    let watchPath = false;
    if (rest[0] === 'watch') {
      watchPath = true;
      rest = rest.slice(1);
    }
    const lookup = (plural: string) => this.ctx.store.registry.lookup(group, version, plural);
    // /namespaces/{ns}/{plural}[/{name}[/{sub}]]
    if (rest[0] === 'namespaces' && rest.length >= 3 && !(rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize'))) {
      const def = lookup(rest[2]!);
      if (!def || !def.namespaced || rest.length > 5) return { kind: 'notfound' };
      if (rest.length === 3) return { kind: 'collection', def, namespace: rest[1], group, version, watchPath };
      return { kind: 'item', def, namespace: rest[1], name: rest[3], sub: rest[4], group, version, watchPath };
    }
    const def = lookup(rest[0]!);
    if (!def || rest.length > 3) return { kind: 'notfound' };
    if (rest.length === 1) return { kind: 'collection', def, group, version, watchPath };
    if (def.namespaced) return { kind: 'notfound' };
    return { kind: 'item', def, name: rest[1], sub: rest[2], group, version, watchPath };
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = this.route(url.pathname);
    try {
      if (route.kind === 'health') {
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('ok');
        return;
      }
      const f = this.ctx.faults;
      if (f.slowMs > 0) await sleep(f.slowMs);
      if (this.ctx.token !== undefined) {
        const auth = req.headers.authorization ?? '';
        if (auth !== `Bearer ${this.ctx.token}`) throw errors.unauthorized();
      }
      if (this.ctx.metrics && url.pathname.startsWith(`${PROMETHEUS_PREFIX}/`)) {
        // Same bearer token as the cluster, but no Kubernetes fault injection: metrics stay readable during a chaos drill.
        await handlePrometheus(req, res, url, this.ctx.metrics, this.ctx.clock());
        return;
      }
      if (f.errorRate > 0 && this.ctx.faultPrng.next() < f.errorRate) throw errors.internal();
      await this.dispatch(req, res, route, new Query(url.searchParams));
    } catch (e) {
      if (e instanceof ApiError) sendError(res, e);
      else if (e instanceof SelectorError) sendError(res, errors.badRequest(e.message));
      else {
        this.ctx.log?.(`simulator: ${req.method} ${req.url}: ${(e as Error).stack ?? e}`);
        sendError(res, new ApiError(500, 'InternalError', `Internal error occurred: ${(e as Error).message}`));
      }
    } finally {
      this.ctx.log?.(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`);
    }
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse, route: Route, q: Query): Promise<void> {
    const method = req.method ?? 'GET';
    const reg = this.ctx.store.registry;
    switch (route.kind) {
      case 'root':
        return send(res, 200, { paths: ['/api', '/api/v1', '/apis', ...reg.groups().flatMap((g) => [`/apis/${g.group}`, ...g.versions.map((v) => `/apis/${g.group}/${v}`)]), '/healthz', '/livez', '/readyz', '/version'] });
      case 'version':
        return send(res, 200, {
          major: this.ctx.version.major,
          minor: this.ctx.version.minor,
          gitVersion: this.ctx.version.gitVersion,
          gitCommit: 'a5f0b2c3d1e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8',
          gitTreeState: 'clean',
          buildDate: '2024-10-23T00:00:00Z',
          goVersion: 'go1.22.8',
          compiler: 'gc',
          platform: 'linux/amd64',
        });
      case 'openapi':
      case 'notfound':
        throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
      case 'api':
        return send(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: this.ctx.address() }] });
      case 'apis':
        return send(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: reg.groups().map((g) => this.apiGroup(g.group, g.versions)) });
      case 'group': {
        const g = reg.groups().find((x) => x.group === route.group)!;
        return send(res, 200, { kind: 'APIGroup', apiVersion: 'v1', ...this.apiGroup(g.group, g.versions) });
      }
      case 'resources':
        return send(res, 200, this.resourceList(route.group!, route.version!));
      case 'collection':
        if (method === 'GET') return this.getCollection(req, res, route, q);
        if (method === 'POST') return this.create(req, res, route, q);
        if (method === 'DELETE') return this.deleteCollection(req, res, route, q);
        throw errors.methodNotAllowed();
      case 'item':
        return this.item(req, res, route, q);
    }
  }

  private apiGroup(group: string, versions: string[]) {
    const v = versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
    return { name: group, versions: v, preferredVersion: v[0] };
  }

  private resourceList(group: string, version: string) {
    const resources: unknown[] = [];
    for (const r of this.ctx.store.registry.inGroupVersion(group, version)) {
      resources.push({
        name: r.plural,
        singularName: r.singular,
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: r.verbs,
        ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
        ...(r.categories ? { categories: r.categories } : {}),
      });
      for (const sub of r.subresources) {
        if (sub === 'scale') resources.push({ name: `${r.plural}/scale`, singularName: '', namespaced: r.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
        else if (sub === 'log') resources.push({ name: `${r.plural}/log`, singularName: '', namespaced: r.namespaced, kind: 'Pod', verbs: ['get'] });
        else resources.push({ name: `${r.plural}/${sub}`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'patch', 'update'] });
      }
    }
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
  }

  // ---- reads --------------------------------------------------------------------------

  private selectors(def: ResourceDef, q: Query): { label: LabelSelector; field: FieldSelector } {
    return { label: parseLabelSelector(q.get('labelSelector')), field: parseFieldSelector(q.get('fieldSelector'), def.fields ?? []) };
  }

  private async getCollection(req: IncomingMessage, res: ServerResponse, route: Route, q: Query): Promise<void> {
    const def = route.def!;
    const format = negotiate(req.headers.accept);
    const { label, field } = this.selectors(def, q);
    if (route.watchPath || q.bool('watch')) {
      if (def.virtual) throw errors.methodNotAllowed('the server does not allow this method on the requested resource (watch)');
      return this.watch(req, res, def, route.namespace, label, field, q, format);
    }
    let result: ListResult;
    if (def.virtual) result = this.listVirtual(def, route.namespace, label, field, q);
    else {
      result = this.ctx.store.list(def, {
        namespace: route.namespace,
        labelSelector: label,
        fieldSelector: field,
        limit: q.int('limit'),
        continue: q.get('continue'),
        resourceVersion: q.get('resourceVersion'),
        resourceVersionMatch: q.get('resourceVersionMatch'),
      });
    }
    const listMeta: Record<string, unknown> = { resourceVersion: String(result.resourceVersion) };
    if (result.continue) listMeta.continue = result.continue;
    if (result.remainingItemCount !== undefined) listMeta.remainingItemCount = result.remainingItemCount;
    if (format === 'table') {
      const include = (q.get('includeObject') ?? 'Metadata') as IncludeObject;
      return this.sendList(res, { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: listMeta, columnDefinitions: tableColumns(def) }, 'rows', tableRows(def, result.items, this.ctx.clock(), include));
    }
    if (format === 'partial') {
      return this.sendList(res, { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: listMeta }, 'items', result.items.map(partialObjectMetadata));
    }
    return this.sendList(res, { kind: def.listKind, apiVersion: apiVersionOf(def), metadata: listMeta }, 'items', result.items);
  }

  /** Small lists in one write; large ones streamed in chunks with backpressure. */
  private async sendList(res: ServerResponse, head: Record<string, unknown>, field: string, items: unknown[]): Promise<void> {
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

  private listVirtual(def: ResourceDef, namespace: string | undefined, label: LabelSelector, field: FieldSelector, q: Query): ListResult {
    const now = this.ctx.clock();
    const items: KubeObject[] = [];
    if (def.virtual === 'nodeMetrics') {
      const usage = this.nodeUsage.get(now);
      for (const n of this.ctx.store.iterate(this.nodesDef)) {
        if (!label.matches(n.metadata.labels) || !field.matches(n)) continue;
        items.push(nodeMetrics(n, usage, now));
      }
    } else {
      for (const p of this.ctx.store.iterate(this.podsDef, namespace)) {
        if (!isRunningPod(p) || !label.matches(p.metadata.labels) || !field.matches(p)) continue;
        items.push(podMetrics(p, now));
      }
    }
    void q;
    return { items, resourceVersion: this.ctx.store.resourceVersion };
  }

  private getVirtual(def: ResourceDef, namespace: string | undefined, name: string): KubeObject {
    const now = this.ctx.clock();
    if (def.virtual === 'nodeMetrics') {
      const n = this.ctx.store.get(this.nodesDef, undefined, name);
      if (!n) throw errors.notFound(def.group, def.plural, name);
      return nodeMetrics(n, this.nodeUsage.get(now), now);
    }
    const p = this.ctx.store.get(this.podsDef, namespace, name);
    if (!p || !isRunningPod(p)) throw errors.notFound(def.group, def.plural, name);
    return podMetrics(p, now);
  }

  private async item(req: IncomingMessage, res: ServerResponse, route: Route, q: Query): Promise<void> {
    const def = route.def!;
    const name = route.name!;
    const method = req.method ?? 'GET';
    const store = this.ctx.store;
    if (route.watchPath) {
      if (method !== 'GET') throw errors.methodNotAllowed();
      const field = parseFieldSelector(`metadata.name=${name.replace(/([,=\\])/g, '\\$1')}`);
      return this.watch(req, res, def, route.namespace, parseLabelSelector(''), field, q, negotiate(req.headers.accept));
    }
    if (def.virtual) {
      if (method !== 'GET' || route.sub) throw errors.methodNotAllowed();
      return send(res, 200, this.getVirtual(def, route.namespace, name));
    }
    const sub = route.sub;
    if (sub && !def.subresources.includes(sub as 'status')) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    if (sub === 'log') return this.podLog(res, route, q);
    if (sub === 'scale') return this.scale(req, res, route, q);
    switch (method) {
      case 'GET': {
        const obj = store.get(def, route.namespace, name);
        if (!obj) throw errors.notFound(def.group, def.plural, name);
        const format = negotiate(req.headers.accept);
        if (format === 'table') return send(res, 200, toTable(def, [obj], this.ctx.clock(), (q.get('includeObject') ?? 'Metadata') as IncludeObject, { resourceVersion: obj.metadata.resourceVersion }));
        if (format === 'partial') return send(res, 200, partialObjectMetadata(obj));
        return send(res, 200, obj);
      }
      case 'PUT':
        return this.update(req, res, route, q);
      case 'PATCH':
        return this.patch(req, res, route, q);
      case 'DELETE':
        return this.delete(req, res, route, q);
      default:
        throw errors.methodNotAllowed();
    }
  }

  // ---- watch --------------------------------------------------------------------------

  private async watch(
    req: IncomingMessage,
    res: ServerResponse,
    def: ResourceDef,
    namespace: string | undefined,
    label: LabelSelector,
    field: FieldSelector,
    q: Query,
    format: Format,
  ): Promise<void> {
    const store = this.ctx.store;
    const rvParam = q.get('resourceVersion');
    const sendInitial = q.get('sendInitialEvents') === 'true';
    const bookmarks = q.bool('allowWatchBookmarks');
    const timeout = q.int('timeoutSeconds') ?? this.ctx.defaultWatchSeconds;
    const include = (q.get('includeObject') ?? 'Metadata') as IncludeObject;
    const filter = { namespace, labelSelector: label, fieldSelector: field };
    let fromRv: number | undefined;
    if (rvParam && rvParam !== '0' && !sendInitial) fromRv = parseRv(rvParam);
    if (sendInitial && (!bookmarks || q.get('resourceVersionMatch') !== 'NotOlderThan')) {
      throw errors.invalid('ListOptions', '', 'sendInitialEvents requires allowWatchBookmarks=true and resourceVersionMatch=NotOlderThan');
    }

    const queue: string[] = [];
    let queuedBytes = 0;
    let columnsSent = false;
    const serialize = (type: string, obj: unknown) => {
      if (format === 'json') {
        // one event goes to many watchers: serialize it once
        const memo = this.lastEvent;
        if (memo.object === obj && memo.type === type) return memo.line;
        const line = `${JSON.stringify({ type, object: obj })}\n`;
        this.lastEvent = { object: obj, type, line };
        return line;
      }
      let object = obj;
      if (format === 'table' && type !== 'ERROR' && type !== 'BOOKMARK') {
        object = toTable(def, [obj as KubeObject], this.ctx.clock(), include, { resourceVersion: (obj as KubeObject).metadata.resourceVersion }, !columnsSent);
        columnsSent = true;
      } else if (format === 'partial' && type !== 'ERROR' && type !== 'BOOKMARK') object = partialObjectMetadata(obj as KubeObject);
      return `${JSON.stringify({ type, object })}\n`;
    };
    let closed = false;
    let wake: (() => void) | undefined;
    const enqueue = (line: string) => {
      queue.push(line);
      queuedBytes += line.length;
      wake?.();
    };
    const sink = {
      filter,
      push: (type: 'ADDED' | 'MODIFIED' | 'DELETED', object: KubeObject) => {
        if (closed) return;
        enqueue(serialize(type, object));
        if (queuedBytes > this.ctx.maxWatchBacklogBytes) stop('end');
      },
    };

    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    let initial: KubeObject[] = [];
    const sub = fromRv === undefined ? store.watch(def, sink) : store.watch(def, sink, fromRv);
    if (sub === 'expired') {
      res.end(`${JSON.stringify({ type: 'ERROR', object: statusObject(410, 'Expired', `too old resource version: ${fromRv} (${store.compactedResourceVersion})`) })}\n`);
      return;
    }
    if (fromRv === undefined) {
      // current state first ("get state and start at most recent"), consistent with the subscription
      initial = store.list(def, { namespace, labelSelector: label, fieldSelector: field }).items;
    }
    const startRv = store.resourceVersion;
    const timers: NodeJS.Timeout[] = [];
    const entry = { stop: (mode: 'end' | 'destroy') => stop(mode) };
    this.watches.add(entry);
    function stop(mode: 'end' | 'destroy') {
      if (closed) return;
      closed = true;
      if (mode === 'destroy') res.destroy();
      wake?.();
    }
    timers.push(setTimeout(() => stop('end'), timeout * 1000));
    const drop = this.ctx.faults.dropWatchEverySeconds;
    if (drop > 0) timers.push(setTimeout(() => stop(this.ctx.faults.dropWatchMode), drop * 1000));
    if (bookmarks) {
      timers.push(
        setInterval(() => {
          enqueue(`${JSON.stringify({ type: 'BOOKMARK', object: { kind: def.kind, apiVersion: apiVersionOf(def), metadata: { resourceVersion: String(store.resourceVersion) } } })}\n`);
        }, this.ctx.bookmarkIntervalMs),
      );
    }
    req.on('close', () => stop('end'));
    res.on('close', () => stop('end'));

    const write = async (text: string) => {
      if (!res.write(text)) await new Promise<void>((r) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          r();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    };
    try {
      for (let i = 0; i < initial.length && !closed; i += 200) {
        const part = initial.slice(i, i + 200).map((o) => serialize('ADDED', o));
        await write(part.join(''));
      }
      initial = [];
      if (sendInitial && !closed) {
        await write(`${JSON.stringify({ type: 'BOOKMARK', object: { kind: def.kind, apiVersion: apiVersionOf(def), metadata: { resourceVersion: String(startRv), annotations: { 'k8s.io/initial-events-end': 'true' } } } })}\n`);
      }
      while (!closed) {
        if (queue.length === 0) {
          await new Promise<void>((r) => (wake = r));
          wake = undefined;
          continue;
        }
        const text = queue.join('');
        queue.length = 0;
        queuedBytes = 0;
        await write(text);
      }
    } finally {
      if (typeof sub === 'object') sub.cancel();
      for (const t of timers) clearTimeout(t);
      this.watches.delete(entry);
      if (!res.destroyed) res.end();
    }
  }

  // ---- writes -------------------------------------------------------------------------

  private checkNamespace(route: Route): void {
    if (route.namespace !== undefined && !this.ctx.store.get(this.namespacesDef, undefined, route.namespace)) {
      throw new ApiError(404, 'NotFound', `namespaces "${route.namespace}" not found`, { name: route.namespace, kind: 'namespaces' });
    }
  }

  private validate(def: ResourceDef, obj: unknown, route: Route): KubeObject {
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw errors.badRequest('the body of the request was not a JSON object');
    const o = obj as KubeObject;
    o.apiVersion ??= apiVersionOf(def);
    o.kind ??= def.kind;
    if (o.apiVersion !== apiVersionOf(def) || o.kind !== def.kind) {
      throw errors.badRequest(`the API version in the data (${o.apiVersion}) does not match the expected API version (${apiVersionOf(def)}) or kind ${o.kind} != ${def.kind}`);
    }
    o.metadata = { ...(o.metadata ?? {}) } as KubeObject['metadata'];
    if (def.namespaced) {
      if (o.metadata.namespace && route.namespace && o.metadata.namespace !== route.namespace) {
        throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      o.metadata.namespace = route.namespace ?? o.metadata.namespace;
      if (!o.metadata.namespace) throw errors.badRequest('the namespace of the object is not set');
    } else delete o.metadata.namespace;
    return o;
  }

  private async create(req: IncomingMessage, res: ServerResponse, route: Route, q: Query): Promise<void> {
    const def = route.def!;
    if (def.virtual) throw errors.methodNotAllowed();
    if (route.namespace === undefined && def.namespaced) throw errors.methodNotAllowed('the server does not allow this method on the requested resource');
    this.checkNamespace(route);
    const obj = this.validate(def, parseBody(await readBody(req), req.headers['content-type']), route);
    const result = this.createObject(def, obj, q.get('dryRun') === 'All');
    send(res, 201, result);
  }

  createObject(def: ResourceDef, input: KubeObject, dryRun = false): KubeObject {
    const store = this.ctx.store;
    const c = this.ctx.controllers;
    const now = this.ctx.clock();
    const meta = input.metadata;
    if (!meta.name) {
      if (!meta.generateName) throw errors.invalid(def.kind, '', 'metadata.name: Required value: name or generateName is required');
      do meta.name = `${meta.generateName}${c.prng.kubeSuffix(5)}`;
      while (store.get(def, meta.namespace, meta.name));
    }
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(meta.name) || meta.name.length > 253) {
      throw errors.invalid(def.kind, meta.name, `metadata.name: Invalid value: "${meta.name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'`);
    }
    if (store.get(def, meta.namespace, meta.name)) throw errors.alreadyExists(def.group, def.plural, meta.name);
    let obj: KubeObject = {
      ...input,
      metadata: { ...meta, uid: c.prng.uuid(), resourceVersion: '', creationTimestamp: isoTime(now), ...(input.spec !== undefined && def.kind !== 'Pod' ? { generation: 1 } : {}) },
    };
    delete obj.metadata.deletionTimestamp;
    if (def.kind === 'Pod') obj = c.admitPod(obj);
    if (def.kind === 'Namespace') obj = { ...obj, metadata: { ...obj.metadata, labels: { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': meta.name } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
    if (dryRun) return { ...obj, metadata: { ...obj.metadata, resourceVersion: '' } };
    const stored = store.put(obj);
    c.afterWrite(def, stored, undefined);
    return store.get(def, stored.metadata.namespace, stored.metadata.name) ?? stored;
  }

  /** Apply a new version of an existing object (update/patch semantics shared). */
  private commit(def: ResourceDef, current: KubeObject, next: KubeObject, sub: string | undefined, dryRun: boolean): KubeObject {
    const store = this.ctx.store;
    if (next.metadata?.resourceVersion && next.metadata.resourceVersion !== current.metadata.resourceVersion) {
      throw errors.conflict(def.group, def.plural, current.metadata.name);
    }
    if (next.metadata?.name && next.metadata.name !== current.metadata.name) {
      throw errors.badRequest(`the name of the object (${next.metadata.name}) does not match the name on the URL (${current.metadata.name})`);
    }
    let obj: KubeObject;
    if (sub === 'status') {
      obj = { ...current, metadata: { ...current.metadata }, status: next.status };
    } else {
      obj = {
        ...next,
        apiVersion: current.apiVersion,
        kind: current.kind,
        metadata: {
          ...(next.metadata ?? {}),
          name: current.metadata.name,
          ...(current.metadata.namespace !== undefined ? { namespace: current.metadata.namespace } : {}),
          uid: current.metadata.uid,
          creationTimestamp: current.metadata.creationTimestamp,
          resourceVersion: current.metadata.resourceVersion,
          ...(current.metadata.generation !== undefined ? { generation: current.metadata.generation } : {}),
          ...(current.metadata.deletionTimestamp ? { deletionTimestamp: current.metadata.deletionTimestamp } : {}),
        },
      };
      if (def.subresources.includes('status')) obj.status = current.status;
      if (obj.spec !== undefined && current.metadata.generation !== undefined && canonicalJson(obj.spec) !== canonicalJson(current.spec)) {
        obj.metadata.generation = current.metadata.generation + 1;
      }
    }
    if (canonicalJson(obj) === canonicalJson(current)) return current; // no-op writes keep the resourceVersion
    if (dryRun) return obj;
    const stored = store.put(obj);
    this.ctx.controllers.afterWrite(def, stored, current);
    return store.get(def, stored.metadata.namespace, stored.metadata.name) ?? stored;
  }

  private async update(req: IncomingMessage, res: ServerResponse, route: Route, q: Query): Promise<void> {
    const def = route.def!;
    const body = this.validate(def, parseBody(await readBody(req), req.headers['content-type']), route);
    const current = this.ctx.store.get(def, route.namespace, route.name!);
    if (!current) throw errors.notFound(def.group, def.plural, route.name!);
    send(res, 200, this.commit(def, current, body, route.sub, q.get('dryRun') === 'All'));
  }

  private applyPatch(current: unknown, body: string, contentType: string | undefined): unknown {
    const type = (contentType ?? '').split(';')[0]!.trim();
    if (type === 'application/json-patch+json') return jsonPatch(current as never, parseBody(body, 'json'));
    if (type === 'application/merge-patch+json') return mergePatch(current as never, parseBody(body, 'json') as never);
    if (type === 'application/strategic-merge-patch+json') return strategicMergePatch(current as never, parseBody(body, 'json') as never);
    if (type === 'application/apply-patch+yaml' || type === 'application/apply-patch+json') return strategicMergePatch(current as never, parseBody(body, 'yaml') as never);
    throw errors.unsupportedMediaType(type);
  }

  private async patch(req: IncomingMessage, res: ServerResponse, route: Route, q: Query): Promise<void> {
    const def = route.def!;
    const store = this.ctx.store;
    const body = await readBody(req);
    const ctype = req.headers['content-type'];
    const current = store.get(def, route.namespace, route.name!);
    const isApply = (ctype ?? '').startsWith('application/apply-patch');
    if (!current) {
      if (!isApply) throw errors.notFound(def.group, def.plural, route.name!);
      this.checkNamespace(route);
      const obj = this.validate(def, parseBody(body, 'yaml'), route);
      obj.metadata.name ??= route.name!;
      return send(res, 201, this.createObject(def, obj, q.get('dryRun') === 'All'));
    }
    const patched = this.applyPatch(JSON.parse(JSON.stringify(current)), body, ctype) as KubeObject;
    if (!patched || typeof patched !== 'object') throw errors.badRequest('patch result is not an object');
    // a patch without resourceVersion never conflicts
    if (patched.metadata?.resourceVersion === current.metadata.resourceVersion || !patched.metadata?.resourceVersion) {
      patched.metadata = { ...(patched.metadata ?? {}), resourceVersion: current.metadata.resourceVersion } as KubeObject['metadata'];
    }
    send(res, 200, this.commit(def, current, patched, route.sub, q.get('dryRun') === 'All'));
  }

  private async delete(req: IncomingMessage, res: ServerResponse, route: Route, q: Query): Promise<void> {
    const def = route.def!;
    const store = this.ctx.store;
    const current = store.get(def, route.namespace, route.name!);
    if (!current) throw errors.notFound(def.group, def.plural, route.name!);
    let options: { propagationPolicy?: string; gracePeriodSeconds?: number; dryRun?: string[] } = {};
    const text = await readBody(req);
    if (text.trim()) options = parseBody(text, 'json') as typeof options;
    const propagation = (q.get('propagationPolicy') ?? options.propagationPolicy ?? 'Background') as 'Background' | 'Foreground' | 'Orphan';
    const grace = q.int('gracePeriodSeconds') ?? options.gracePeriodSeconds;
    if (q.get('dryRun') === 'All' || options.dryRun?.includes('All')) return send(res, 200, current);
    if (def.kind === 'Namespace') {
      // delete everything in the namespace, then the namespace
      for (const r of store.registry.all) {
        if (!r.namespaced || r.virtual) continue;
        for (const o of store.all(r, current.metadata.name)) this.ctx.controllers.deleteCascade(r, o, 'Background', 0);
      }
    }
    const gone = this.ctx.controllers.deleteCascade(def, current, propagation, grace === undefined ? undefined : Math.min(grace * 1000, 2000));
    send(res, 200, gone ?? current);
  }

  private async deleteCollection(req: IncomingMessage, res: ServerResponse, route: Route, q: Query): Promise<void> {
    const def = route.def!;
    if (def.virtual) throw errors.methodNotAllowed();
    const { label, field } = this.selectors(def, q);
    await readBody(req);
    const victims = this.ctx.store.all(def, route.namespace).filter((o) => matchesFilter({ labelSelector: label, fieldSelector: field }, o));
    const deleted = victims.map((o) => this.ctx.controllers.deleteCascade(def, o) ?? o);
    send(res, 200, { kind: def.listKind, apiVersion: apiVersionOf(def), metadata: { resourceVersion: String(this.ctx.store.resourceVersion) }, items: deleted });
  }

  // ---- subresources -------------------------------------------------------------------

  private scaleObject(obj: KubeObject): Record<string, unknown> {
    const sel = obj.spec?.selector?.matchLabels ?? {};
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion, creationTimestamp: obj.metadata.creationTimestamp },
      spec: { replicas: obj.spec?.replicas ?? 0 },
      status: { replicas: obj.status?.replicas ?? 0, selector: Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(',') },
    };
  }

  private async scale(req: IncomingMessage, res: ServerResponse, route: Route, q: Query): Promise<void> {
    const def = route.def!;
    const store = this.ctx.store;
    const current = store.get(def, route.namespace, route.name!);
    if (!current) throw errors.notFound(def.group, def.plural, route.name!);
    const method = req.method ?? 'GET';
    if (method === 'GET') return send(res, 200, this.scaleObject(current));
    let scale: { metadata?: { resourceVersion?: string }; spec?: { replicas?: number } };
    const body = await readBody(req);
    if (method === 'PUT') scale = parseBody(body, 'json') as typeof scale;
    else if (method === 'PATCH') scale = this.applyPatch(this.scaleObject(current), body, req.headers['content-type']) as typeof scale;
    else throw errors.methodNotAllowed();
    const replicas = scale.spec?.replicas;
    if (typeof replicas !== 'number' || replicas < 0 || !Number.isInteger(replicas)) throw errors.invalid('Scale', route.name!, 'spec.replicas: Invalid value: must be greater than or equal to 0');
    if (scale.metadata?.resourceVersion && scale.metadata.resourceVersion !== current.metadata.resourceVersion) throw errors.conflict(def.group, def.plural, route.name!);
    const next = { ...current, spec: { ...current.spec, replicas }, metadata: { ...current.metadata, resourceVersion: '' } } as KubeObject;
    const stored = this.commit(def, current, next, undefined, q.get('dryRun') === 'All');
    send(res, 200, this.scaleObject(stored));
  }

  private async podLog(res: ServerResponse, route: Route, q: Query): Promise<void> {
    const pod = this.ctx.store.get(this.podsDef, route.namespace, route.name!);
    if (!pod) throw errors.notFound('', 'pods', route.name!);
    const containers = ((pod.spec?.containers ?? []) as { name: string }[]).map((c) => c.name);
    const container = q.get('container') ?? containers[0];
    if (!container || !containers.includes(container)) {
      throw errors.badRequest(`container ${container} is not valid for pod ${route.name}`);
    }
    if (pod.status?.phase === 'Pending') throw errors.badRequest(`container "${container}" in pod "${route.name}" is waiting to start: ContainerCreating`);
    const tail = q.int('tailLines') ?? 40;
    const now = this.ctx.clock();
    const line = (i: number, t: number) => {
      const levels = ['info', 'info', 'info', 'debug', 'warn', 'info', 'error'];
      const level = levels[(i * 7 + route.name!.length) % levels.length];
      const ts = q.bool('timestamps') ? `${new Date(t).toISOString()} ` : '';
      return `${ts}{"level":"${level}","ts":"${new Date(t).toISOString()}","pod":"${route.name}","container":"${container}","msg":"${level === 'error' ? 'request failed: upstream timeout' : 'handled request'}","status":${level === 'error' ? 503 : 200},"duration_ms":${(i * 37) % 250}}\n`;
    };
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
    for (let i = tail; i > 0; i--) res.write(line(i, now - i * 1500));
    if (!q.bool('follow')) {
      res.end();
      return;
    }
    let i = 0;
    const timer = setInterval(() => res.write(line(i++, this.ctx.clock())), 1000);
    const stop = () => {
      clearInterval(timer);
      res.end();
    };
    res.on('close', stop);
    setTimeout(stop, (this.ctx.defaultWatchSeconds || 60) * 1000);
  }
}

export { keyOf, objectKey };
