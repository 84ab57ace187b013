'use client';

import type { TokenDto } from '@/server/tokens/tokens.schema';
import { formatDate, formatDateTime, formatRelative } from '../../format/time';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { HiddenHeader, Table } from '../../ui/Table';
import { tokenStatus } from './token-status';

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
              <div className="muted" title={formatDateTime(token.createdAt)}>
                Created {formatDate(token.createdAt)}
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
            <td className="nowrap" title={formatDateTime(token.lastUsedAt)}>
              {formatRelative(token.lastUsedAt, now)}
            </td>
            <td className="nowrap" title={formatDateTime(token.expiresAt)}>
              {token.expiresAt ? formatDate(token.expiresAt) : 'Never'}
            </td>
            <td>
              <Badge tone={status.tone}>{status.label}</Badge>
              {token.revokedAt && <div className="muted">{formatDate(token.revokedAt)}</div>}
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
