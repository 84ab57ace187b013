'use client';

import './domains.css';
import Link from 'next/link';
import type { OpsRow } from '@/server/domains/ops-signals.compute';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Table } from '../ui/Table';
import { errorsByMessage } from './source-errors';

// The pieces the Prometheus-fed domain pages (network, storage, performance)
// share: a big figure, the worst-first table with links to the service and
// runbook, and the data sources whose queries failed.

const STATUS_BADGE = { critical: ['danger', 'Critical'], warning: ['warning', 'Warning'], ok: ['success', 'OK'] } as const;

export function StatusBadge({ status }: { status: OpsRow['status'] }) {
  const [tone, label] = STATUS_BADGE[status];
  return <Badge tone={tone}>{label}</Badge>;
}

function RowLinks({ r, runbook }: { r: OpsRow; runbook: { id: string; title: string } | null }) {
  return (
    <span className="domain-links">
      {r.service && <Link href={`/services/${encodeURIComponent(r.service.slug)}`}>Service {r.service.name}</Link>}
      {runbook && <Link href={`/runbooks/${runbook.id}`}>Runbook</Link>}
      {!r.service && !runbook && <span className="muted">—</span>}
    </span>
  );
}

/** One big figure: the worst row of a signal. */
export function OpsPrimary({ title, row, empty, runbook, note }: { title: string; row: OpsRow | null; empty: string; runbook: { id: string; title: string } | null; note?: string }) {
  if (!row) {
    return (
      <div className="domain-primary" aria-label={title}>
        <span className="muted">{title}</span>
        <span className="domain-primary-value">—</span>
        <span className="muted">{empty}</span>
      </div>
    );
  }
  return (
    <div className={`domain-primary is-${row.status}`} aria-label={title}>
      <span className="muted">{title}</span>
      <span className="domain-primary-value">{row.display}</span>
      <span className="domain-primary-what">
        {row.subject} {row.detail && <span className="muted">· {row.detail}</span>}
      </span>
      <span className="muted break">
        {row.dataSource}
        {note ? ` · ${note}` : ''}
      </span>
      <span className="domain-links">
        <StatusBadge status={row.status} />
        <RowLinks r={row} runbook={runbook} />
      </span>
    </div>
  );
}

/** Every measured row, worst first. */
export function OpsTable({ caption, rows, focus, signalLabel, runbookOf }: { caption: string; rows: readonly OpsRow[]; focus?: string; signalLabel: (r: OpsRow) => string; runbookOf: (r: OpsRow) => { id: string; title: string } | null }) {
  return (
    <Table caption={caption} columns={['Value', 'What', 'Links', 'Team']}>
      {rows.map((r) => (
        <tr key={r.id} className={focus === r.id ? 'is-focused' : undefined} data-row={r.id}>
          <td>
            <span className={`domain-days is-${r.status === 'ok' ? '' : r.status}`}>{r.display}</span>
            <div>
              <StatusBadge status={r.status} />
            </div>
          </td>
          <td className="ops-what">
            <strong className="break">{r.subject}</strong>
            <div className="muted break">
              {signalLabel(r)}
              {r.detail ? ` · ${r.detail}` : ''} · {r.dataSource}
            </div>
          </td>
          <td>
            <RowLinks r={r} runbook={r.status === 'ok' ? null : runbookOf(r)} />
          </td>
          <td>{r.team ?? <span className="muted">—</span>}</td>
        </tr>
      ))}
    </Table>
  );
}

/** Queries that failed, per data source: the page still shows what the others answered. */
export function SourceErrors({ sources }: { sources: readonly { dataSourceId: string; dataSource: string; errors: Record<string, string> }[] }) {
  const failing = sources.filter((s) => Object.keys(s.errors).length > 0);
  if (sources.length === 0) {
    return (
      <Alert tone="warning" title="No Prometheus data source">
        These signals are read from Prometheus: add a data source in <Link href="/settings/datasources">Settings &gt; Data sources</Link>.
      </Alert>
    );
  }
  if (failing.length === 0) return null;
  return (
    <Alert tone="warning" title="Some queries failed">
      {failing.map((s) => (
        <div key={s.dataSourceId} className="break">
          <strong>{s.dataSource}</strong>: {errorsByMessage(s.errors)}
        </div>
      ))}
      <div>
        The queries are templates per data source: <Link href="/settings/datasources">Settings &gt; Data sources</Link>.
      </div>
    </Alert>
  );
}
