import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { fromZodIssues } from '../lib/issues';
import { parseKubeBench } from './hardening.schema';
import { clusterScore, dailyClusterScores, latestPerNode, score, scoreDropped, summarizeKubeBench } from './kube-bench.compute';

const file = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures/kube-bench-node.json'), 'utf8'));

function issuesOf(input: unknown) {
  try {
    parseKubeBench(input);
  } catch (e) {
    if (e instanceof ZodError) return fromZodIssues(e.issues).map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
}

describe('kube-bench scoring', () => {
  it.each([
    [0, 0, null],
    [10, 0, 100],
    [0, 4, 0],
    [8, 3, 72.7],
    [49, 12, 80.3],
  ])('%i pass, %i fail -> %s', (pass, fail, want) => {
    expect(score(pass, fail)).toBe(want);
  });

  it('reads a worker node run ({Controls, Totals}): WARN counts in neither side, findings FAIL first with remediation', () => {
    const s = summarizeKubeBench(parseKubeBench(file));
    expect(s).toMatchObject({ benchmark: 'cis-1.7', nodeTypes: ['node'], pass: 8, fail: 3, warn: 3, info: 0, score: 72.7 });
    expect(s.findings.map((f) => `${f.status} ${f.id}`)).toEqual(['FAIL 4.1.5', 'FAIL 4.1.9', 'FAIL 4.2.10', 'WARN 4.1.3', 'WARN 4.2.4', 'WARN 4.2.13']);
    expect(s.findings[0]).toMatchObject({ section: '4.1', nodeType: 'node', scored: true, remediation: expect.stringContaining('chmod 600 /etc/kubernetes/kubelet.conf') });
  });

  it('reads the older bare-array output the same way', () => {
    expect(summarizeKubeBench(parseKubeBench(file.Controls))).toMatchObject({ pass: 8, fail: 3, score: 72.7 });
  });

  it('pools a cluster from each node’s latest run and drops count from 5 points', () => {
    const runs = [
      { clusterId: 'c', node: 'a', runAt: 1, pass: 10, fail: 0 },
      { clusterId: 'c', node: 'a', runAt: 3, pass: 8, fail: 2 },
      { clusterId: 'c', node: 'b', runAt: 2, pass: 5, fail: 5 },
    ];
    const latest = latestPerNode(runs);
    expect(latest.map((r) => r.runAt).sort()).toEqual([2, 3]);
    expect(clusterScore(latest)).toBe(65);
    expect([scoreDropped(80, 75), scoreDropped(80, 75.1), scoreDropped(null, 10), scoreDropped(70, 90)]).toEqual([true, false, false, false]);
  });

  it('gives one cluster score per day with a run', () => {
    const day = Date.parse('2026-12-01T00:00:00Z');
    const h = 3_600_000;
    expect(
      dailyClusterScores([
        { node: 'a', runAt: day + h, pass: 10, fail: 0 },
        { node: 'b', runAt: day + 2 * h, pass: 0, fail: 10 },
        { node: 'a', runAt: day + 26 * h, pass: 5, fail: 5 },
      ]),
    ).toEqual([
      { day: '2026-12-01', score: 50 },
      { day: '2026-12-02', score: 25 },
    ]);
  });
});

describe('malformed kube-bench files give field-level errors', () => {
  const broken = (edit: (d: typeof file) => void) => {
    const d = structuredClone(file);
    edit(d);
    return d;
  };
  it.each([
    ['not JSON output at all', 'hello', ['(document): is not kube-bench JSON output: expected {"Controls": [...], "Totals": {...}} or an array of controls (kube-bench run --json)']],
    ['no Controls', { Totals: {} }, ['Controls: must be the list of controls']],
    ['no controls in the array', [], ['(document): must have at least 1 item(s)']],
    ['a bad status', broken((d) => (d.Controls[0].tests[1].results[2].status = 'OK')), ['Controls[0].tests[1].results[2].status: must be PASS, FAIL, WARN or INFO']],
    ['a missing check number', broken((d) => delete d.Controls[0].tests[0].results[0].test_number), ['Controls[0].tests[0].results[0].test_number: must be the check number, e.g. "1.1.1"']],
    ['a missing node type', broken((d) => delete d.Controls[0].node_type), ['Controls[0].node_type: must be the node type (master, node, etcd, controlplane, policies)']],
    ['a negative count', broken((d) => (d.Controls[0].tests[0].pass = -1)), ['Controls[0].tests[0].pass: must be 0 or more']],
  ])('%s', (_name, input, want) => {
    expect(issuesOf(input)).toEqual(want);
  });
});
