import Link from 'next/link';
import type { SecurityOverviewDto } from '@/server/hardening/hardening.schema';
import { Badge } from '../ui/Badge';
import { Card } from '../ui/Card';
import { Table } from '../ui/Table';

// Misconfigurations per workload from Trivy Operator ConfigAuditReports
// (critical/high/medium/low, like the vulnerability counts per image), worst first.

const workloadHref = (cluster: string, ns: string, kind: string, name: string) => `/clusters/${encodeURIComponent(cluster)}/workloads/${encodeURIComponent(ns)}/${kind}/${encodeURIComponent(name)}`;
/** Rows shown: the worst workloads; the rest are summed up below the table. */
const SHOWN = 15;
const count = (n: number, tone: 'danger' | 'warning' | 'neutral') => (n > 0 ? <Badge tone={tone}>{n}</Badge> : 0);

export function ConfigAudits({ a }: { a: SecurityOverviewDto['configAudit'] }) {
  return (
    <Card title="Misconfigurations (Trivy config audit)" flush>
      {a.reports === 0 ? (
        <p className="muted card-body">No ConfigAuditReports collected: the Trivy Operator writes one per workload (aquasecurity.github.io/v1alpha1) once its config audit scanner is on.</p>
      ) : (
        <>
          <p className="card-body security-np-line">
            <strong>{a.critical}</strong> critical, <strong>{a.high}</strong> high, {a.medium} medium and {a.low} low failed checks in {a.reports} workload reports.
          </p>
          {a.workloads.length > 0 && (
            <Table caption="Workloads with failed configuration checks, worst first" columns={['Workload', 'Critical', 'High', 'Medium', 'Low', 'Worst checks']}>
              {a.workloads.slice(0, SHOWN).map((w) => (
                <tr key={`${w.clusterName}/${w.namespace}/${w.workloadKind}/${w.workloadName}`}>
                  <td className="break">
                    <Link href={workloadHref(w.clusterName, w.namespace, w.workloadKind, w.workloadName)}>{w.workloadName}</Link>
                    <span className="muted">
                      {' '}
                      {w.workloadKind} · {w.clusterName}/{w.namespace}
                    </span>
                  </td>
                  <td>{count(w.critical, 'danger')}</td>
                  <td>{count(w.high, 'warning')}</td>
                  <td>{count(w.medium, 'neutral')}</td>
                  <td>{w.low}</td>
                  <td className="security-checks-cell">
                    {w.failing.slice(0, 3).map((c) => (
                      <div key={c.id}>
                        <span className="mono">{c.id}</span> {c.title} <span className="muted">({c.severity.toLowerCase()})</span>
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </Table>
          )}
          {a.workloads.length > SHOWN && (
            <p className="muted card-body">
              {a.workloads.length - SHOWN} more workload{a.workloads.length - SHOWN === 1 ? '' : 's'} with fewer or milder findings
              {a.workloads.slice(SHOWN).every((w) => w.critical + w.high + w.medium === 0) ? ' (low only)' : ''}.
            </p>
          )}
        </>
      )}
    </Card>
  );
}
