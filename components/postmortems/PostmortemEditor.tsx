'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { SECTIONS, type SectionKey, type Sections } from '@/server/postmortems/postmortems.schema';
import { formatDateTime } from '../format/time';
import { useTRPC } from '../trpc/client';
import { errorCode, errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { ActionItemsPanel } from './ActionItemsPanel';
import { ConflictPanel, type Conflict } from './ConflictPanel';
import { FactsPanel } from './FactsPanel';
import { PostmortemDocument } from './PostmortemDocument';
import { ReviewBar } from './ReviewBar';
import { RevisionHistory } from './RevisionHistory';
import { SectionEditor } from './SectionEditor';
import './postmortems.css';

const AUTOSAVE_MS = 1500;

// The post-mortem page: the editor (Markdown with live preview, autosave,
// optimistic versioning with a conflict view) for writers while it is a draft,
// the document for everyone else and once it is in review or published.
export function PostmortemEditor({ incidentId, perms }: { incidentId: string; perms: { canWrite: boolean; canRespond: boolean; userId: string } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.postmortems.open.queryKey({ incidentId });
  const open = useQuery({ ...trpc.postmortems.open.queryOptions({ incidentId }), refetchOnWindowFocus: false });
  const refresh = useCallback(() => queryClient.invalidateQueries({ queryKey: key }), [queryClient, key]);
  const [base, setBase] = useState<{ version: number; sections: Sections } | null>(null);
  const [pending, setPending] = useState<Partial<Sections>>({});
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const inFlight = useRef<Partial<Sections> | null>(null);
  const save = useMutation(trpc.postmortems.save.mutationOptions());
  const data = open.data;

  // Adopt the server's text when it is newer and nothing local is waiting.
  useEffect(() => {
    if (!data) return;
    const pm = data.postmortem;
    if (!base || (pm.version > base.version && Object.keys(pending).length === 0 && !inFlight.current)) setBase({ version: pm.version, sections: pm.sections });
  }, [data, base, pending]);

  const flush = useCallback(async (): Promise<boolean> => {
    if (!data || !base || conflict || inFlight.current) return !conflict;
    const sent = { ...pending };
    if (Object.keys(sent).length === 0) return true;
    inFlight.current = sent;
    try {
      const r = await save.mutateAsync({ id: data.postmortem.id, baseVersion: base.version, sections: sent });
      setBase({ version: r.version, sections: r.sections });
      // Keep what was typed while the save was on its way.
      setPending((now) => Object.fromEntries(Object.entries(now).filter(([k, v]) => sent[k as SectionKey] !== v)));
      setSavedAt(Date.now());
      return true;
    } catch (error) {
      if (errorCode(error) === 'CONFLICT') {
        const details = (error as { data?: { details?: Conflict } }).data?.details;
        if (details) setConflict(details);
      }
      return false;
    } finally {
      inFlight.current = null;
    }
  }, [data, base, conflict, pending, save]);

  useEffect(() => {
    if (Object.keys(pending).length === 0 || conflict) return;
    const t = setTimeout(() => void flush(), AUTOSAVE_MS);
    return () => clearTimeout(t);
  }, [pending, conflict, flush]);

  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (Object.keys(pending).length) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [pending]);

  if (open.isPending) return <p className="muted">Opening the post-mortem…</p>;
  if (open.isError) {
    return (
      <Alert tone={errorCode(open.error) === 'NOT_FOUND' ? 'info' : 'danger'} title="No post-mortem to show">
        {errorMessage(open.error)}
      </Alert>
    );
  }
  const pm = data!.postmortem;
  const sections = { ...(base?.sections ?? pm.sections), ...pending } as Sections;
  const editing = data!.editable && !!base;
  const dirty = Object.keys(pending).length > 0;

  function resolve(resolution: { version: number; theirs: Sections; keep: Partial<Sections> }) {
    setBase({ version: resolution.version, sections: resolution.theirs });
    // Sections not in conflict stay pending and merge on the next save; conflicting ones take the choice made.
    setPending((now) => {
      const next: Partial<Sections> = { ...now };
      for (const c of conflict?.conflicts ?? []) delete next[c.key];
      return { ...next, ...resolution.keep };
    });
    setConflict(null);
  }

  return (
    <>
      <div className="pm-meta no-print">
        <Badge tone={pm.state === 'published' ? 'success' : pm.state === 'in_review' ? 'info' : 'neutral'}>
          <span data-testid="pm-state">{pm.stateLabel}</span>
        </Badge>
        <span>{pm.incident.severity}</span>
        {pm.dueAt && (
          <span className={pm.overdue ? 'text-danger' : 'muted'}>
            {pm.overdue ? 'Overdue since' : 'Due'} {formatDateTime(new Date(pm.dueAt))}
          </span>
        )}
        {pm.publishedAt && (
          <span className="muted">
            Published {formatDateTime(new Date(pm.publishedAt))} by {pm.publishedBy?.name}
          </span>
        )}
        {editing && (
          <span className="pm-save-state muted" role="status" aria-live="polite" data-testid="pm-save-state">
            {conflict ? 'Not saved: conflict' : save.isPending ? 'Saving…' : dirty ? 'Unsaved changes' : `Saved · version ${base!.version}${savedAt ? ` · ${formatDateTime(new Date(savedAt))}` : ''}`}
          </span>
        )}
        <Button size="sm" variant="ghost" onClick={() => window.print()}>
          Print
        </Button>
        <a className="btn btn-sm btn-ghost" href={`/api/v1/postmortems/${pm.id}?format=markdown`}>
          Markdown
        </a>
      </div>
      {save.isError && errorCode(save.error) !== 'CONFLICT' && (
        <Alert tone="danger" title="Not saved">
          {errorMessage(save.error)}
        </Alert>
      )}
      {conflict && <ConflictPanel conflict={conflict} onResolve={resolve} />}
      {data!.hints.length > 0 && editing && (
        <Alert tone="warning" title="Blameless writing">
          {data!.hints.map((h) => (
            <div key={`${h.section}:${h.sentence}`}>
              {SECTIONS.find((s) => s.key === h.section)?.title}: “{h.sentence}” names {h.name} as a cause. Describe the system and the decision that allowed it, not the person.
            </div>
          ))}
        </Alert>
      )}
      <div className="pm-layout">
        <div className="stack">
          {editing ? (
            <Card title="Document" className="no-print" aria-label="Post-mortem editor">
              <div className="stack">
                {SECTIONS.map((s) => (
                  <SectionEditor key={s.key} section={s} value={sections[s.key]} onChange={(v) => setPending((p) => ({ ...p, [s.key]: v }))} onSaveNow={() => void flush()} />
                ))}
              </div>
            </Card>
          ) : (
            <Card title="Document">
              <PostmortemDocument data={data!} sections={sections} />
            </Card>
          )}
          {editing && <PostmortemDocument data={data!} sections={sections} className="print-only" />}
          <div className="no-print">
            <ActionItemsPanel data={data!} canWrite={perms.canWrite} userId={perms.userId} onChange={refresh} />
          </div>
        </div>
        <aside className="pm-side no-print">
          <ReviewBar data={data!} perms={perms} onChange={refresh} beforeSubmit={flush} />
          <FactsPanel facts={data!.facts} incidentId={incidentId} />
          {data!.revisions.length > 0 && perms.canRespond && <RevisionHistory id={pm.id} revisions={data!.revisions} />}
        </aside>
      </div>
    </>
  );
}
