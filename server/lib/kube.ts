// Defensive readers for Kubernetes objects. Manifests are unvalidated input: a field
// may be missing, null or of the wrong type, and no check may throw because of that.

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

/** Label and annotation values must be strings; YAML turns `true` or `3` into other types. */
export function asStringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(asRecord(value))) {
    if (raw === null || raw === undefined) continue;
    out[key] = typeof raw === 'string' ? raw : String(raw);
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

// ---------------------------------------------------------------- label selectors

export interface SelectorRequirement {
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
