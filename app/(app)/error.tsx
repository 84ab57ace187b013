'use client';

import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';

// Shown instead of a page whose server render failed (database down, bug), so
// the shell and navigation stay usable.
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="page">
      <Alert tone="danger" title="This page could not be loaded">
        <p>
          Runwell hit an error while preparing this page. Try again; if it keeps happening, give an admin this reference:{' '}
          <code>{error.digest ?? 'no reference'}</code>.
        </p>
      </Alert>
      <div>
        <Button variant="primary" onClick={reset}>
          Try again
        </Button>
      </div>
    </div>
  );
}
