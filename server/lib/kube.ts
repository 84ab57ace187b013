// Defensive readers for Kubernetes objects, the one copy every domain uses
// (readiness on manifests and on the live inventory, the inventory collector and
// pages). Manifests are unvalidated input: a field may be missing, null or of the
// wrong type, and no reader may throw because of that.

import { SERVICE_MAP_KEYS } from './kube-conventions';

export type Json = Record<string, unknown>;

export function asRecord(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Labels and annotations, one semantics for `runwell check` and the live
 * evaluation alike. Their values must be strings, but YAML turns `app: 3` or
 * `enabled: true` into a number or a boolean: those are read as the text the
 * author wrote ("3", "true"), as Helm's and kustomize's quoting would. null,
 * objects and arrays are not label values and are dropped. (Objects from the
 * API server only ever hold strings, so the live side reads them unchanged.)
 */
export function asStringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(asRecord(value))) {
    if (typeof raw === 'string') out[key] = raw;
    else if (typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint') out[key] = String(raw);
  }
  return out;
}

/** An integer field written as 3 or "3"; undefined when absent or not a number. */
export function asInt(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number.parseInt(value, 10);
  return undefined;
}

export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

export function isFalse(value: unknown): boolean {
  return value === false || value === 'false';
}

/** "apps/v1" -> "apps", "v1" -> "" (the core group). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

// ---------------------------------------------------------------- pod templates and owners

/** The shape every reader below accepts: a Kubernetes object, or a stored row rebuilt as one. */
export type KubeObjectLike = { kind: string; metadata?: unknown; spec?: unknown };

/** Kinds whose pods come from `spec.template`. */
export const POD_TEMPLATE_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'] as const;

/**
 * The pod template of a workload: `spec.template`, a CronJob's
 * `spec.jobTemplate.spec.template`, a Pod's own metadata and spec. Null for
 * kinds that run no pods.
 */
export function podTemplateOf(object: KubeObjectLike): Json | null {
  const spec = asRecord(object.spec);
  switch (object.kind) {
    case 'Pod':
      return { metadata: object.metadata, spec: object.spec };
    case 'CronJob':
      return asRecord(asRecord(asRecord(spec.jobTemplate).spec).template);
    default:
      return (POD_TEMPLATE_KINDS as readonly string[]).includes(object.kind) ? asRecord(spec.template) : null;
  }
}

/** The pod template's labels and annotations (empty maps when there is none). */
function podTemplateMeta(object: KubeObjectLike): { labels: Record<string, string>; annotations: Record<string, string> } {
  const meta = asRecord(podTemplateOf(object)?.metadata);
  return { labels: asStringMap(meta.labels), annotations: asStringMap(meta.annotations) };
}

export type OwnerRef = { kind: string | null; name: string | null; uid: string | null; controller: boolean };

/** The owner that counts: the controlling ownerReference, else the first one; null when none. */
export function ownerOf(metadata: unknown): OwnerRef | null {
  const owners = asArray(asRecord(metadata).ownerReferences).filter((r) => Object.keys(asRecord(r)).length > 0).map(asRecord);
  const owner = owners.find((r) => r.controller === true) ?? owners[0];
  if (!owner) return null;
  return { kind: asString(owner.kind) ?? null, name: asString(owner.name) ?? null, uid: asString(owner.uid) ?? null, controller: owner.controller === true };
}

/** Pods of a ReplicaSet, ReplicaSets of a Deployment, Jobs of a CronJob: a controller owns them. */
export function isControlled(object: { metadata?: unknown }): boolean {
  return ownerOf(object.metadata)?.controller === true;
}

/**
 * The catalog service a workload belongs to: the first of SERVICE_MAP_KEYS found
 * on the workload's labels, its annotations, then its pod template's labels and
 * annotations. The value is matched against catalog Service slugs.
 */
export function serviceKeyOf(object: KubeObjectLike): string | null {
  const meta = asRecord(object.metadata);
  const pod = podTemplateMeta(object);
  const sources = [asStringMap(meta.labels), asStringMap(meta.annotations), pod.labels, pod.annotations];
  for (const key of SERVICE_MAP_KEYS) {
    for (const source of sources) {
      const value = source[key];
      if (value) return value;
    }
  }
  return null;
}

// ---------------------------------------------------------------- label selectors

interface SelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

/** A normalised metav1.LabelSelector: every requirement must hold. */
export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: SelectorRequirement[];
}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/**
 * metav1.LabelSelector -> LabelSelector. A missing (null) selector selects nothing and
 * returns null; `{}` selects everything. An unknown operator makes the whole selector
 * select nothing, as the API server would reject it.
 */
export function toLabelSelector(value: unknown): LabelSelector | null {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) return null;
  const raw = value as Json;
  const matchExpressions: SelectorRequirement[] = [];
  for (const expression of asArray(raw.matchExpressions)) {
    const e = asRecord(expression);
    const key = asString(e.key);
    const operator = asString(e.operator);
    if (!key || !operator || !OPERATORS.has(operator)) return null;
    matchExpressions.push({
      key,
      operator: operator as SelectorRequirement['operator'],
      values: asArray(e.values).map((v) => String(v)),
    });
  }
  return { matchLabels: asStringMap(raw.matchLabels), matchExpressions };
}

/** A Service's `spec.selector` (a plain map); empty or absent selects nothing. */
export function toMapSelector(value: unknown): LabelSelector | null {
  const matchLabels = asStringMap(value);
  return Object.keys(matchLabels).length === 0 ? null : { matchLabels, matchExpressions: [] };
}

export function selectorMatches(selector: LabelSelector, labels: Record<string, string>): boolean {
  for (const key in selector.matchLabels) {
    if (labels[key] !== selector.matchLabels[key]) return false;
  }
  for (const { key, operator, values } of selector.matchExpressions) {
    const has = Object.hasOwn(labels, key);
    switch (operator) {
      case 'In':
        if (!has || !values.includes(labels[key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

// ---------------------------------------------------------------- images

export interface ImageRef {
  /** Registry host, "docker.io" when the reference names none. */
  registry: string;
  /** Repository path without registry, e.g. "library/nginx". */
  repository: string;
  tag?: string;
  digest?: string;
}

/**
 * Splits an image reference the way container runtimes do: the first path component is
 * a registry only when it contains "." or ":" or is "localhost"; a tag follows the last
 * ":" of the last path component; a digest follows "@".
 */
export function parseImage(image: string): ImageRef {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const firstSlash = rest.indexOf('/');
  const first = firstSlash < 0 ? '' : rest.slice(0, firstSlash);
  let registry = 'docker.io';
  let repository = rest;
  if (first && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first;
    repository = rest.slice(firstSlash + 1);
  }
  if (registry === 'docker.io' && !repository.includes('/')) repository = `library/${repository}`;
  return { registry, repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}
