'use client';

import '../oncall/oncall.css';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { runbookInputSchema } from '@/server/runbooks/runbooks-api.schema';
import { SECTION_HEADINGS, type RunbookSectionKey } from '@/server/runbooks/runbooks.schema';
import { validate } from '../forms/validate';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsFrom, type FieldErrors } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Button, ButtonLink } from '../ui/Button';
import { Card } from '../ui/Card';
import { EmptyState } from '../ui/EmptyState';
import { TextInput, Textarea } from '../ui/Field';
import { Table } from '../ui/Table';
import { Markdown } from './Markdown';
import { When } from '../format/When';

// The runbook library: list (with missing sections), view (rendered safely,
// with what the template still lacks), edit in Markdown with a live preview.

const sectionTitle = (k: string) => SECTION_HEADINGS[k as RunbookSectionKey]?.title ?? k;

const RUNBOOK_TEMPLATE = `# Alert: AlertName

## Summary
What fires and when.

## Impact
Who is affected and how.

## Severity: P2

## Diagnosis Steps

### 1. Triage
\`\`\`bash
kubectl get pods -n NAMESPACE
\`\`\`

## Resolution Steps

### Option A: Rollback
\`\`\`bash
kubectl rollout undo deploy/NAME -n NAMESPACE
\`\`\`

## Escalation
- After 15 min unresolved: page team lead
- After 30 min unresolved: page VP

## Post-Incident
- File post-mortem within 48h
`;

export function RunbookList({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const list = useQuery(trpc.runbooks.list.queryOptions({ search: search || undefined }));
  return (
    <Card title="Runbooks" flush actions={<div className="row">{canManage && <ButtonLink href="/runbooks/new" variant="primary" size="sm">New runbook</ButtonLink>}<ButtonLink href="/runbooks/lint" size="sm">runbook_url lint</ButtonLink></div>}>
      <div className="card-body form-row" role="search" aria-label="Search runbooks">
        <TextInput label="Search" placeholder="Alert name or title" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      {list.isError && <Alert tone="danger">{errorMessage(list.error)}</Alert>}
      {list.data?.length === 0 && (
        <div className="card-body">
          <EmptyState title="No runbooks yet">
            <p>Write one per alert in the runbook template (Summary, Severity, Diagnosis Steps, Resolution Steps, Escalation, Post-Incident): whoever is paged at 3 a.m. then finds the same sections in the same order. Or import a folder of Markdown files: <code>runwell runbooks import DIR --url-base https://…</code>.</p>
          </EmptyState>
        </div>
      )}
      {list.data && list.data.length > 0 && (
        <Table caption="Runbooks" columns={['Runbook', 'Alert', 'Severity', 'Template', 'Source', 'Updated']}>
          {list.data.map((r) => (
            <tr key={r.id}>
              <td>
                <Link href={`/runbooks/${r.id}`}>{r.title}</Link>
                {r.team && <div className="muted">{r.team}</div>}
              </td>
              <td>{r.alertName ?? '—'}</td>
              <td>{r.severity ?? '—'}</td>
              <td>{r.complete ? <Badge tone="success">complete</Badge> : <Badge tone="warning">missing {[...r.missing, ...r.empty].map(sectionTitle).join(', ') || 'title/severity'}</Badge>}</td>
              <td>{r.source}</td>
              <td className="nowrap"><When at={r.updatedAt} /></td>
            </tr>
          ))}
        </Table>
      )}
    </Card>
  );
}

export function RunbookDetail({ id, canManage }: { id: string; canManage: boolean }) {
  const trpc = useTRPC();
  const rb = useQuery(trpc.runbooks.get.queryOptions({ id }));
  const [editing, setEditing] = useState(false);
  if (rb.isPending) return <p className="muted">Loading runbook…</p>;
  if (rb.isError) return <Alert tone="danger">{errorMessage(rb.error)}</Alert>;
  const r = rb.data;
  if (editing) return <RunbookEditor initial={{ id: r.id, slug: r.slug, markdown: r.markdown, url: r.url ?? '' }} onDone={() => setEditing(false)} />;
  const p = r.parsed;
  return (
    <>
      <Card title={r.title} actions={canManage ? <Button size="sm" onClick={() => setEditing(true)}>Edit runbook</Button> : undefined}>
        <p className="muted break">
          {r.alertName ? `Alert ${r.alertName}` : 'No "# Alert:" title'} · severity {p.severity ?? 'not set'} · {r.url ? <a href={r.url} rel="noreferrer noopener" target="_blank">{r.url}</a> : 'no runbook_url'} · {r.source}
        </p>
        {!p.complete && (
          <Alert tone="warning" title="Not yet in the template">
            {p.missing.length > 0 && <div>Missing sections: {p.missing.map(sectionTitle).join(', ')}.</div>}
            {p.empty.length > 0 && <div>Empty sections: {p.empty.map(sectionTitle).join(', ')}.</div>}
            {p.problems.map((x, i) => (
              <div key={i}>{x.line ? `Line ${x.line}: ` : ''}{x.message}</div>
            ))}
          </Alert>
        )}
        <Markdown text={r.markdown} />
      </Card>
    </>
  );
}

export function RunbookEditor({ initial, onDone }: { initial: { id?: string; slug?: string; markdown: string; url: string } | null; onDone?: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const [markdown, setMarkdown] = useState(initial?.markdown ?? RUNBOOK_TEMPLATE);
  const [url, setUrl] = useState(initial?.url ?? '');
  const [slug, setSlug] = useState(initial?.slug ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation(trpc.runbooks.save.mutationOptions());
  async function submit(e: FormEvent) {
    e.preventDefault();
    const checked = validate(runbookInputSchema, { id: initial?.id, slug, markdown, url });
    if (!checked.ok) return setErrors(checked.errors);
    try {
      const r = await save.mutateAsync(checked.data);
      await qc.invalidateQueries({ queryKey: trpc.runbooks.get.queryKey() });
      await qc.invalidateQueries({ queryKey: trpc.runbooks.list.queryKey() });
      if (onDone) onDone();
      else router.push(`/runbooks/${r.id}`);
    } catch (error) {
      setErrors(fieldErrorsFrom(error));
    }
  }
  return (
    <form onSubmit={submit} aria-label="Runbook" noValidate>
      {errors[''] && <Alert tone="danger">{errors['']}</Alert>}
      <div className="form-row">
        <TextInput label="Slug" hint="Empty: from the alert name" value={slug} onChange={(e) => setSlug(e.target.value)} error={errors.slug} />
        <TextInput label="runbook_url" hint="The URL alerts carry in their runbook_url annotation" value={url} onChange={(e) => setUrl(e.target.value)} error={errors.url} />
      </div>
      <div className="grid-2" style={{ display: 'grid', gridTemplateColumns: 'minmax(0,1fr) minmax(0,1fr)', gap: '1rem' }}>
        <Textarea label="Markdown" rows={30} value={markdown} onChange={(e) => setMarkdown(e.target.value)} error={errors.markdown} className="mono" />
        <div>
          <p>
            <strong>Preview</strong>
          </p>
          <Markdown text={markdown} />
        </div>
      </div>
      <div className="row">
        <Button type="submit" variant="primary" busy={save.isPending}>
          Save runbook
        </Button>
        {onDone && (
          <Button variant="ghost" onClick={onDone}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}

export function RunbookLint() {
  const trpc = useTRPC();
  const lint = useQuery(trpc.runbooks.lint.queryOptions());
  if (lint.isPending) return <p className="muted">Checking every alert rule…</p>;
  if (lint.isError) return <Alert tone="danger">{errorMessage(lint.error)}</Alert>;
  const { findings, alertsChecked, sources } = lint.data;
  return (
    <Card title={`${findings.length} alert rule${findings.length === 1 ? '' : 's'} without a usable runbook_url`} flush>
      <p className="card-body muted">
        Checked {alertsChecked} alerting rules: {sources.inventoryRules} PrometheusRule object{sources.inventoryRules === 1 ? '' : 's'} from the clusters&apos; inventory and Runwell&apos;s own SLO rules
        {sources.sloRules ? '' : ' (could not be generated)'}. Every alert should link its runbook: it is the first thing the person paged opens, and an alert without one sends them searching while customers wait.
      </p>
      {findings.length === 0 ? (
        <p className="card-body">Every alert rule has a runbook_url.</p>
      ) : (
        <Table caption="Alert rules without a runbook_url" columns={['Alert', 'Where', 'Problem', 'Fix']}>
          {findings.map((f, i) => (
            <tr key={i}>
              <td>{f.alert}</td>
              <td>
                {f.where}
                <div className="muted mono">
                  {f.group && `group ${f.group}, `}
                  {f.path}
                </div>
              </td>
              <td>
                <Badge tone={f.severity === 'error' ? 'danger' : 'warning'}>{f.problem}</Badge> {f.message}
              </td>
              <td>{f.suggestion ?? 'Write a runbook and add its URL as the runbook_url annotation'}</td>
            </tr>
          ))}
        </Table>
      )}
    </Card>
  );
}
