'use client';

import type { TokenDto } from '@/server/tokens/tokens.schema';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { HiddenHeader, Table } from '../../ui/Table';
import { tokenStatus } from './token-status';
import { When } from '@/components/format/When';

type TokensTableProps = { tokens: TokenDto[]; onRevoke: (token: TokenDto) => void };

export function TokensTable({ tokens, onRevoke }: TokensTableProps) {
  const now = new Date();
  return (
    <Table
      caption="API tokens"
      columns={[
        'Name',
        'Prefix',
        'Scopes',
        'Created by',
        'Last used',
        'Expires',
        'Status',
        { label: <HiddenHeader>Actions</HiddenHeader>, className: 'actions' },
      ]}
    >
      {tokens.map((token) => {
        const status = tokenStatus(token, now);
        return (
          <tr key={token.id}>
            <td>
              <div id={`token-${token.id}-name`}>{token.name}</div>
              <div className="muted">
                Created <When at={token.createdAt} />
              </div>
            </td>
            <td>
              <code>{token.prefix}…</code>
            </td>
            <td>
              {token.scopes.map((scope) => (
                <Badge key={scope} tone="info">
                  {scope}
                </Badge>
              ))}
            </td>
            <td>{token.createdBy}</td>
            <td className="nowrap">
              <When at={token.lastUsedAt} empty="Never" />
            </td>
            <td className="nowrap">
              <When at={token.expiresAt} mode="date" empty="Never" />
            </td>
            <td>
              <Badge tone={status.tone}>{status.label}</Badge>
              {token.revokedAt && <div className="muted"><When at={token.revokedAt} /></div>}
            </td>
            <td className="actions">
              {!token.revokedAt && (
                <Button size="sm" variant="danger" aria-describedby={`token-${token.id}-name`} onClick={() => onRevoke(token)}>
                  Revoke
                </Button>
              )}
            </td>
          </tr>
        );
      })}
    </Table>
  );
}
