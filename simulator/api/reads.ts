// Reads: lists (JSON, Table or PartialObjectMetadata, paginated, streamed when
// large), single objects, watches handed to WatchStreams, and the virtual
// metrics.k8s.io resources computed from the pods at the time of the request.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { NodeUsage, isRunningPod, nodeMetrics, podMetrics } from '../metrics';
import { apiVersionOf, type ResourceDef } from '../resources';
import { parseFieldSelector, parseLabelSelector, type FieldSelector, type LabelSelector } from '../selectors';
import type { ListResult } from '../store-list';
import { partialObjectMetadata, tableColumns, tableRows, toTable, type IncludeObject } from '../table';
import { errors, type KubeObject } from '../types';
import type { ServerContext } from './context';
import { negotiate, selectorsOf, send, sendList, type Query } from './http';
import type { Route } from './routes';
import type { WatchStreams } from './watch';

export class Reads {
  private nodeUsage: NodeUsage;
  private readonly podsDef: ResourceDef;
  private readonly nodesDef: ResourceDef;

  constructor(
    private ctx: ServerContext,
    private watches: WatchStreams,
  ) {
    const r = ctx.store.registry;
    this.podsDef = r.lookup('', 'v1', 'pods')!;
    this.nodesDef = r.lookup('', 'v1', 'nodes')!;
    this.nodeUsage = new NodeUsage(ctx.store, this.podsDef);
  }

  async getCollection(req: IncomingMessage, res: ServerResponse, route: Route, q: Query): Promise<void> {
    const def = route.def!;
    const format = negotiate(req.headers.accept);
    const { label, field } = selectorsOf(def, q);
    if (route.watchPath || q.bool('watch')) {
      if (def.virtual) throw errors.methodNotAllowed('the server does not allow this method on the requested resource (watch)');
      return this.watches.serve(req, res, def, route.namespace, label, field, q, format);
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
      return sendList(res, { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: listMeta, columnDefinitions: tableColumns(def) }, 'rows', tableRows(def, result.items, this.ctx.clock(), include));
    }
    if (format === 'partial') {
      return sendList(res, { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: listMeta }, 'items', result.items.map(partialObjectMetadata));
    }
    return sendList(res, { kind: def.listKind, apiVersion: apiVersionOf(def), metadata: listMeta }, 'items', result.items);
  }

  /** A watch of one object (/watch/.../{name}). */
  watchItem(req: IncomingMessage, res: ServerResponse, route: Route, q: Query): Promise<void> {
    const field = parseFieldSelector(`metadata.name=${route.name!.replace(/([,=\\])/g, '\\$1')}`);
    return this.watches.serve(req, res, route.def!, route.namespace, parseLabelSelector(''), field, q, negotiate(req.headers.accept));
  }

  /** GET of a virtual (metrics) object. */
  getVirtualItem(res: ServerResponse, route: Route): void {
    send(res, 200, this.getVirtual(route.def!, route.namespace, route.name!));
  }

  /** GET of a stored object. */
  getItem(req: IncomingMessage, res: ServerResponse, route: Route, q: Query): void {
    const def = route.def!;
    const name = route.name!;
    const obj = this.ctx.store.get(def, route.namespace, name);
    if (!obj) throw errors.notFound(def.group, def.plural, name);
    const format = negotiate(req.headers.accept);
    if (format === 'table') return send(res, 200, toTable(def, [obj], this.ctx.clock(), (q.get('includeObject') ?? 'Metadata') as IncludeObject, { resourceVersion: obj.metadata.resourceVersion }));
    if (format === 'partial') return send(res, 200, partialObjectMetadata(obj));
    return send(res, 200, obj);
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
}
