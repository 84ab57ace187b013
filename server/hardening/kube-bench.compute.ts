import type { KubeBenchControls, KubeBenchFinding, KubeBenchStatus, KubeBenchSummary } from './hardening.schema';

// kube-bench scoring (docs/domains.md, "Security hardening"). The score of a
// run is 100 x PASS / (PASS + FAIL) over every check result: WARN (mostly
// manual checks) and INFO say nothing about the node's configuration, so they
// count in neither. A cluster's score pools the latest run of each node.

const round1 = (n: number) => Math.round(n * 10) / 10;

export function score(pass: number, fail: number): number | null {
  return pass + fail === 0 ? null : round1((100 * pass) / (pass + fail));
}

/** Counts, score and the findings (every check that did not pass) of one run. Uses the results, not kube-bench's totals, which some versions leave out. */
export function summarizeKubeBench(controls: readonly KubeBenchControls[]): KubeBenchSummary {
  const counts: Record<KubeBenchStatus, number> = { PASS: 0, FAIL: 0, WARN: 0, INFO: 0 };
  const findings: KubeBenchFinding[] = [];
  for (const c of controls) {
    for (const group of c.tests ?? []) {
      for (const r of group.results ?? []) {
        counts[r.status]++;
        if (r.status === 'PASS') continue;
        findings.push({ id: r.test_number, section: group.section, text: r.test_desc, status: r.status, scored: r.scored ?? true, nodeType: c.node_type, remediation: (r.remediation ?? '').trim() });
      }
    }
  }
  // FAIL first, then WARN, INFO; by check number within each.
  const rank: Record<KubeBenchStatus, number> = { FAIL: 0, WARN: 1, INFO: 2, PASS: 3 };
  findings.sort((a, b) => rank[a.status] - rank[b.status] || a.id.localeCompare(b.id, 'en', { numeric: true }));
  return {
    benchmark: [...new Set(controls.map((c) => c.version))].join(', '),
    nodeTypes: [...new Set(controls.map((c) => c.node_type))],
    pass: counts.PASS,
    fail: counts.FAIL,
    warn: counts.WARN,
    info: counts.INFO,
    score: score(counts.PASS, counts.FAIL),
    findings,
  };
}

/** A drop worth an alert: at least `threshold` points below the node's previous run. */
const SCORE_DROP_POINTS = 5;
export function scoreDropped(previous: number | null, current: number | null, threshold = SCORE_DROP_POINTS): boolean {
  return previous !== null && current !== null && previous - current >= threshold;
}

/** A cluster's score from the latest run of each node: pooled PASS / (PASS + FAIL). */
export function clusterScore(nodes: readonly { pass: number; fail: number }[]): number | null {
  return score(
    nodes.reduce((s, n) => s + n.pass, 0),
    nodes.reduce((s, n) => s + n.fail, 0),
  );
}

/** The latest run per (cluster, node), from runs in any order. */
export function latestPerNode<T extends { clusterId: string; node: string; runAt: number }>(runs: readonly T[]): T[] {
  const latest = new Map<string, T>();
  for (const r of runs) {
    const key = `${r.clusterId}\u0000${r.node}`;
    const cur = latest.get(key);
    if (!cur || r.runAt > cur.runAt) latest.set(key, r);
  }
  return [...latest.values()];
}

/** Daily cluster scores: for each day with a run, the pooled score of every node's latest run up to the end of that day. */
export function dailyClusterScores(runs: readonly { node: string; runAt: number; pass: number; fail: number }[]): { day: string; score: number }[] {
  const sorted = [...runs].sort((a, b) => a.runAt - b.runAt);
  const state = new Map<string, { pass: number; fail: number }>();
  const out = new Map<string, number>();
  for (const r of sorted) {
    state.set(r.node, { pass: r.pass, fail: r.fail });
    const s = clusterScore([...state.values()]);
    if (s !== null) out.set(new Date(r.runAt).toISOString().slice(0, 10), s);
  }
  return [...out.entries()].map(([day, s]) => ({ day, score: s }));
}
