'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { formatAge, formatCount } from '@/components/format/resources';
import { useTRPC } from '@/components/trpc/client';
import { errorMessage, fieldErrorsFrom, type FieldErrors } from '@/components/trpc/errors';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { EmptyState } from '@/components/ui/EmptyState';
import { Select, TextInput, Textarea, Checkbox } from '@/components/ui/Field';
import { Table } from '@/components/ui/Table';
import type { ConnectionInput, ConnectionTestDto, KubeconfigContextDto } from '@/server/clusters/clusters.schema';
import { SyncBadge } from './SyncBadge';

function Zones({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const summary = useQuery(trpc.inventory.summary.queryOptions({ clusterId }));
  if (!summary.data) return <span className="muted">—</span>;
  return <span title={summary.data.zones.join(', ')}>{summary.data.zones.length}</span>;
}

function TestResult({ result }: { result: ConnectionTestDto }) {
  return (
    <Alert tone={result.ok ? 'success' : 'danger'} title={result.ok ? `Connected${result.serverGitVersion ? ` to Kubernetes ${result.serverGitVersion}` : ''}` : 'Connection problem'}>
      <ul>
        {result.steps.map((s) => (
          <li key={s.step}>
            {s.ok ? '✓' : '✗'} {s.message}
          </li>
        ))}
      </ul>
      {result.missingPermissions.length > 0 && <p>Missing permissions: {result.missingPermissions.join('; ')}</p>}
      {result.notInstalled.length > 0 && <p className="muted">Not installed (skipped): {result.notInstalled.join(', ')}</p>}
    </Alert>
  );
}

type Kind = ConnectionInput['connectionKind'];

function RegisterDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>('simulator');
  const [apiUrl, setApiUrl] = useState('');
  const [token, setToken] = useState('');
  const [caData, setCaData] = useState('');
  const [insecure, setInsecure] = useState(false);
  const [kubeconfig, setKubeconfig] = useState('');
  const [contexts, setContexts] = useState<KubeconfigContextDto[]>([]);
  const [context, setContext] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [result, setResult] = useState<ConnectionTestDto | null>(null);

  const loadContexts = useMutation(
    trpc.clusters.kubeconfigContexts.mutationOptions({
      onSuccess: (list) => {
        setContexts(list);
        setContext(list.find((c) => c.current)?.name ?? list[0]?.name ?? '');
      },
      onError: (e) => setErrors({ kubeconfig: errorMessage(e) }),
    }),
  );
  const test = useMutation(trpc.clusters.test.mutationOptions({ onSuccess: setResult, onError: (e) => setErrors({ '': errorMessage(e) }) }));
  const create = useMutation(
    trpc.clusters.create.mutationOptions({
      onSuccess: async (cluster) => {
        await queryClient.invalidateQueries({ queryKey: trpc.clusters.list.queryKey() });
        test.mutate({ id: cluster.id });
      },
      onError: (e) => setErrors(fieldErrorsFrom(e)),
    }),
  );

  function connection(): ConnectionInput {
    switch (kind) {
      case 'kubeconfig':
        return { connectionKind: 'kubeconfig', kubeconfig, ...(context ? { context } : {}) };
      case 'token':
        return { connectionKind: 'token', apiUrl, token, ...(caData ? { caData } : {}), insecureSkipTlsVerify: insecure };
      case 'in_cluster':
        return { connectionKind: 'in_cluster' };
      case 'simulator':
        return { connectionKind: 'simulator', apiUrl, ...(token ? { token } : {}), insecureSkipTlsVerify: true };
    }
  }

  const err = (f: string) => errors[f] ?? errors[`connection.${f}`];

  return (
    <Dialog open onClose={onClose} title="Register cluster">
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          setErrors({});
          setResult(null);
          create.mutate({ name, connection: connection() });
        }}
      >
        <TextInput label="Cluster name" value={name} onChange={(e) => setName(e.target.value)} error={err('name')} hint="Lowercase, e.g. prod-eu-1" required />
        <Select label="Connection" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          <option value="kubeconfig">Kubeconfig file (choose a context)</option>
          <option value="token">API server URL, bearer token and CA</option>
          <option value="in_cluster">In-cluster service account (Runwell runs inside the cluster)</option>
          <option value="simulator">Runwell simulator URL</option>
        </Select>
        {kind === 'kubeconfig' && (
          <>
            <label className="field">
              <span className="field-label">Kubeconfig file</span>
              <input
                type="file"
                accept=".yaml,.yml,.conf,text/yaml,text/plain"
                onChange={async (e) => {
                  const file = e.target.files?.[0];
                  if (file) setKubeconfig(await file.text());
                }}
              />
            </label>
            <Textarea label="Kubeconfig" value={kubeconfig} onChange={(e) => setKubeconfig(e.target.value)} rows={6} error={err('kubeconfig')} hint="Or paste it here. It is encrypted at rest and never shown again." />
            <Button onClick={() => loadContexts.mutate({ kubeconfig })} busy={loadContexts.isPending} disabled={!kubeconfig}>
              Load contexts
            </Button>
            {contexts.length > 0 && (
              <Select label="Context" value={context} onChange={(e) => setContext(e.target.value)}>
                {contexts.map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name} ({c.server})
                  </option>
                ))}
              </Select>
            )}
          </>
        )}
        {(kind === 'token' || kind === 'simulator') && (
          <>
            <TextInput label="API server URL" value={apiUrl} onChange={(e) => setApiUrl(e.target.value)} error={err('apiUrl')} placeholder={kind === 'simulator' ? 'http://127.0.0.1:6443' : 'https://api.example.com:6443'} required />
            <TextInput label="Bearer token" type="password" value={token} onChange={(e) => setToken(e.target.value)} error={err('token')} required={kind === 'token'} autoComplete="off" />
          </>
        )}
        {kind === 'token' && (
          <>
            <Textarea label="CA certificate (PEM)" value={caData} onChange={(e) => setCaData(e.target.value)} rows={4} error={err('caData')} hint="Leave empty if the server's certificate is publicly trusted." />
            <Checkbox label="Skip TLS verification (not for production)" checked={insecure} onChange={(e) => setInsecure(e.target.checked)} />
          </>
        )}
        {errors[''] && <Alert tone="danger">{errors['']}</Alert>}
        {test.isPending && <p className="muted">Testing the connection…</p>}
        {result && <TestResult result={result} />}
        <div className="form-actions">
          {!result ? (
            <Button type="submit" variant="primary" busy={create.isPending}>
              Register and test connection
            </Button>
          ) : (
            <Button variant="primary" onClick={onClose}>
              Done
            </Button>
          )}
        </div>
      </form>
    </Dialog>
  );
}

export function ClustersView({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const clusters = useQuery({ ...trpc.clusters.list.queryOptions(), refetchInterval: 5000 });
  const [registering, setRegistering] = useState(false);
  const [testing, setTesting] = useState<string | null>(null);
  const test = useMutation(trpc.clusters.test.mutationOptions());
  const now = Date.now();

  return (
    <div className="stack">
      {canManage && (
        <div className="row">
          <Button variant="primary" onClick={() => setRegistering(true)}>
            Register cluster
          </Button>
        </div>
      )}
      {registering && <RegisterDialog onClose={() => setRegistering(false)} />}
      {clusters.isLoading && <p className="muted">Loading clusters…</p>}
      {clusters.error && <Alert tone="danger">{errorMessage(clusters.error)}</Alert>}
      {clusters.data && clusters.data.length === 0 && (
        <EmptyState title="No clusters connected yet">
          <p>Register a cluster with a kubeconfig, an API URL and token, the in-cluster service account, or the Runwell simulator. Runwell lists and watches it read-only and keeps the inventory current.</p>
        </EmptyState>
      )}
      {clusters.data && clusters.data.length > 0 && (
        <Table caption="Clusters">
          <thead>
            <tr>
              <th>Cluster</th>
              <th>Version</th>
              <th className="num">Nodes</th>
              <th className="num">Pods</th>
              <th className="num">Zones</th>
              <th>Sync</th>
              {canManage && <th>Actions</th>}
            </tr>
          </thead>
          <tbody>
            {clusters.data.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link href={`/clusters/${encodeURIComponent(c.name)}`}>{c.name}</Link>
                  {c.disabled && <Badge tone="neutral">Disabled</Badge>}
                  {c.description && <div className="muted">{c.description}</div>}
                </td>
                <td className="mono">{c.serverGitVersion ?? '—'}</td>
                <td className="num">{formatCount(c.objectCounts.Node ?? 0)}</td>
                <td className="num">{formatCount(c.objectCounts.Pod ?? 0)}</td>
                <td className="num">
                  <Zones clusterId={c.id} />
                </td>
                <td>
                  <SyncBadge state={c.syncState} /> <span className="muted">{c.lastSyncedAt ? `data ${formatAge((now - new Date(c.lastSyncedAt).getTime()) / 1000)}` : 'no data yet'}</span>
                  {c.lastError && <div className="muted">{c.lastError}</div>}
                </td>
                {canManage && (
                  <td>
                    <Button
                      size="sm"
                      busy={test.isPending && testing === c.id}
                      onClick={() => {
                        setTesting(c.id);
                        test.mutate({ id: c.id });
                      }}
                    >
                      Test connection
                    </Button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {test.data && testing && <TestResult result={test.data} />}
      {test.error && <Alert tone="danger">{errorMessage(test.error)}</Alert>}
    </div>
  );
}
