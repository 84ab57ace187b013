'use client';

import { useMutation } from '@tanstack/react-query';
import type { TokenDto } from '@/server/tokens/tokens.schema';
import { useTRPC } from '../../trpc/client';
import { errorMessage } from '../../trpc/errors';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { useToast } from '../../ui/Toast';
import { useInvalidateAfterChange } from '../invalidate';

// Revoking cannot be undone, so it is confirmed in a dialog.
export function RevokeTokenDialog({ token, onClose }: { token: TokenDto | null; onClose: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const invalidate = useInvalidateAfterChange('tokens');
  const revoke = useMutation(trpc.tokens.revoke.mutationOptions());

  function close() {
    revoke.reset();
    onClose();
  }

  return (
    <Dialog open={token !== null} onClose={close} title={token ? `Revoke ${token.name}?` : 'Revoke token?'}>
      {token && (
        <>
          {revoke.isError && <Alert tone="danger">{errorMessage(revoke.error)}</Alert>}
          <p>
            Anything that uses <code>{token.prefix}…</code> will be refused from now on. This cannot be undone.
          </p>
          <div className="form-actions">
            <Button
              variant="danger"
              busy={revoke.isPending}
              onClick={() =>
                revoke.mutate(
                  { id: token.id },
                  {
                    onSuccess: async () => {
                      toast.show(`Revoked ${token.name}.`);
                      close();
                      await invalidate();
                    },
                  },
                )
              }
            >
              Revoke token
            </Button>
            <Button onClick={close} autoFocus>
              Cancel
            </Button>
          </div>
        </>
      )}
    </Dialog>
  );
}
