import type { z } from 'zod';

// A validation problem in something a person wrote (an SLO file, a runbook, an
// alert payload), named by the path they wrote
// (`spec.slos[0].sli.events.errorQuery`), never by our internal model's path.
export type FieldIssue = {
  /** 1-based YAML document number in a multi-document file; absent for single documents. */
  document?: number;
  path: string;
  message: string;
};

export type PathSegment = string | number | symbol;

/** ["spec", "slos", 0, "name"] -> "spec.slos[0].name"; `whole` names the empty path. */
export function formatPath(segments: readonly PathSegment[], whole = '(document)'): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out ? `.${String(s)}` : String(s);
  }
  return out || whole;
}

export function formatIssue(issue: FieldIssue): string {
  return `${issue.document ? `document ${issue.document}: ` : ''}${issue.path}: ${issue.message}`;
}

/**
 * Zod issues -> FieldIssues. Zod's wording ("Invalid input: expected string, received
 * undefined") is replaced where a plainer one exists; our own refinements already
 * carry plain messages. `hints` adds advice for a known-but-misplaced key.
 */
export function fromZodIssues(
  issues: readonly z.core.$ZodIssue[],
  base: readonly PathSegment[] = [],
  hints: Record<string, string> = {},
): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const hint = hints[key];
        out.push({ path: formatPath([...path, key]), message: hint ? `unknown key (${hint})` : 'unknown key' });
      }
      continue;
    }
    if (issue.code === 'invalid_key') {
      // A record key failed its own schema (a label name): report the key's reason.
      for (const inner of issue.issues) out.push({ path: formatPath(path), message: plainMessage(inner) });
      continue;
    }
    if (issue.code === 'invalid_union' && issue.errors.length > 0 && issue.message === 'Invalid input') {
      // Every branch of a plain union failed: report the branch that got furthest.
      const best = [...issue.errors].sort((a, b) => a.length - b.length)[0]!;
      out.push(...fromZodIssues(best, path, hints));
      continue;
    }
    out.push({ path: formatPath(path), message: plainMessage(issue) });
  }
  return dedupe(out);
}

function plainMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    const missing = ('input' in issue && issue.input === undefined) || /received undefined$/.test(issue.message);
    if (missing) return 'is required';
    if (!issue.message.startsWith('Invalid input')) return issue.message;
    return `must be ${article(issue.expected)}`;
  }
  if (issue.code === 'invalid_value' && issue.message.startsWith('Invalid')) {
    return `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
  }
  if (issue.code === 'too_small' && issue.origin === 'array') return `must have at least ${String(issue.minimum)} item(s)`;
  if (issue.code === 'too_big' && issue.origin === 'array') return `must have at most ${String(issue.maximum)} item(s)`;
  return issue.message;
}

function article(expected: string): string {
  const word = expected === 'record' ? 'map' : expected;
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

function dedupe(issues: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.document}|${i.path}|${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
