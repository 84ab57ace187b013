// PATCH bodies: JSON Patch (RFC 6902), JSON Merge Patch (RFC 7386) and an
// approximation of Kubernetes strategic merge patch (lists of objects are merged
// by their merge key: name, containerPort, mountPath, ip, type...; `$patch: delete`,
// `$retainKeys` and `$setElementOrder` directives are honoured or ignored safely).

import { errors } from './types';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const out: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

const MERGE_KEYS = ['name', 'containerPort', 'mountPath', 'devicePath', 'ip', 'type', 'port', 'key', 'topologyKey'];

function mergeKeyOf(items: Json[]): string | undefined {
  const objs = items.filter(isObject);
  if (objs.length === 0 || objs.length !== items.length) return undefined;
  return MERGE_KEYS.find((k) => objs.every((o) => k in o));
}

export function strategicMergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch: _ignored, ...rest } = patch;
    return rest;
  }
  if (patch.$patch === 'delete') return null;
  const out: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$setElementOrder/') || k === '$retainKeys' || k.startsWith('$deleteFromPrimitiveList/')) continue;
    if (v === null) {
      delete out[k];
      continue;
    }
    const cur = out[k];
    if (Array.isArray(v) && Array.isArray(cur)) {
      const key = mergeKeyOf([...cur, ...v.filter((x) => !(isObject(x) && x.$patch === 'delete' && Object.keys(x).length <= 2))]) ?? mergeKeyOf(v);
      if (key) {
        const merged = [...cur];
        for (const item of v) {
          if (!isObject(item)) continue;
          const idx = merged.findIndex((m) => isObject(m) && m[key] === item[key]);
          if (item.$patch === 'delete') {
            if (idx >= 0) merged.splice(idx, 1);
          } else if (idx >= 0) merged[idx] = strategicMergePatch(merged[idx], item);
          else merged.push(strategicMergePatch(undefined, item));
        }
        out[k] = merged;
        continue;
      }
      out[k] = v;
      continue;
    }
    out[k] = strategicMergePatch(cur, v);
  }
  return out;
}

function unescapePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

function parsePointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw errors.badRequest(`invalid JSON pointer: ${path}`);
  return path.slice(1).split('/').map(unescapePointer);
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

function getAt(doc: Json, parts: string[]): Json | undefined {
  let cur: Json | undefined = doc;
  for (const p of parts) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (isObject(cur)) cur = cur[p];
    else return undefined;
  }
  return cur;
}

export function jsonPatch(doc: Json, ops: unknown): Json {
  if (!Array.isArray(ops)) throw errors.badRequest('json patch must be an array of operations');
  let root = clone(doc);
  for (const raw of ops) {
    const op = raw as { op: string; path: string; value?: Json; from?: string };
    const parts = parsePointer(op.path);
    const parentOf = (p: string[]) => {
      const parent = getAt(root, p.slice(0, -1));
      if (parent === undefined || parent === null || typeof parent !== 'object') throw errors.invalid('', '', `the server rejected our request due to an error in our request: doc is missing path: "${op.path}"`);
      return parent;
    };
    const last = parts[parts.length - 1]!;
    switch (op.op) {
      case 'add':
      case 'replace': {
        if (parts.length === 0) {
          root = clone(op.value as Json);
          break;
        }
        const parent = parentOf(parts);
        if (Array.isArray(parent)) {
          const i = last === '-' ? parent.length : Number(last);
          if (op.op === 'add') parent.splice(i, 0, clone(op.value as Json));
          else parent[i] = clone(op.value as Json);
        } else {
          if (op.op === 'replace' && !(last in parent)) throw errors.invalid('', '', `replace operation does not apply: doc is missing key: ${op.path}`);
          (parent as Record<string, Json>)[last] = clone(op.value as Json);
        }
        break;
      }
      case 'remove': {
        const parent = parentOf(parts);
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else {
          if (!(last in parent)) throw errors.invalid('', '', `remove operation does not apply: doc is missing path: "${op.path}"`);
          delete (parent as Record<string, Json>)[last];
        }
        break;
      }
      case 'test': {
        if (JSON.stringify(getAt(root, parts)) !== JSON.stringify(op.value)) throw errors.invalid('', '', `testing value ${op.path} failed`);
        break;
      }
      case 'move':
      case 'copy': {
        const fromParts = parsePointer(op.from ?? '');
        const value = clone(getAt(root, fromParts));
        if (value === undefined) throw errors.invalid('', '', `doc is missing from path: ${op.from}`);
        if (op.op === 'move') root = jsonPatch(root, [{ op: 'remove', path: op.from }]);
        root = jsonPatch(root, [{ op: 'add', path: op.path, value }]);
        break;
      }
      default:
        throw errors.badRequest(`Unexpected kind: ${op.op}`);
    }
  }
  return root;
}
