import { type LabelSelector, selectorMatches } from '../lib/kube';

/** Matches any namespace (ServiceMonitor `namespaceSelector: {any: true}`). */
export const ANY_NAMESPACE = '\u0000any';

interface Entry<T> {
  selector: LabelSelector;
  item: T;
}

interface Bucket<T> {
  /** Entries filed under one "key=value" pair their selector requires. */
  keyed: Map<string, Entry<T>[]>;
  /** Entries whose selector requires no single pair (`{}`, NotIn, Exists...): checked against every lookup. */
  scan: Entry<T>[];
}

/**
 * Answers "which selectors (of PDBs, NetworkPolicies, Services, monitors) select a pod
 * with these labels in this namespace?" without comparing every pod with every
 * selector: a selector is filed under one label pair it requires, and a lookup only
 * visits the pairs the pod actually has. With one PDB per workload that keeps an
 * inventory of 15,000 workloads linear instead of 225 million comparisons.
 */
export class SelectorIndex<T> {
  private readonly buckets = new Map<string, Bucket<T>>();

  add(namespace: string, selector: LabelSelector, item: T): void {
    let bucket = this.buckets.get(namespace);
    if (!bucket) {
      bucket = { keyed: new Map(), scan: [] };
      this.buckets.set(namespace, bucket);
    }
    const entry = { selector, item };
    const key = filingKey(selector);
    if (key === null) {
      bucket.scan.push(entry);
      return;
    }
    const list = bucket.keyed.get(key);
    if (list) list.push(entry);
    else bucket.keyed.set(key, [entry]);
  }

  /** Items whose selector matches `labels`, from `namespace` and from ANY_NAMESPACE. */
  match(namespace: string, labels: Record<string, string>): T[] {
    const out: T[] = [];
    this.collect(this.buckets.get(namespace), labels, out);
    if (namespace !== ANY_NAMESPACE) this.collect(this.buckets.get(ANY_NAMESPACE), labels, out);
    return out;
  }

  private collect(bucket: Bucket<T> | undefined, labels: Record<string, string>, out: T[]): void {
    if (!bucket) return;
    for (const entry of bucket.scan) if (selectorMatches(entry.selector, labels)) out.push(entry.item);
    if (bucket.keyed.size === 0) return;
    // Each entry is filed under exactly one pair and a pod has one value per key,
    // so no entry can be visited twice.
    for (const key in labels) {
      const list = bucket.keyed.get(pairKey(key, labels[key]!));
      if (!list) continue;
      for (const entry of list) if (selectorMatches(entry.selector, labels)) out.push(entry.item);
    }
  }
}

function pairKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

function filingKey(selector: LabelSelector): string | null {
  for (const key in selector.matchLabels) return pairKey(key, selector.matchLabels[key]!);
  for (const requirement of selector.matchExpressions) {
    if (requirement.operator === 'In' && requirement.values.length === 1) {
      return pairKey(requirement.key, requirement.values[0]!);
    }
  }
  return null;
}
