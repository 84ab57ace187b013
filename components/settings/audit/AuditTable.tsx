'use client';

import Link from 'next/link';
import { Fragment, useState } from 'react';
import { auditTargetHref, targetTypeLabel } from '@/server/audit/audit-target.compute';
import type { AuditEntryDto } from '@/server/audit/audit.schema';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { HiddenHeader, Table } from '../../ui/Table';
import { When } from '@/components/format/When';

const COLUMNS = 5;

function json(value: unknown): string {
  return value === null || value === undefined ? '(nothing recorded)' : JSON.stringify(value, null, 2);
}

/** The target's name linked to its page (the id on hover); the id itself when it has no name or was deleted. */
function AuditTarget({ entry }: { entry: AuditEntryDto }) {
  const type = targetTypeLabel(entry.targetType);
  if (!entry.targetId) return <>{type}</>;
  const href = entry.targetName ? auditTargetHref(entry.targetType, entry.targetId, entry.targetName) : null;
  return (
    <>
      <span className="muted">{type}</span>
      <div className="break">
        {entry.targetName ? (
          href ? (
            <Link href={href} title={`${type} ${entry.targetId}`}>
              {entry.targetName}
            </Link>
          ) : (
            <span title={`${type} ${entry.targetId}`}>{entry.targetName}</span>
          )
        ) : (
          <span className="mono" title="No current name: deleted, or a target without one">
            {entry.targetId}
          </span>
        )}
      </div>
    </>
  );
}

export function AuditTable({ entries }: { entries: AuditEntryDto[] }) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <Table caption="Audit log entries" columns={['Time', 'Actor', 'Action', 'Target', { label: <HiddenHeader>Details</HiddenHeader>, className: 'actions' }]}>
      {entries.map((entry) => {
        const expanded = open.has(entry.id);
        const detailsId = `audit-details-${entry.id}`;
        const hasDetails = entry.before != null || entry.after != null || entry.requestId != null;
        return (
          <Fragment key={entry.id}>
            <tr>
              <td className="nowrap">
                <When at={entry.at} mode="absolute" />
              </td>
              <td>
                {entry.actorLabel} {entry.actorType !== 'user' && <Badge>{entry.actorType}</Badge>}
              </td>
              <td>
                <code>{entry.action}</code>
              </td>
              <td>
                <AuditTarget entry={entry} />
              </td>
              <td className="actions">
                {hasDetails && (
                  <Button size="sm" aria-expanded={expanded} aria-controls={detailsId} onClick={() => toggle(entry.id)}>
                    {expanded ? 'Hide details' : 'Show details'}
                  </Button>
                )}
              </td>
            </tr>
            {expanded && (
              <tr className="table-detail" id={detailsId}>
                <td colSpan={COLUMNS}>
                  <div className="json-grid">
                    <div className="stack">
                      <h3>Before</h3>
                      <pre className="json">{json(entry.before)}</pre>
                    </div>
                    <div className="stack">
                      <h3>After</h3>
                      <pre className="json">{json(entry.after)}</pre>
                    </div>
                  </div>
                  {entry.requestId && <p className="muted">Request ID: <code>{entry.requestId}</code></p>}
                </td>
              </tr>
            )}
          </Fragment>
        );
      })}
    </Table>
  );
}
