'use client';

import { useEffect, useRef, useState } from 'react';
import { Button } from '../../ui/Button';

type NewTokenSecretProps = { name: string; secret: string; onDone: () => void };

// The secret exists only in this component's props: the server keeps a hash,
// so once this panel is closed nobody can show the token again.
export function NewTokenSecret({ name, secret, onDone }: NewTokenSecretProps) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const valueRef = useRef<HTMLElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  useEffect(() => panelRef.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      // Clipboard API refused (plain http, permissions): select it for Ctrl+C instead.
      const range = document.createRange();
      if (valueRef.current) range.selectNodeContents(valueRef.current);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      setCopied('failed');
    }
  }

  return (
    <div className="alert alert-warning" role="region" aria-label="New API token" tabIndex={-1} ref={panelRef}>
      <p className="alert-title">Copy the token “{name}” now</p>
      <p>This is the only time it is shown. Runwell stores only a hash of it; if you lose it, revoke it and create a new one.</p>
      <div className="secret-box">
        <code className="secret-value" ref={valueRef} data-testid="new-token-secret">
          {secret}
        </code>
        <Button variant="primary" onClick={() => void copy()}>
          Copy token
        </Button>
        <Button onClick={onDone}>Done</Button>
      </div>
      <p role="status" className="muted">
        {copied === 'yes' && 'Copied to the clipboard.'}
        {copied === 'failed' && 'Could not copy automatically; the token is selected, press Ctrl+C (⌘C).'}
      </p>
    </div>
  );
}
