'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { errorMessage } from '@/components/trpc/errors';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';

type ConfirmDeleteProps = {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  onDone: () => void;
  onCancel: () => void;
};

// Deletion is confirmed in a dialog; a refusal (e.g. a team that still owns
// services) is shown in place so the person learns what to do first.
export function ConfirmDelete({ title, children, confirmLabel, onConfirm, onDone, onCancel }: ConfirmDeleteProps) {
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: onConfirm,
    onSuccess: onDone,
    onError: (e) => setError(errorMessage(e)),
  });
  return (
    <Dialog open onClose={onCancel} title={title}>
      <div className="stack">
        {children}
        {error && (
          <Alert tone="danger" title="Not deleted">
            {error}
          </Alert>
        )}
        <div className="form-actions">
          <Button variant="danger" busy={mutation.isPending} onClick={() => mutation.mutate()}>
            {confirmLabel}
          </Button>
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
