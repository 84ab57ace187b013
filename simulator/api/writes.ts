// Writes: create (with generateName and admission of Pods), update, the four
// patch types (server-side apply creates), delete with propagation (a namespace
// takes its objects with it) and deletecollection; dry runs answer without storing.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { canonicalJson } from '../canonical-json';
import { jsonPatch, mergePatch, strategicMergePatch } from '../patch';
import { isoTime } from '../plan';
import { apiVersionOf, type ResourceDef } from '../resources';
import { matchesFilter } from '../store-events';
import { ApiError, errors, type KubeObject } from '../types';
import type { ServerContext } from './context';
import { parseBody, readBody, selectorsOf, send, type Query } from './http';
import type { Route } from './routes';

export class Writes {
  private readonly namespacesDef: ResourceDef;

  constructor(private ctx: ServerContext) {
    this.namespacesDef = ctx.store.registry.lookup('', 'v1', 'namespaces')!;
  }

  checkNamespace(route: Route): void {
    if (route.namespace !== undefined && !this.ctx.store.get(this.namespacesDef, undefined, route.namespace)) {
      throw new ApiError(404, 'NotFound', `namespaces "${route.namespace}" not found`, { name: route.namespace, kind: 'namespaces' });
    }
  }

  validate(def: ResourceDef, obj: unknown, route: Route): KubeObject {
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

  async create(req: IncomingMessage, res: ServerResponse, route: Route, q: Query): Promise<void> {
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
  commit(def: ResourceDef, current: KubeObject, next: KubeObject, sub: string | undefined, dryRun: boolean): KubeObject {
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

  async update(req: IncomingMessage, res: ServerResponse, route: Route, q: Query): Promise<void> {
    const def = route.def!;
    const body = this.validate(def, parseBody(await readBody(req), req.headers['content-type']), route);
    const current = this.ctx.store.get(def, route.namespace, route.name!);
    if (!current) throw errors.notFound(def.group, def.plural, route.name!);
    send(res, 200, this.commit(def, current, body, route.sub, q.get('dryRun') === 'All'));
  }

  applyPatch(current: unknown, body: string, contentType: string | undefined): unknown {
    const type = (contentType ?? '').split(';')[0]!.trim();
    if (type === 'application/json-patch+json') return jsonPatch(current as never, parseBody(body, 'json'));
    if (type === 'application/merge-patch+json') return mergePatch(current as never, parseBody(body, 'json') as never);
    if (type === 'application/strategic-merge-patch+json') return strategicMergePatch(current as never, parseBody(body, 'json') as never);
    if (type === 'application/apply-patch+yaml' || type === 'application/apply-patch+json') return strategicMergePatch(current as never, parseBody(body, 'yaml') as never);
    throw errors.unsupportedMediaType(type);
  }

  async patch(req: IncomingMessage, res: ServerResponse, route: Route, q: Query): Promise<void> {
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

  async delete(req: IncomingMessage, res: ServerResponse, route: Route, q: Query): Promise<void> {
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

  async deleteCollection(req: IncomingMessage, res: ServerResponse, route: Route, q: Query): Promise<void> {
    const def = route.def!;
    if (def.virtual) throw errors.methodNotAllowed();
    const { label, field } = selectorsOf(def, q);
    await readBody(req);
    const victims = this.ctx.store.all(def, route.namespace).filter((o) => matchesFilter({ labelSelector: label, fieldSelector: field }, o));
    const deleted = victims.map((o) => this.ctx.controllers.deleteCascade(def, o) ?? o);
    send(res, 200, { kind: def.listKind, apiVersion: apiVersionOf(def), metadata: { resourceVersion: String(this.ctx.store.resourceVersion) }, items: deleted });
  }
}
