// Discovery documents: the root path list, /version, /api, /apis, /apis/<group>
// and the APIResourceList of a group/version (with its subresources).

import type { ResourceRegistry } from '../resources';
import type { ServerContext } from './context';
import type { Route } from './routes';

/** The document a discovery route answers with; undefined for any other route. */
export function discoveryDocument(route: Route, ctx: ServerContext): unknown {
  const reg = ctx.store.registry;
  switch (route.kind) {
    case 'root':
      return { paths: ['/api', '/api/v1', '/apis', ...reg.groups().flatMap((g) => [`/apis/${g.group}`, ...g.versions.map((v) => `/apis/${g.group}/${v}`)]), '/healthz', '/livez', '/readyz', '/version'] };
    case 'version':
      return {
        major: ctx.version.major,
        minor: ctx.version.minor,
        gitVersion: ctx.version.gitVersion,
        gitCommit: 'a5f0b2c3d1e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8',
        gitTreeState: 'clean',
        buildDate: '2024-10-23T00:00:00Z',
        goVersion: 'go1.22.8',
        compiler: 'gc',
        platform: 'linux/amd64',
      };
    case 'api':
      return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: ctx.address() }] };
    case 'apis':
      return { kind: 'APIGroupList', apiVersion: 'v1', groups: reg.groups().map((g) => apiGroup(g.group, g.versions)) };
    case 'group': {
      const g = reg.groups().find((x) => x.group === route.group)!;
      return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g.group, g.versions) };
    }
    case 'resources':
      return resourceList(reg, route.group!, route.version!);
    default:
      return undefined;
  }
}

function apiGroup(group: string, versions: string[]) {
  const v = versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { name: group, versions: v, preferredVersion: v[0] };
}

function resourceList(registry: ResourceRegistry, group: string, version: string) {
  const resources: unknown[] = [];
  for (const r of registry.inGroupVersion(group, version)) {
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
