import { Button } from '@/components/ui/Button';

// Server-side pages: the total comes from the query, pages are fetched one at a time.
export function Pager({ page, pageSize, total, onPage, label }: { page: number; pageSize: number; total: number; onPage: (p: number) => void; label: string }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <nav className="row" aria-label={`${label} pages`} style={{ justifyContent: 'space-between', marginTop: 'var(--space-3)' }}>
      <span className="muted">
        {from.toLocaleString('en-US')}–{to.toLocaleString('en-US')} of {total.toLocaleString('en-US')} {label}
      </span>
      <span className="row">
        <Button size="sm" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          Previous page
        </Button>
        <span className="muted">
          Page {page} of {pages.toLocaleString('en-US')}
        </span>
        <Button size="sm" disabled={page >= pages} onClick={() => onPage(page + 1)}>
          Next page
        </Button>
      </span>
    </nav>
  );
}
