// Scenarios: the initial objects of the simulated cluster, given as objects, a
// YAML/JSON file (a list, a `kind: List`, or a multi-document YAML stream), or the
// name of a bundled scenario ("shop").

import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { materialize } from './materialize';
import { isoTime } from './plan';
import { shopPlan } from './plan-shop';
import { Prng } from './prng';
import type { ResourceRegistry } from './resources';
import type { KubeObject } from './types';

export type ScenarioInput = string | unknown[] | { items?: unknown[]; objects?: unknown[] };

export const BUNDLED_SCENARIOS = ['shop'] as const;

export class ScenarioError extends Error {}

function flatten(value: unknown, out: unknown[]): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const v of value) flatten(v, out);
    return;
  }
  if (typeof value !== 'object') throw new ScenarioError(`scenario entries must be objects, got ${typeof value}`);
  const o = value as Record<string, unknown>;
  if (Array.isArray(o.items) && (o.kind === 'List' || (typeof o.kind === 'string' && o.kind.endsWith('List')) || o.kind === undefined)) {
    flatten(o.items, out);
    return;
  }
  if (Array.isArray(o.objects) && o.kind === undefined) {
    flatten(o.objects, out);
    return;
  }
  out.push(o);
}

export function parseScenarioText(text: string, fileName = 'scenario'): unknown[] {
  const out: unknown[] = [];
  if (fileName.endsWith('.json')) {
    flatten(JSON.parse(text), out);
    return out;
  }
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) throw new ScenarioError(`${fileName}: ${doc.errors[0]!.message}`);
    flatten(doc.toJS(), out);
  }
  return out;
}

/**
 * Resolve a scenario to complete objects: missing uid, creationTimestamp and
 * namespace are filled in (deterministically from the seed), namespaces that
 * objects live in are created when the scenario does not declare them.
 */
export function resolveScenario(input: ScenarioInput, registry: ResourceRegistry, seed: string, now: number): KubeObject[] {
  let raw: unknown[];
  if (typeof input === 'string') {
    if ((BUNDLED_SCENARIOS as readonly string[]).includes(input)) return materialize(shopPlan({ seed, now }));
    let text: string;
    try {
      text = readFileSync(input, 'utf8');
    } catch (e) {
      throw new ScenarioError(`cannot read scenario ${input}: ${(e as Error).message}`);
    }
    raw = parseScenarioText(text, input);
  } else {
    raw = [];
    flatten(input, raw);
  }
  const prng = new Prng(seed).fork('scenario');
  const objects: KubeObject[] = [];
  const namespaces = new Set<string>();
  const declared = new Set<string>();
  raw.forEach((r, i) => {
    const o = JSON.parse(JSON.stringify(r)) as KubeObject;
    if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') throw new ScenarioError(`scenario object #${i + 1} has no apiVersion/kind`);
    const def = registry.byApiVersionKind(o.apiVersion, o.kind);
    if (!def || def.virtual) throw new ScenarioError(`scenario object #${i + 1}: the simulator does not serve ${o.apiVersion} ${o.kind}`);
    o.metadata = { ...(o.metadata ?? {}) } as KubeObject['metadata'];
    const m = o.metadata;
    if (!m.name) {
      if (!m.generateName) throw new ScenarioError(`scenario object #${i + 1} (${o.kind}) has no metadata.name`);
      m.name = `${m.generateName}${prng.kubeSuffix(5)}`;
    }
    if (def.namespaced) {
      m.namespace ??= 'default';
      namespaces.add(m.namespace);
    } else delete m.namespace;
    if (o.kind === 'Namespace') declared.add(m.name);
    m.uid ??= prng.uuid();
    m.creationTimestamp ??= isoTime(now);
    m.resourceVersion = '';
    if (o.spec !== undefined && o.kind !== 'Pod' && m.generation === undefined) m.generation = 1;
    objects.push(o);
  });
  for (const ns of namespaces) {
    if (declared.has(ns)) continue;
    objects.unshift({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, uid: prng.uuid(), resourceVersion: '', creationTimestamp: isoTime(now), labels: { 'kubernetes.io/metadata.name': ns } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }
  return objects;
}
