'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { TokenDto } from '@/server/tokens/tokens.schema';
import { useTRPC } from '../../trpc/client';
import { errorMessage } from '../../trpc/errors';
import { Alert } from '../../ui/Alert';
import { Card } from '../../ui/Card';
import { CreateTokenForm } from './CreateTokenForm';
import { NewTokenSecret } from './NewTokenSecret';
import { RevokeTokenDialog } from './RevokeTokenDialog';
import { TokensTable } from './TokensTable';

export function TokensAdmin() {
  const trpc = useTRPC();
  const tokens = useQuery(trpc.tokens.list.queryOptions());
  const [created, setCreated] = useState<{ token: TokenDto; secret: string } | null>(null);
  const [revoking, setRevoking] = useState<TokenDto | null>(null);

  return (
    <>
      {created && <NewTokenSecret name={created.token.name} secret={created.secret} onDone={() => setCreated(null)} />}
      <Card title="New token">
        <CreateTokenForm onCreated={setCreated} />
      </Card>
      <Card title={tokens.data ? `Tokens (${tokens.data.length})` : 'Tokens'} flush>
        {tokens.isPending && <p className="card-body muted">Loading tokens…</p>}
        {tokens.isError && (
          <div className="card-body">
            <Alert tone="danger" title="Tokens could not be loaded">
              {errorMessage(tokens.error)}
            </Alert>
          </div>
        )}
        {tokens.data?.length === 0 && <p className="card-body muted">No API tokens yet. Create one above for Alertmanager or CI.</p>}
        {tokens.data && tokens.data.length > 0 && <TokensTable tokens={tokens.data} onRevoke={setRevoking} />}
      </Card>
      <RevokeTokenDialog token={revoking} onClose={() => setRevoking(null)} />
    </>
  );
}
