'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ChannelsSettings } from './ChannelsSettings';
import { alertmanagerReceiverConfig, SECRET_TOKEN_FILE, sampleWebhookPayload, webhookCurlCommand, webhookUrl } from '@/server/alerts/receiver-config.compute';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Card } from '../ui/Card';
import { Select } from '../ui/Field';
import { Table } from '../ui/Table';
import { When } from '../format/When';

export function AlertingSettings({ baseUrl, canManage }: { baseUrl: string; canManage: boolean }) {
  const trpc = useTRPC();
  const rules = useQuery(trpc.alerts.rules.queryOptions());
  const deliveries = useQuery({ ...trpc.alerts.deliveries.queryOptions({ limit: 20 }), enabled: canManage });
  const [tokenFrom, setTokenFrom] = useState<'inline' | 'file'>('inline');
  const config = alertmanagerReceiverConfig({ baseUrl, credentials: '<API token with the alerts scope>', credentialsFile: tokenFrom === 'file' ? SECRET_TOKEN_FILE : undefined });
  // The start of the current hour: the same text on the server and in the browser (hydration).
  const sample = JSON.stringify(sampleWebhookPayload(new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000)), null, 2);
  return (
    <>
      {canManage && <ChannelsSettings />}
      <Card title="Alertmanager receiver">
        <p>
          Alertmanager posts to <code className="mono">{webhookUrl(baseUrl)}</code> with an API token that has the <strong>alerts</strong> scope (Settings → API tokens)
          as its <code>http_config.authorization</code> credentials. Runwell answers 2xx only after the alerts are stored, so failed deliveries are retried; re-sent groups
          never duplicate.
        </p>
        <p className="muted">
          Create the token with <code className="mono">runwell token create --name alertmanager --scopes alerts</code> or in Settings → API tokens. Resolutions arrive at
          Alertmanager&apos;s next <code>group_interval</code> (5 min below), not the moment the alert resolves.
        </p>
        <div className="form-row">
          <Select label="Token from" value={tokenFrom} onChange={(e) => setTokenFrom(e.target.value as typeof tokenFrom)}>
            <option value="inline">Inline in alertmanager.yml (credentials)</option>
            <option value="file">A file, e.g. a Kubernetes Secret (credentials_file)</option>
          </Select>
        </div>
        {tokenFrom === 'file' && (
          <p className="muted">
            Mount a Secret holding the token at <code className="mono">{SECRET_TOKEN_FILE.replace(/\/token$/, '')}</code> in the Alertmanager pod, e.g.{' '}
            <code className="mono">kubectl create secret generic runwell-token --from-literal=token=$RUNWELL_TOKEN</code> (with the Prometheus Operator: list it under the
            Alertmanager&apos;s <code>spec.secrets</code>, mounted at /etc/alertmanager/secrets/runwell-token).
          </p>
        )}
        <label className="field-label" htmlFor="receiver-config">
          Add to alertmanager.yml{tokenFrom === 'inline' ? ' (replace the credentials with your token)' : ''}
        </label>
        <textarea id="receiver-config" className="textarea mono" readOnly rows={config.split('\n').length} value={config} onFocus={(e) => e.currentTarget.select()} />
      </Card>
      <Card title="Test the webhook by hand">
        <p>
          Save this body as <code className="mono">alert.json</code> and post it with a token that has the <strong>alerts</strong> scope. Runwell answers{' '}
          <code>200 {'{"status":"stored"}'}</code>, or <code>400</code> naming each wrong field. Post it again with <code>&quot;status&quot;: &quot;resolved&quot;</code> (in the
          alert too) to resolve it.
        </p>
        <label className="field-label" htmlFor="webhook-curl">
          Command
        </label>
        <textarea id="webhook-curl" className="textarea mono" readOnly rows={3} value={webhookCurlCommand(baseUrl)} onFocus={(e) => e.currentTarget.select()} />
        <label className="field-label" htmlFor="webhook-sample">
          alert.json (Alertmanager webhook v4)
        </label>
        <textarea id="webhook-sample" className="textarea mono" readOnly rows={14} value={sample} suppressHydrationWarning onFocus={(e) => e.currentTarget.select()} />
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
