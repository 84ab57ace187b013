'use client';

import { useQuery } from '@tanstack/react-query';
import { ChannelsSettings } from './ChannelsSettings';
import { alertmanagerReceiverConfig, webhookUrl } from '@/server/alerts/receiver-config.compute';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Card } from '../ui/Card';
import { Table } from '../ui/Table';
import { When } from '../format/When';

export function AlertingSettings({ baseUrl, canManage }: { baseUrl: string; canManage: boolean }) {
  const trpc = useTRPC();
  const rules = useQuery(trpc.alerts.rules.queryOptions());
  const deliveries = useQuery({ ...trpc.alerts.deliveries.queryOptions({ limit: 20 }), enabled: canManage });
  const config = alertmanagerReceiverConfig({ baseUrl, credentials: '<API token with the alerts scope>' });
  return (
    <>
      {canManage && <ChannelsSettings />}
      <Card title="Alertmanager receiver">
        <p>
          Alertmanager posts to <code className="mono">{webhookUrl(baseUrl)}</code> with an API token that has the <strong>alerts</strong> scope (Settings → API tokens)
          as its <code>http_config.authorization</code> credentials. Runwell answers 2xx only after the alerts are stored, so failed deliveries are retried; re-sent groups
          never duplicate.
        </p>
        <label className="field-label" htmlFor="receiver-config">
          Add to alertmanager.yml (replace the credentials with your token)
        </label>
        <textarea id="receiver-config" className="textarea mono" readOnly rows={config.split('\n').length} value={config} onFocus={(e) => e.currentTarget.select()} />
      </Card>
      <Card title="Alert → service mapping rules">
        {rules.isError && <Alert tone="danger" title="Rules could not be loaded">{errorMessage(rules.error)}</Alert>}
        {rules.data && (
          <>
            <p className="muted">{rules.data.isDefault ? 'Default rules (none saved).' : 'Saved rules.'} Tried in order; the first label whose value is a known service slug wins; a team label names the owner otherwise.</p>
            <ol>
              {rules.data.rules.map((r, i) => (
                <li key={i}>
                  <code>{r.label}</code>
                  {r.values && ` (mapped: ${Object.entries(r.values).map(([k, v]) => `${k} → ${v}`).join(', ')})`}
                </li>
              ))}
            </ol>
          </>
        )}
      </Card>
      {canManage && (
        <Card title="Recent deliveries" flush>
          {deliveries.data?.length === 0 && <p className="card-body muted">No delivery received yet.</p>}
          {deliveries.data && deliveries.data.length > 0 && (
            <Table caption="Recent webhook deliveries" columns={['Received', 'Group', 'Status', 'Alerts', 'Changes']}>
              {deliveries.data.map((d) => (
                <tr key={d.id}>
                  <td className="nowrap"><When at={d.receivedAt} /></td>
                  <td className="mono">{d.groupKey}</td>
                  <td>{d.status}</td>
                  <td>
                    {d.alertCount}
                    {d.truncated > 0 && ` (+${d.truncated} truncated)`}
                  </td>
                  <td>
                    {Object.entries(d.outcome as Record<string, number>)
                      .filter(([, n]) => n > 0)
                      .map(([k, n]) => `${n} ${k}`)
                      .join(', ') || '—'}
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </Card>
      )}
    </>
  );
}
