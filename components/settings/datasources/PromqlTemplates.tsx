'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { Textarea } from '@/components/ui/Field';
import { useToast } from '@/components/ui/Toast';
import { saveTemplateSchema, type TemplateDto } from '@/server/domains/promql-templates.schema';

// The PromQL the network, storage and performance pages run against one data
// source (docs/domains.md "PromQL templates"): each shipped default can be
// replaced for this data source; an empty query goes back to the default.

function TemplateRow({ dataSourceId, t, canManage }: { dataSourceId: string; t: TemplateDto; canManage: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const [query, setQuery] = useState(t.query);
  const [error, setError] = useState<string | null>(null);
  const save = useMutation(
    trpc.domains.saveTemplate.mutationOptions({
      onSuccess: async () => {
        setError(null);
        toast.show('Template saved');
        await qc.invalidateQueries({ queryKey: trpc.domains.templates.queryKey({ dataSourceId }) });
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );
  const submit = (value: string) => {
    const parsed = saveTemplateSchema.safeParse({ dataSourceId, key: t.key, query: value });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? 'Invalid query');
    save.mutate(parsed.data);
  };
  return (
    <div className="stack">
      <Textarea
        label={
          <>
            {t.label} <span className="muted">({t.unit}; by {t.labels})</span> {t.custom && <Badge tone="info">custom</Badge>}
          </>
        }
        className="mono"
        rows={3}
        value={query}
        readOnly={!canManage}
        error={error}
        onChange={(e) => setQuery(e.target.value)}
      />
      {canManage && (
        <div className="form-actions">
          <Button size="sm" variant="primary" busy={save.isPending} disabled={query.trim() === t.query} onClick={() => submit(query)}>
            Save
          </Button>
          {t.custom && (
            <Button size="sm" onClick={() => { setQuery(t.defaultQuery); submit(''); }}>
              Back to the default
            </Button>
          )}
        </div>
      )}
    </div>
  );
}

export function PromqlTemplates({ dataSourceId, canManage }: { dataSourceId: string; canManage: boolean }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.domains.templates.queryOptions({ dataSourceId }));
  if (q.error) return <Alert tone="danger">{errorMessage(q.error)}</Alert>;
  if (!q.data) return <p className="muted">Loading templates…</p>;
  return (
    <div className="stack">
      <p className="muted">What the Network, Storage and Performance pages ask this Prometheus. <code>$selector</code> is a service&apos;s label matchers (its golden-signal selector).</p>
      {q.data.map((t) => (
        <TemplateRow key={`${t.key}/${t.query}`} dataSourceId={dataSourceId} t={t} canManage={canManage} />
      ))}
    </div>
  );
}
