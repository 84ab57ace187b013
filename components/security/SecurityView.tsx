'use client';

import './security.css';
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ClusterBenchDto, SecurityOverviewDto } from '@/server/hardening/hardening.schema';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge, type Tone } from '../ui/Badge';
import { Card, Metric } from '../ui/Card';
import { Table } from '../ui/Table';
import { ConfigAudits } from './ConfigAudits';
import { FalcoRates } from './FalcoRates';

// The security page: kube-bench scores (worst cluster and node first) with the
// trend and the failing checks' remediation, vulnerable images from Trivy
// Operator VulnerabilityReports, misconfigurations per workload from its
// ConfigAuditReports, Falco's alert rate per cluster and rule, workloads
// without a NetworkPolicy.

const COLOURS = ['var(--chart-1)', 'var(--chart-2)', 'var(--chart-1-forecast)', 'var(--chart-2-forecast)', 'var(--chart-capacity)'];

function scoreTone(score: number | null): Tone {
  if (score === null) return 'neutral';
  if (score >= 90) return 'success';
  if (score >= 70) return 'warning';
  return 'danger';
}

function Score({ score, previous }: { score: number | null; previous?: number | null }) {
  const delta = score !== null && previous !== null && previous !== undefined ? Math.round((score - previous) * 10) / 10 : null;
  return (
    <span className="nowrap">
      <Badge tone={scoreTone(score)}>{score === null ? 'n/a' : `${score} %`}</Badge>
      {delta !== null && delta !== 0 && <span className={delta < 0 ? 'security-delta-down' : 'security-delta-up'}> {delta > 0 ? `▲ +${delta}` : `▼ ${delta}`}</span>}
    </span>
  );
}

const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '—');
const workloadHref = (cluster: string, ns: string, kind: string, name: string) => `/clusters/${encodeURIComponent(cluster)}/workloads/${encodeURIComponent(ns)}/${kind}/${encodeURIComponent(name)}`;

function BenchTrend({ clusters }: { clusters: ClusterBenchDto[] }) {
  const shown = clusters.filter((c) => c.trend.length > 0).slice(0, COLOURS.length);
  if (shown.length === 0) return null;
  const days = [...new Set(shown.flatMap((c) => c.trend.map((p) => p.day)))].sort();
  const data = days.map((day) => ({ day, ...Object.fromEntries(shown.map((c) => [c.clusterName, c.trend.find((p) => p.day === day)?.score ?? null])) }));
  return (
    <figure aria-label="kube-bench score over time" className="security-trend">
      <div style={{ width: '100%', height: 240 }}>
        <ResponsiveContainer>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="day" tick={{ fontSize: 12, fill: 'var(--text-muted)' }} />
            <YAxis unit=" %" domain={[0, 100]} tick={{ fontSize: 12, fill: 'var(--text-muted)' }} width={48} />
            <Tooltip contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', color: 'var(--text)' }} formatter={(v) => `${v} %`} />
            <Legend />
            {shown.map((c, i) => (
              <Line key={c.clusterId} type="stepAfter" dataKey={c.clusterName} stroke={COLOURS[i]} strokeWidth={2} dot isAnimationActive={false} connectNulls />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="muted">Cluster score (PASS ÷ (PASS + FAIL) over each node’s latest run) on each day a run arrived, last 90 days.</figcaption>
    </figure>
  );
}

function KubeBench({ kb }: { kb: SecurityOverviewDto['kubeBench'] }) {
  if (kb.nodes.length === 0)
    return (
      <Card title="kube-bench">
        <p className="muted">
          No kube-bench results yet. Upload a run’s JSON output: <code>runwell security import kube-bench results.json --cluster NAME --node NODE</code>, or <code>POST /api/v1/security/kube-bench?cluster=NAME&amp;node=NODE</code> with a token of scope <code>security</code> (e.g. from the kube-bench Job).
        </p>
      </Card>
    );
  return (
    <>
      <Card title="kube-bench by cluster" flush>
        <Table caption="kube-bench score per cluster, worst first" columns={['Cluster', 'Score', 'Nodes', 'Failing checks', 'Last run']}>
          {kb.clusters
            .filter((c) => c.nodes > 0)
            .map((c) => (
              <tr key={c.clusterId}>
                <td>
                  <Link href={`/clusters/${encodeURIComponent(c.clusterName)}`}>{c.clusterName}</Link>
                </td>
                <td>
                  <Score score={c.score} />
                </td>
                <td>{c.nodes}</td>
                <td>{c.fail}</td>
                <td className="nowrap">{when(c.lastRunAt)} UTC</td>
              </tr>
            ))}
        </Table>
        <div className="card-body">
          <BenchTrend clusters={kb.clusters} />
        </div>
      </Card>

      <Card title="Nodes, worst first" flush>
        <Table caption="kube-bench score per node" columns={['Node', 'Cluster', 'Score', 'Pass', 'Fail', 'Warn', 'Benchmark', 'Run']}>
          {kb.nodes.map((n) => (
            <tr key={`${n.clusterId}/${n.node}`}>
              <td className="break mono">{n.node}</td>
              <td>{n.clusterName}</td>
              <td>
                <Score score={n.score} previous={n.previousScore} />
              </td>
              <td>{n.pass}</td>
              <td>{n.fail}</td>
              <td>{n.warn}</td>
              <td className="nowrap">
                {n.benchmark} <span className="muted">({n.nodeTypes.join(', ')})</span>
              </td>
              <td className="nowrap">
                {when(n.runAt)} <span className="muted">({n.source})</span>
              </td>
            </tr>
          ))}
        </Table>
      </Card>

      <Card title={`Failing checks (${kb.failing.length})`}>
        {kb.failing.length === 0 ? (
          <p className="muted">Every automated check passes on every node’s latest run.</p>
        ) : (
          <ol className="security-checks" aria-label="Failing kube-bench checks">
            {kb.failing.map((f) => (
              <li key={`${f.nodeType}-${f.id}`} className="security-check">
                <div className="security-check-head">
                  <Badge tone="danger">FAIL</Badge> <strong className="mono">{f.id}</strong> <span>{f.text}</span>
                </div>
                <p className="muted security-check-nodes">
                  {f.nodes.length} node{f.nodes.length === 1 ? '' : 's'} ({f.nodeType}): {f.nodes.slice(0, 4).map((n) => `${n.clusterName}/${n.node}`).join(', ')}
                  {f.nodes.length > 4 ? ` and ${f.nodes.length - 4} more` : ''}
                </p>
                <details>
                  <summary>Remediation</summary>
                  <pre className="security-remediation">{f.remediation || 'kube-bench gives no remediation for this check.'}</pre>
                </details>
              </li>
            ))}
          </ol>
        )}
      </Card>
    </>
  );
}

function Vulnerabilities({ v }: { v: SecurityOverviewDto['vulnerabilities'] }) {
  return (
    <Card title="Vulnerabilities (Trivy Operator)" flush>
      {v.reports === 0 ? (
        <p className="muted card-body">No VulnerabilityReports collected: install the Trivy Operator in the cluster; the collectors read its reports (aquasecurity.github.io/v1alpha1).</p>
      ) : v.images.length === 0 ? (
        <p className="muted card-body">{v.reports} reports, no critical or high vulnerabilities.</p>
      ) : (
        <Table caption="Images with critical or high vulnerabilities, worst first" columns={['Workload', 'Image', 'Critical', 'High', 'Oldest unfixed (fix available)', 'Scanned']}>
          {v.images.map((i) => (
            <tr key={`${i.clusterName}/${i.namespace}/${i.workloadKind}/${i.workloadName}/${i.container}`}>
              <td className="break">
                <Link href={workloadHref(i.clusterName, i.namespace, i.workloadKind, i.workloadName)}>{i.workloadName}</Link>
                <span className="muted">
                  {' '}
                  {i.clusterName}/{i.namespace} · {i.container}
                </span>
              </td>
              <td className="break mono">{i.image}</td>
              <td>{i.critical > 0 ? <Badge tone="danger">{i.critical}</Badge> : 0}</td>
              <td>{i.high > 0 ? <Badge tone="warning">{i.high}</Badge> : 0}</td>
              <td className="break">
                {i.oldestUnfixed ? (
                  <>
                    <span className="mono">{i.oldestUnfixed.id}</span> in {i.oldestUnfixed.resource} → {i.oldestUnfixed.fixedVersion}
                    {i.oldestUnfixed.ageDays !== null && <span className="muted"> ({i.oldestUnfixed.ageDays} days since published)</span>}
                  </>
                ) : (
                  <span className="muted">no fix available</span>
                )}
              </td>
              <td className="nowrap">{when(i.scannedAt)}</td>
            </tr>
          ))}
        </Table>
      )}
    </Card>
  );
}

function NetworkPolicies({ np }: { np: SecurityOverviewDto['networkPolicy'] }) {
  return (
    <Card title="Workloads without a NetworkPolicy" flush>
      {np.workloads === 0 ? (
        <p className="muted card-body">No workloads evaluated yet (readiness runs after a cluster’s first sync).</p>
      ) : (
        <>
          <p className="card-body security-np-line">
            <strong>{np.without}</strong> of {np.workloads} workloads have no NetworkPolicy selecting their pods: any pod in the cluster can reach them.
            {np.byCluster.length > 1 && ` ${np.byCluster.map((c) => `${c.label}: ${c.without}`).join(' · ')}`} <Link href="/readiness">Readiness</Link> has every check.
          </p>
          {np.offenders.length > 0 && (
            <Table caption="Workloads without a NetworkPolicy" columns={['Workload', 'Namespace', 'Cluster', 'Team']}>
              {np.offenders.map((o) => (
                <tr key={`${o.clusterName}/${o.namespace}/${o.kind}/${o.name}`}>
                  <td className="break">
                    <Link href={workloadHref(o.clusterName, o.namespace, o.kind, o.name)}>{o.name}</Link> <span className="muted">{o.kind}</span>
                  </td>
                  <td>{o.namespace}</td>
                  <td>{o.clusterName}</td>
                  <td>{o.teamLabel ?? '—'}</td>
                </tr>
              ))}
            </Table>
          )}
        </>
      )}
    </Card>
  );
}

export function SecurityView() {
  const trpc = useTRPC();
  const query = useQuery(trpc.security.overview.queryOptions());
  if (query.isPending) return <p className="muted">Loading security findings…</p>;
  if (query.isError) return <Alert tone="danger">{errorMessage(query.error)}</Alert>;
  const { kubeBench: kb, vulnerabilities: v, configAudit: audits, falco, networkPolicy: np } = query.data;
  const worst = kb.clusters.find((c) => c.nodes > 0) ?? null;
  const dropped = kb.nodes.filter((n) => n.score !== null && n.previousScore !== null && n.previousScore - n.score >= 5);
  return (
    <>
      <div className="grid security-summary">
        <Card title="kube-bench score">
          <Metric value={worst?.score == null ? '—' : `${worst.score} %`} label={worst ? `${worst.clusterName}, the lowest of ${kb.clusters.filter((c) => c.nodes > 0).length} cluster(s); ${kb.failing.length} failing check(s)` : 'No results uploaded yet'} />
        </Card>
        <Card title="Critical / high">
          <Metric value={`${v.critical} / ${v.high}`} label={v.reports ? `in ${v.images.length} image(s) of ${v.reports} scanned` : 'No Trivy reports collected'} />
        </Card>
        <Card title="Without NetworkPolicy">
          <Metric value={np.without} label={np.workloads ? `of ${np.workloads} workloads` : 'No workloads evaluated yet'} />
        </Card>
      </div>
      {dropped.length > 0 && (
        <Alert tone="warning" title="kube-bench score dropped">
          {dropped.map((n) => `${n.clusterName}/${n.node}: ${n.previousScore} % → ${n.score} %`).join('; ')}. Check the failing checks below and the node’s recent changes.
        </Alert>
      )}
      <KubeBench kb={kb} />
      <Vulnerabilities v={v} />
      <ConfigAudits a={audits} />
      <FalcoRates f={falco} />
      <NetworkPolicies np={np} />
    </>
  );
}
