'use client';

import ReactMarkdown, { defaultUrlTransform } from 'react-markdown';
import { remarkGfmLite } from './gfm-lite';
import './markdown.css';

// Runbook Markdown rendered safely: react-markdown builds React elements (no
// innerHTML), `skipHtml` drops raw HTML in the source instead of rendering it,
// and the default URL transform turns javascript:/data: links into nothing.
// Links open in a new tab without handing the opener over. Task lists and pipe
// tables come from gfm-lite (GitHub's syntax, which runbooks are written in).
export function Markdown({ text, className }: { text: string; className?: string }) {
  return (
    <div className={['markdown', className].filter(Boolean).join(' ')}>
      <ReactMarkdown
        skipHtml
        remarkPlugins={[remarkGfmLite]}
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
