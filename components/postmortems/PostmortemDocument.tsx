'use client';
import { Fragment } from 'react';

import type { OpenPostmortem } from '@/server/postmortems/postmortems.service';
import { ACTION_STATUS_LABELS, SECTIONS, type Sections } from '@/server/postmortems/postmortems.schema';
import { formatDate, formatDateTime } from '../format/time';
import { formatDuration } from '../incidents/format';
import { Markdown } from '../runbooks/Markdown';
import { Table } from '../ui/Table';

// The post-mortem as a reader sees it (and as it prints): every section in the
// template's order, the action items after "where we got lucky", who approved
// and published it. Rendered by the safe Markdown renderer.
export function PostmortemDocument({ data, sections, className }: { data: OpenPostmortem; sections: Sections; className?: string }) {
  const pm = data.postmortem;
  const approvals = pm.reviewers.filter((r) => r.decision === 'approved');
  return (
    <article className={['pm-doc', className].filter(Boolean).join(' ')} aria-label="Post-mortem document">
      <h1 className="print-only">Post-mortem: #{pm.incident.number} {pm.incident.title}</h1>
      <p className="muted">
        {pm.incident.severity} · {pm.incident.services.map((s) => s.name).join(', ') || 'no service'} · owner {pm.owner?.name ?? 'nobody'} · MTTR {formatDuration(data.facts.durations.mttr)}
        {pm.publishedAt && (
          <>
            {' '}
            · published {formatDateTime(new Date(pm.publishedAt))} by {pm.publishedBy?.name ?? '—'}
          </>
        )}
        {approvals.length > 0 && <> · approved by {approvals.map((a) => a.name).join(', ')}</>}
      </p>
      {SECTIONS.map((s) => (
        <Fragment key={s.key}>
          <section aria-label={s.title}>
            <h2>{s.title}</h2>
            {sections[s.key].trim() ? <Markdown text={sections[s.key]} /> : <p className="muted">Not written.</p>}
          </section>
          {/* The Google SRE template puts the action items right after "where we got lucky". */}
          {s.key === 'gotLucky' && <ActionItemsSection items={data.actionItems} />}
        </Fragment>
      ))}
    </article>
  );
}

function ActionItemsSection({ items }: { items: OpenPostmortem['actionItems'] }) {
  return (
    <section aria-label="Action items">
      <h2>Action items</h2>
      {items.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <Table caption="Action items" columns={['Action', 'Type', 'Priority', 'Owner', 'Due', 'Status']}>
          {items.map((a) => (
            <tr key={a.id}>
              <td>{a.trackerUrl ? <a href={a.trackerUrl}>{a.title}</a> : a.title}</td>
              <td>{a.type}</td>
              <td>{a.priority}</td>
              <td>{a.owner?.name ?? '—'}</td>
              <td className="nowrap">{a.dueAt ? formatDate(new Date(a.dueAt)) : '—'}</td>
              <td>
                {ACTION_STATUS_LABELS[a.status]}
                {a.wontDoReason ? `: ${a.wontDoReason}` : ''}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}
