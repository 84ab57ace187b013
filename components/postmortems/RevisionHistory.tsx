'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { SECTIONS } from '@/server/postmortems/postmortems.schema';
import { formatDateTime } from '../format/time';
import { useTRPC } from '../trpc/client';
import { Card } from '../ui/Card';

// Every saved version, newest first; opening one shows its text per section.
export function RevisionHistory({ id, revisions }: { id: string; revisions: { version: number; authorLabel: string; at: number }[] }) {
  const trpc = useTRPC();
  const [version, setVersion] = useState<number | null>(null);
  const rev = useQuery({ ...trpc.postmortems.revision.queryOptions({ id, version: version ?? 1 }), enabled: version !== null });
  return (
    <Card title={`History (${revisions.length})`} aria-label="Revision history">
      <ol className="stack" style={{ paddingLeft: '1.2rem', margin: 0 }}>
        {revisions.map((r) => (
          <li key={r.version}>
            <button type="button" className="btn btn-ghost btn-sm" aria-expanded={version === r.version} onClick={() => setVersion(version === r.version ? null : r.version)}>
              v{r.version}
            </button>{' '}
            {r.authorLabel || '—'} · {formatDateTime(new Date(r.at))}
            {version === r.version && rev.data && (
              <div className="pm-preview" style={{ minHeight: 0 }}>
                {SECTIONS.filter((s) => rev.data.sections[s.key].trim()).map((s) => (
                  <details key={s.key}>
                    <summary>{s.title}</summary>
                    <pre style={{ whiteSpace: 'pre-wrap' }}>{rev.data.sections[s.key]}</pre>
                  </details>
                ))}
              </div>
            )}
          </li>
        ))}
      </ol>
    </Card>
  );
}
