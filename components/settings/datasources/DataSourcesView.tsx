'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { validate } from '@/components/forms/validate';
import { useTRPC } from '@/components/trpc/client';
import { errorMessage, fieldErrorsFrom, type FieldErrors } from '@/components/trpc/errors';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { EmptyState } from '@/components/ui/EmptyState';
import { Checkbox, Select, TextInput } from '@/components/ui/Field';
import { PageHeader } from '@/components/ui/PageHeader';
import { RowActions, Table } from '@/components/ui/Table';
import { useToast } from '@/components/ui/Toast';
import { PromqlTemplates } from './PromqlTemplates';
import { AUTH_KINDS, AUTH_KIND_LABELS, createDataSourceSchema, type AuthKind, type ConnectionTestResult, type DataSourceDto } from '@/server/datasources/datasources.schema';

type Values = { name: string; url: string; authKind: AuthKind; username: string; secret: string; clusterId: string; isDefault: boolean };

function TestResult({ result }: { result: ConnectionTestResult | null }) {
  if (!result) return null;
  return result.ok ? (
    <Alert tone="success">Connected: {[result.server, result.version].filter(Boolean).join(' ')} answered in {result.latencyMs} ms.</Alert>
  ) : (
    <Alert tone="danger" title="Connection failed">{result.error}</Alert>
  );
}

function DataSourceForm({ source, onDone, onCancel }: { source?: DataSourceDto; onDone: () => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>({
    name: source?.name ?? '',
    url: source?.url ?? 'http://',
    authKind: source?.authKind ?? 'none',
    username: source?.username ?? '',
    secret: '',
    clusterId: source?.clusterId ?? '',
    isDefault: source?.isDefault ?? false,
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [test, setTest] = useState<ConnectionTestResult | null>(null);
  const input = {
    name: values.name,
    url: values.url,
    authKind: values.authKind,
    username: values.username || undefined,
    secret: values.secret || undefined,
    clusterId: values.clusterId || null,
    isDefault: values.isDefault,
  };
  const onSuccess = async () => {
    await queryClient.invalidateQueries(trpc.dataSources.pathFilter());
    onDone();
  };
  const onError = (e: unknown) => setErrors(fieldErrorsFrom(e));
  const create = useMutation(trpc.dataSources.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.dataSources.update.mutationOptions({ onSuccess, onError }));
  const tester = useMutation(trpc.dataSources.test.mutationOptions({ onSuccess: setTest, onError: (e) => setTest({ ok: false, error: errorMessage(e), kind: 'error' }) }));
  const set = (field: keyof Values) => (e: { target: { value: string; checked?: boolean; type?: string } }) =>
    setValues((v) => ({ ...v, [field]: e.target.type === 'checkbox' ? Boolean(e.target.checked) : e.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!source) {
      const check = validate(createDataSourceSchema, input);
      if (!check.ok) return setErrors(check.errors);
      create.mutate(input);
    } else update.mutate({ id: source.id, ...input });
  };
  const runTest = () => {
    setTest(null);
    // A saved source with its secret unchanged is tested server-side with the stored credentials.
    if (source && !values.secret && values.url === source.url && values.authKind === source.authKind) tester.mutate({ id: source.id });
    else tester.mutate(input);
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <TextInput label="Name" value={values.name} onChange={set('name')} error={errors.name} />
      <TextInput label="URL" value={values.url} onChange={set('url')} error={errors.url} hint="Base URL of its Prometheus API (Prometheus, VictoriaMetrics, Thanos, Mimir), e.g. http://prometheus.monitoring:9090" />
      <Select label="Authentication" value={values.authKind} onChange={set('authKind')}>
        {AUTH_KINDS.map((k) => (
          <option key={k} value={k}>
            {AUTH_KIND_LABELS[k]}
          </option>
        ))}
      </Select>
      {values.authKind === 'basic' && <TextInput label="User name" value={values.username} onChange={set('username')} error={errors.username} />}
      {values.authKind !== 'none' && (
        <TextInput
          label={values.authKind === 'bearer' ? 'Token' : 'Password'}
          type="password"
          autoComplete="off"
          value={values.secret}
          onChange={set('secret')}
          error={errors.secret}
          hint={source?.hasSecret ? 'Stored encrypted; leave empty to keep it' : 'Stored encrypted, never shown again'}
        />
      )}
      <Checkbox label="Default data source" checked={values.isDefault} onChange={set('isDefault')} />
      {errors[''] && <Alert tone="danger">{errors['']}</Alert>}
      <TestResult result={test} />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={create.isPending || update.isPending}>
          {source ? 'Save data source' : 'Add data source'}
        </Button>
        <Button busy={tester.isPending} onClick={runTest}>
          Test connection
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}

export function DataSourcesView({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const list = useQuery(trpc.dataSources.list.queryOptions());
  const [open, setOpen] = useState<{ kind: 'create' } | { kind: 'edit' | 'delete' | 'templates'; source: DataSourceDto } | null>(null);
  const [tests, setTests] = useState<Record<string, ConnectionTestResult>>({});
  const tester = useMutation(trpc.dataSources.test.mutationOptions());
  const remove = useMutation(
    trpc.dataSources.delete.mutationOptions({
      onSuccess: async (d) => {
        await queryClient.invalidateQueries(trpc.dataSources.pathFilter());
        toast.show(`Data source ${d.name} deleted`);
        setOpen(null);
      },
      onError: (e) => toast.show(errorMessage(e), 'danger'),
    }),
  );
  const add = canManage && (
    <Button variant="primary" onClick={() => setOpen({ kind: 'create' })}>
      Add data source
    </Button>
  );
  return (
    <>
      <PageHeader title="Data sources" description="Prometheus servers Runwell samples SLIs and golden signals from. Credentials are stored encrypted." actions={add} />
      {list.error && <Alert tone="danger">{errorMessage(list.error)}</Alert>}
      {list.data && list.data.length === 0 && (
        <EmptyState title="No data sources yet" action={add}>
          <p className="muted">Add a Prometheus server (per cluster or shared). SLOs use the default one unless they name another.</p>
        </EmptyState>
      )}
      {list.data && list.data.length > 0 && (
        <Table caption="Data sources" columns={['Name', 'URL', 'Authentication', 'Cluster', 'Actions']}>
          {list.data.map((d) => (
            <tr key={d.id}>
              <td>
                <strong>{d.name}</strong> {d.isDefault && <Badge tone="info">default</Badge>}
                {tests[d.id] && <TestResult result={tests[d.id]!} />}
              </td>
              <td className="mono">{d.url}</td>
              <td>{AUTH_KIND_LABELS[d.authKind]}</td>
              <td>{d.clusterName ?? '—'}</td>
              <RowActions>
                <Button size="sm" onClick={() => setOpen({ kind: 'templates', source: d })}>
                  PromQL templates
                </Button>
                {canManage && (
                  <>
                  <Button size="sm" onClick={() => tester.mutate({ id: d.id }, { onSuccess: (r) => setTests((t) => ({ ...t, [d.id]: r })) })}>
                    Test connection
                  </Button>
                  <Button size="sm" onClick={() => setOpen({ kind: 'edit', source: d })}>
                    Edit
                  </Button>
                  <Button size="sm" variant="danger" onClick={() => setOpen({ kind: 'delete', source: d })}>
                    Delete
                  </Button>
                  </>
                )}
              </RowActions>
            </tr>
          ))}
        </Table>
      )}
      <Dialog open={open?.kind === 'create'} onClose={() => setOpen(null)} title="Add data source">
        {open?.kind === 'create' && <DataSourceForm onCancel={() => setOpen(null)} onDone={() => setOpen(null)} />}
      </Dialog>
      <Dialog open={open?.kind === 'edit'} onClose={() => setOpen(null)} title="Edit data source">
        {open?.kind === 'edit' && <DataSourceForm source={open.source} onCancel={() => setOpen(null)} onDone={() => setOpen(null)} />}
      </Dialog>
      <Dialog open={open?.kind === 'templates'} onClose={() => setOpen(null)} title={`PromQL templates: ${open && 'source' in open ? open.source.name : ''}`}>
        {open?.kind === 'templates' && <PromqlTemplates dataSourceId={open.source.id} canManage={canManage} />}
      </Dialog>
      <Dialog open={open?.kind === 'delete'} onClose={() => setOpen(null)} title="Delete data source">
        {open?.kind === 'delete' && (
          <>
            <p>
              Delete <strong>{open.source.name}</strong>? SLOs using it fall back to the default data source.
            </p>
            <div className="form-actions">
              <Button variant="danger" busy={remove.isPending} onClick={() => remove.mutate({ id: open.source.id })}>
                Delete data source
              </Button>
              <Button onClick={() => setOpen(null)}>Cancel</Button>
            </div>
          </>
        )}
      </Dialog>
    </>
  );
}
