import type { ReactNode } from 'react';

// A caption is required: it names the table for screen readers (and tests);
// `captionHidden` keeps it out of sight when a heading already says the same.
export function Table({ caption, captionHidden = true, children }: { caption: string; captionHidden?: boolean; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        {children}
      </table>
    </div>
  );
}
