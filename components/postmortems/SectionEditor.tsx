'use client';

import { useId } from 'react';
import type { SECTIONS } from '@/server/postmortems/postmortems.schema';
import { Markdown } from '../runbooks/Markdown';

// One section: Markdown on the left, the live preview on the right (stacked
// on a phone). Ctrl+S / Cmd+S saves at once instead of waiting for autosave.
export function SectionEditor({ section, value, onChange, onSaveNow }: { section: (typeof SECTIONS)[number]; value: string; onChange: (v: string) => void; onSaveNow: () => void }) {
  const id = useId();
  return (
    <section className="pm-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{section.title}</h2>
      {section.hint && (
        <p className="muted" id={`${id}-hint`}>
          {section.hint}
        </p>
      )}
      <div className="pm-edit">
        <textarea
          className="textarea"
          aria-label={section.title}
          aria-describedby={section.hint ? `${id}-hint` : undefined}
          value={value}
          rows={Math.min(24, Math.max(6, value.split('\n').length + 1))}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 's' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              onSaveNow();
            }
          }}
        />
        <div className="pm-preview" aria-label={`${section.title} preview`}>
          {value.trim() ? <Markdown text={value} /> : <p className="muted">Preview</p>}
        </div>
      </div>
    </section>
  );
}
