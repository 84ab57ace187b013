// Where a request path leads: discovery, health, or a resource collection,
// object or subresource of a registered API group/version (legacy /api/v1 too).

import type { ResourceDef, ResourceRegistry } from '../resources';

export interface Route {
  kind: 'root' | 'version' | 'health' | 'api' | 'apis' | 'group' | 'resources' | 'collection' | 'item' | 'notfound' | 'openapi';
  group?: string;
  version?: string;
  def?: ResourceDef;
  namespace?: string;
  name?: string;
  sub?: string;
  watchPath?: boolean;
}

export function routeOf(pathname: string, registry: ResourceRegistry): Route {
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
    if (!registry.groups().some((g) => g.group === group)) return { kind: 'notfound' };
    if (seg.length === 2) return { kind: 'group', group };
    version = seg[2]!;
    if (registry.inGroupVersion(group, version).length === 0) return { kind: 'notfound' };
    rest = seg.slice(3);
  } else return { kind: 'notfound' };
  if (rest.length === 0) return { kind: 'resources', group, version };
  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  const lookup = (plural: string) => registry.lookup(group, version, plural);
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
