'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../trpc/client';
import { errorMessage } from '../../trpc/errors';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { EMPTY_AUDIT_FILTER, toAuditQuery, type AuditFilterForm } from './audit-filter';
import { AuditFilters } from './AuditFilters';
import { AuditTable } from './AuditTable';

const PAGE_SIZE = 50;

export function AuditLog() {
  const trpc = useTRPC();
  const [filter, setFilter] = useState<AuditFilterForm>(EMPTY_AUDIT_FILTER);
  const entries = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { ...toAuditQuery(filter), limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const items = entries.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <Card title="Filters">
        <AuditFilters onApply={setFilter} />
      </Card>
      <Card title="Entries" flush>
        {entries.isPending && <p className="card-body muted">Loading entries…</p>}
        {entries.isError && (
          <div className="card-body">
            <Alert tone="danger" title="The audit log could not be loaded">
              {errorMessage(entries.error)}
            </Alert>
          </div>
        )}
        {entries.isSuccess && items.length === 0 && <p className="card-body muted">No entries match these filters.</p>}
        {items.length > 0 && <AuditTable entries={items} />}
        {entries.isSuccess && items.length > 0 && (
          <div className="card-body row">
            <span className="muted" role="status">
              Showing {items.length} {items.length === 1 ? 'entry' : 'entries'}
              {entries.hasNextPage ? '' : ' (all)'}
            </span>
            {entries.hasNextPage && (
              <Button busy={entries.isFetchingNextPage} onClick={() => void entries.fetchNextPage()}>
                Load more
              </Button>
            )}
          </div>
        )}
      </Card>
    </>
  );
}
