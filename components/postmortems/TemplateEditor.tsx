'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { SECTIONS, type SectionKey, type Sections } from '@/server/postmortems/postmortems.schema';
import { factsOf } from '@/server/postmortems/prefill.compute';
import { renderBody, SAMPLE_INCIDENT, templateIssues } from '@/server/postmortems/template.compute';
import { TEMPLATE_SCOPES, TEMPLATE_SCOPE_LABELS, type TemplateScope } from '@/server/postmortems/template.schema';
import { Markdown } from '../runbooks/Markdown';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsFrom } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { Select } from '../ui/Field';
import { useToast } from '../ui/Toast';
import './postmortems.css';

const SAMPLE = { input: SAMPLE_INCIDENT, facts: factsOf(SAMPLE_INCIDENT) };

// Settings -> Post-mortem template: each section's Markdown with
// {{placeholders}}, previewed live against a sample incident. Unknown
// placeholders are flagged under their section as you type (the server
// refuses them the same way). A new draft starts from the template of its
// severity, else "Every severity", else the built-in one.
export function TemplateEditor() {
  const trpc = useTRPC();
  const client = useQueryClient();
  const toast = useToast();
  const data = useQuery(trpc.postmortems.templates.queryOptions());
  const [scope, setScope] = useState<TemplateScope>('default');
  const [drafts, setDrafts] = useState<Partial<Record<TemplateScope, Sections>>>({});
  const [confirmReset, setConfirmReset] = useState(false);
  const refresh = () => client.invalidateQueries({ queryKey: trpc.postmortems.templates.queryKey() });
  const save = useMutation(trpc.postmortems.saveTemplate.mutationOptions({ onSuccess: (r) => (setDrafts((d) => ({ ...d, [r.scope]: undefined })), toast.show(`Template saved (version ${r.version})`, 'success'), refresh()) }));
  const reset = useMutation(trpc.postmortems.resetTemplate.mutationOptions({ onSuccess: (r) => (setDrafts((d) => ({ ...d, [r.scope]: undefined })), setConfirmReset(false), refresh()) }));

  const stored = data.data?.scopes.find((s) => s.scope === scope);
  // What this scope starts from when nothing is stored: a severity inherits "Every severity", which inherits the built-in one.
  const inherited = data.data ? (scope !== 'default' ? (data.data.scopes.find((s) => s.scope === 'default')?.sections ?? data.data.builtIn) : data.data.builtIn) : null;
  const current = drafts[scope] ?? stored?.sections ?? inherited;
  const issues = useMemo(() => (current ? templateIssues(current) : []), [current]);
  const serverErrors = save.isError ? fieldErrorsFrom(save.error) : {};

  if (data.isPending || !current || !data.data || !stored) return <p className="muted">Loading template…</p>;
  if (data.isError) return <Alert tone="danger">{errorMessage(data.error)}</Alert>;
  const dirty = !!drafts[scope];
  const edit = (key: SectionKey, value: string) => setDrafts((d) => ({ ...d, [scope]: { ...current, [key]: value } }));

  return (
    <div className="stack pm-template">
      <div className="pm-template-bar">
        <Select label="Template for" value={scope} onChange={(e) => (setScope(e.target.value as TemplateScope), setConfirmReset(false))}>
          {TEMPLATE_SCOPES.map((s) => (
            <option key={s} value={s}>
              {TEMPLATE_SCOPE_LABELS[s]}
              {data.data.scopes.find((x) => x.scope === s)?.stored ? ' (customised)' : ''}
            </option>
          ))}
        </Select>
        <p className="muted" data-testid="template-source">
          {stored.stored ? `Customised, version ${stored.version}.` : scope === 'default' ? 'Built-in template (not customised).' : `Not customised: ${scope} drafts use "Every severity".`}
          {dirty && (
            <>
              {' '}
              <Badge tone="warning">unsaved</Badge>
            </>
          )}
        </p>
        <div className="pm-template-actions">
          <Button variant="primary" disabled={issues.length > 0 || !dirty} busy={save.isPending} onClick={() => save.mutate({ scope, baseVersion: stored.version, sections: current })}>
            Save template
          </Button>
          {dirty && <Button onClick={() => setDrafts((d) => ({ ...d, [scope]: undefined }))}>Discard changes</Button>}
          {stored.stored && !confirmReset && <Button variant="ghost" onClick={() => setConfirmReset(true)}>Reset to default</Button>}
          {confirmReset && (
            <span role="group" aria-label="Confirm reset" className="pm-template-actions">
              <Button variant="danger" busy={reset.isPending} onClick={() => reset.mutate({ scope })}>
                Reset {TEMPLATE_SCOPE_LABELS[scope].toLowerCase()}
              </Button>
              <Button variant="ghost" onClick={() => setConfirmReset(false)}>Cancel</Button>
            </span>
          )}
        </div>
      </div>
      {save.isError && !Object.keys(serverErrors).some((k) => k.startsWith('sections.')) && <Alert tone="danger" title="Not saved">{errorMessage(save.error)}</Alert>}
      {issues.length > 0 && (
        <Alert tone="warning" title="Fix the placeholders before saving">
          {issues.length} problem{issues.length === 1 ? '' : 's'}: see the sections marked below.
        </Alert>
      )}
      <details className="card pm-placeholders">
        <summary>Placeholders ({data.data.placeholders.length})</summary>
        <dl>
          {data.data.placeholders.map((p) => (
            <div key={p.name}>
              <dt>
                <code>{`{{${p.name}}}`}</code> {p.kind === 'block' && <Badge>block</Badge>}
              </dt>
              <dd className="muted">{p.description}</dd>
            </div>
          ))}
        </dl>
        <p className="muted">Values are escaped so they cannot add Markdown; a line holding only an empty block is left out.</p>
      </details>
      <Card title="Sections" aria-label="Template sections">
        <p className="muted">Preview: a sample P2 incident (#{SAMPLE_INCIDENT.incident.number}, {SAMPLE_INCIDENT.incident.title}).</p>
        {SECTIONS.map((s) => {
          const body = current[s.key];
          const problem = issues.find((i) => i.section === s.key)?.message ?? serverErrors[`sections.${s.key}`];
          const preview = body.trim() ? renderBody(body, SAMPLE) : '';
          return (
            <section key={s.key} className="pm-section" aria-label={`${s.title} template`}>
              <h2>{s.title}</h2>
              <div className="pm-edit">
                <div>
                  <textarea
                    className={`textarea${problem ? ' is-invalid' : ''}`}
                    aria-label={`${s.title} template`}
                    aria-invalid={problem ? true : undefined}
                    value={body}
                    placeholder="Empty: people write this section."
                    rows={Math.min(14, Math.max(4, body.split('\n').length + 1))}
                    onChange={(e) => edit(s.key, e.target.value)}
                  />
                  {problem && (
                    <p className="field-error" role="alert" data-testid={`template-error-${s.key}`}>
                      {problem}
                    </p>
                  )}
                </div>
                <div className="pm-preview" aria-label={`${s.title} preview`}>
                  {preview ? <Markdown text={preview} /> : <p className="muted">Empty in a new draft</p>}
                </div>
              </div>
            </section>
          );
        })}
      </Card>
    </div>
  );
}
