'use client';

import { Button } from '@/components/ui/Button';
import { useToast } from '@/components/ui/Toast';

export function CodeBlock({ code, label }: { code: string; label: string }) {
  const toast = useToast();
  return (
    <div className="stack">
      <pre className="mono" aria-label={label} style={{ overflowX: 'auto', padding: '0.75rem', background: 'var(--surface-2, rgba(127,127,127,0.1))', borderRadius: 6, margin: 0 }}>
        <code>{code}</code>
      </pre>
      <div>
        <Button
          size="sm"
          onClick={() => {
            void navigator.clipboard
              .writeText(code)
              .then(() => toast.show('Fix copied', 'success'))
              .catch(() => toast.show('Could not copy: select the text instead', 'danger'));
          }}
        >
          Copy fix
        </Button>
      </div>
    </div>
  );
}
