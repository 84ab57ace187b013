'use client';

import ReactMarkdown, { defaultUrlTransform } from 'react-markdown';

// Runbook Markdown rendered safely: react-markdown builds React elements (no
// innerHTML), `skipHtml` drops raw HTML in the source instead of rendering it,
// and the default URL transform turns javascript:/data: links into nothing.
// Links open in a new tab without handing the opener over.
export function Markdown({ text, className }: { text: string; className?: string }) {
  return (
    <div className={['markdown', className].filter(Boolean).join(' ')}>
      <ReactMarkdown
        skipHtml
        urlTransform={defaultUrlTransform}
        components={{
          a: ({ href, children }) => (
            <a href={href} rel="noreferrer noopener" target="_blank">
              {children}
            </a>
          ),
          img: ({ alt }) => <span className="muted">[image: {alt}]</span>,
        }}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
}
