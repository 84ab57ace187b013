'use client';

import { useState } from 'react';
import { SECTIONS, type SectionKey, type Sections } from '@/server/postmortems/postmortems.schema';
import { formatDateTime } from '../format/time';
import { Markdown } from '../runbooks/Markdown';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';

export type Conflict = { version: number; savedBy: string; savedAt: number | null; conflicts: { key: SectionKey; theirs: string; mine: string }[]; theirs: Sections };

// 409 from the server: someone saved the same section while you edited it.
// Both texts side by side; nothing is saved until every section has a choice.
export function ConflictPanel({ conflict, onResolve }: { conflict: Conflict; onResolve: (r: { version: number; theirs: Sections; keep: Partial<Sections> }) => void }) {
  const [choice, setChoice] = useState<Partial<Record<SectionKey, 'mine' | 'theirs'>>>({});
  const done = conflict.conflicts.every((c) => choice[c.key]);
  const title = (k: SectionKey) => SECTIONS.find((s) => s.key === k)?.title ?? k;
  return (
    <Card title="Conflicting edits" aria-label="Conflicting edits">
      <Alert tone="warning" title={`${conflict.savedBy || 'Someone'} saved version ${conflict.version}${conflict.savedAt ? ` at ${formatDateTime(new Date(conflict.savedAt))}` : ''} while you were editing`}>
        Your changes to the sections below were not saved. Choose which text to keep for each; your other changes are merged with theirs.
      </Alert>
      {conflict.conflicts.map((c) => (
        <section key={c.key} className="stack" aria-label={`Conflict in ${title(c.key)}`}>
          <h3>{title(c.key)}</h3>
          <div className="pm-conflict">
            <div>
              <strong>Theirs (saved)</strong>
              <Markdown text={c.theirs || '_empty_'} />
              <Button size="sm" variant={choice[c.key] === 'theirs' ? 'primary' : 'secondary'} aria-pressed={choice[c.key] === 'theirs'} onClick={() => setChoice({ ...choice, [c.key]: 'theirs' })}>
                Take theirs
              </Button>
            </div>
            <div>
              <strong>Yours (not saved)</strong>
              <Markdown text={c.mine || '_empty_'} />
              <Button size="sm" variant={choice[c.key] === 'mine' ? 'primary' : 'secondary'} aria-pressed={choice[c.key] === 'mine'} onClick={() => setChoice({ ...choice, [c.key]: 'mine' })}>
                Keep mine
              </Button>
            </div>
          </div>
        </section>
      ))}
      <div className="form-actions">
        <Button
          variant="primary"
          disabled={!done}
          onClick={() =>
            onResolve({
              version: conflict.version,
              theirs: conflict.theirs,
              keep: Object.fromEntries(conflict.conflicts.filter((c) => choice[c.key] === 'mine').map((c) => [c.key, c.mine])),
            })
          }
        >
          Apply and save
        </Button>
      </div>
    </Card>
  );
}
