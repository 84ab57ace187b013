'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { Checkbox, NamedOptions, Select, Textarea, TextInput } from '@/components/ui/Field';
import type { ImportIssue, ImportResult } from '@/server/slo/slo-api.schema';

// Upload (or paste) a Sloth prometheus/v1, Sloth PrometheusServiceLevel or
// OpenSLO v1 / v1alpha file. Problems are listed with the path as written in the file.

export function SloImport({ onDone, onCancel }: { onDone: (result: Extract<ImportResult, { ok: true }>) => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const dataSources = useQuery(trpc.dataSources.list.queryOptions());
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | undefined>();
  const [dataSourceId, setDataSourceId] = useState('');
  const [windowDays, setWindowDays] = useState('30');
  const [replace, setReplace] = useState(false);
  const [issues, setIssues] = useState<ImportIssue[]>([]);
  const [warnings, setWarnings] = useState<ImportIssue[]>([]);
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation(
    trpc.slo.import.mutationOptions({
      onSuccess: async (result) => {
        setWarnings(result.warnings);
        if (!result.ok) {
          setIssues(result.issues);
          return;
        }
        await queryClient.invalidateQueries(trpc.slo.pathFilter());
        onDone(result);
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setFileName(file.name);
    setText(await file.text());
    setIssues([]);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setIssues([]);
    setError(null);
    if (!text.trim()) {
      setError('Choose a file or paste its content');
      return;
    }
    mutation.mutate({ text, fileName, dataSourceId: dataSourceId || null, windowDays: Number(windowDays) || 30, replace });
  };

  const where = (i: ImportIssue) => `${i.document ? `document ${i.document}: ` : ''}${i.path}`;

  return (
    <form className="form" onSubmit={submit} noValidate>
      <label className="field">
        <span className="field-label">SLO file</span>
        <input type="file" accept=".yaml,.yml,.json,text/yaml" aria-label="SLO file" onChange={(e) => void onFile(e.target.files?.[0])} />
        <span className="field-hint">Sloth prometheus/v1, Sloth PrometheusServiceLevel (sloth.slok.dev/v1), OpenSLO v1 (SLO and SLI) or OpenSLO v1alpha. Sloth’s core, contrib and common SLI plugins are run natively; another plugin ID is reported by name.</span>
      </label>
      <Textarea label="Or paste YAML" rows={8} className="mono" value={text} onChange={(e) => setText(e.target.value)} />
      <div className="form-row">
        <Select label="Data source" value={dataSourceId} onChange={(e) => setDataSourceId(e.target.value)}>
          <NamedOptions items={dataSources.data} first="Default data source" />
        </Select>
        <TextInput label="Window for Sloth files (days)" type="number" min={1} max={365} value={windowDays} onChange={(e) => setWindowDays(e.target.value)} />
      </div>
      <Checkbox label="Replace SLOs that already exist" checked={replace} onChange={(e) => setReplace(e.target.checked)} />
      {error && <Alert tone="danger">{error}</Alert>}
      {issues.length > 0 && (
        <Alert tone="danger" title={`Nothing imported: ${issues.length} problem${issues.length === 1 ? '' : 's'}`}>
          <ul data-testid="import-issues">
            {issues.map((i, n) => (
              <li key={n}>
                <code>{where(i)}</code>: {i.message}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {warnings.length > 0 && (
        <Alert tone="warning" title="Warnings">
          <ul>
            {warnings.map((i, n) => (
              <li key={n}>
                <code>{where(i)}</code>: {i.message}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={mutation.isPending}>
          Import
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
