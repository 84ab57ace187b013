import { EXEMPT_ANNOTATION, POLARIS_EXEMPT_PREFIX } from '../lib/kube-conventions';
import { isTrue } from '../lib/kube';
import type { Subject, Workload } from './workload.compute';
import type { ObjectRef, PatternExemption, ReadinessConfig, TimedExemption } from './readiness.schema';

/**
 * Check ids exempted by annotations on the object (or its pod template, which is
 * where Helm charts often let users add annotations):
 *   runwell.io/exempt: "id1, id2"
 *   polaris.fairwinds.com/<id>-exempt: "true"
 *   polaris.fairwinds.com/exempt: "true"   (Polaris' blanket exemption: every check)
 * Returns "all" for the blanket exemption.
 */
export function annotationExemptions(subject: Subject): Set<string> | 'all' {
  const ids = new Set<string>();
  const workload = subject as Partial<Workload>;
  for (const annotations of [subject.annotations, workload.podAnnotations ?? {}]) {
    for (const [key, value] of Object.entries(annotations)) {
      if (key === EXEMPT_ANNOTATION) {
        for (const id of value.split(',')) if (id.trim()) ids.add(id.trim());
      } else if (key.startsWith(POLARIS_EXEMPT_PREFIX) && isTrue(value)) {
        const name = key.slice(POLARIS_EXEMPT_PREFIX.length);
        if (name === 'exempt') return 'all';
        if (name.endsWith('-exempt')) ids.add(name.slice(0, -'-exempt'.length));
      }
    }
  }
  return ids;
}

export function refKey(ref: ObjectRef): string {
  return `${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

/**
 * Index of the time-bound exemptions still in force at `now` (expiresAt is exclusive),
 * keyed by kind/namespace/name, giving the exempted check ids. apiVersion is not part
 * of the key: a kind and name identify a workload well enough, and UI entries may omit it.
 */
export function activeExemptions(exemptions: readonly TimedExemption[], now: Date): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  for (const exemption of exemptions) {
    if (exemption.expiresAt.getTime() <= now.getTime()) continue;
    const key = refKey(exemption.objectRef);
    let ids = index.get(key);
    if (!ids) index.set(key, (ids = new Set()));
    ids.add(exemption.checkId);
  }
  return index;
}

/** The config file's exemptions in the engine's shape. */
export function configExemptions(config: ReadinessConfig): TimedExemption[] {
  return config.exemptions.flatMap((e) =>
    e.checks.map((checkId) => ({
      objectRef: { kind: e.kind, namespace: e.namespace ?? null, name: e.name },
      checkId,
      expiresAt: e.expiresAt,
      ...(e.reason ? { reason: e.reason } : {}),
    })),
  );
}

/**
 * Check ids the config's pattern exemptions grant `subject` ("all" when one of them
 * names no checks), or null when none matches. Names match by prefix, as in Polaris.
 */
export function patternExemptions(rules: readonly PatternExemption[], subject: Subject): Set<string> | 'all' | null {
  let ids: Set<string> | null = null;
  for (const rule of rules) {
    if (rule.containers || !patternMatches(rule, subject)) continue;
    if (!rule.checks) return 'all';
    ids ??= new Set();
    for (const id of rule.checks) ids.add(id);
  }
  return ids;
}

const patternMatches = (rule: PatternExemption, subject: Subject) =>
  (rule.namespace === undefined || rule.namespace === subject.namespace) && (!rule.names || rule.names.some((prefix) => subject.name.startsWith(prefix)));

/** The containers pattern exemptions exempt in this subject, by check id ('*': every check); null when none. */
export function containerExemptions(rules: readonly PatternExemption[], subject: Subject): Map<string, Set<string>> | null {
  let out: Map<string, Set<string>> | null = null;
  for (const rule of rules) {
    if (!rule.containers || !patternMatches(rule, subject)) continue;
    out ??= new Map();
    for (const id of rule.checks ?? ['*']) {
      const names = out.get(id) ?? new Set<string>();
      for (const name of rule.containers) names.add(name);
      out.set(id, names);
    }
  }
  return out;
}
