'use client';

import Link from 'next/link';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { CHANNEL_KIND_LABELS, CHANNEL_KINDS, channelInputSchema, type ChannelDto, type ChannelKind } from '@/server/paging/paging.schema';
import { validate } from '../forms/validate';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsFrom, type FieldErrors } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { Checkbox, Select, TextInput } from '../ui/Field';
import { HiddenHeader, Table } from '../ui/Table';
import { useToast } from '../ui/Toast';
import { When } from '../format/When';

// Settings → Alerting → Notification channels: where pages are delivered.
// Secrets (webhook URLs, SMTP passwords) are write-only: the browser only
// learns whether one is stored; leaving the field empty keeps it.

export function ChannelsSettings() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const channels = useQuery(trpc.paging.channels.queryOptions());
  const [editing, setEditing] = useState<ChannelDto | 'new' | null>(null);
  const test = useMutation(trpc.paging.testChannel.mutationOptions());
  const remove = useMutation(trpc.paging.deleteChannel.mutationOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.paging.channels.queryKey() });

  async function sendTest(c: ChannelDto) {
    try {
      const r = await test.mutateAsync({ id: c.id });
      toast.show(r.ok ? `Test sent through ${c.name}: ${r.detail}` : `Test failed: ${r.detail}`, r.ok ? 'success' : 'danger');
    } catch (error) {
      toast.show(errorMessage(error), 'danger');
    }
  }

  return (
    <Card title="Notification channels" actions={<Button size="sm" onClick={() => setEditing('new')}>Add channel</Button>}>
      <p className="muted">Pages reach the on-call person through every enabled channel that covers them: a channel without a scope covers everyone; one scoped to people or teams only them. E-mail goes to the person&apos;s address.</p>
      {channels.isError && <Alert tone="danger">{errorMessage(channels.error)}</Alert>}
      {channels.data?.length === 0 && <p className="muted">No channel yet: pages are recorded but nobody is notified.</p>}
      {channels.data && channels.data.length > 0 && (
        <Table caption="Notification channels" columns={['Name', 'Kind', 'Target', 'Last delivery', <HiddenHeader>Actions</HiddenHeader>]}>
          {channels.data.map((c) => (
            <tr key={c.id}>
              <td>
                {c.name} {!c.enabled && <Badge>disabled</Badge>}
              </td>
              <td>{CHANNEL_KIND_LABELS[c.kind]}</td>
              <td>{c.kind === 'inbox' ? <Link href="/inbox">each person's inbox</Link> : c.kind === 'smtp' ? `${c.config.host}:${c.config.port} from ${c.config.from}` : `${c.config.urlHost ?? '—'} ${c.hasSecret ? '(URL stored)' : '(no URL)'}`}</td>
              <td>{c.lastOutcome ? <>{c.lastOutcome.outcome === 'sent' ? 'ok' : c.lastOutcome.outcome} <When at={c.lastOutcome.at} />{c.lastOutcome.outcome === 'failed' ? `: ${c.lastOutcome.detail}` : ''}</> : 'never'}</td>
              <td>
                <div className="row">
                  <Button size="sm" busy={test.isPending} onClick={() => sendTest(c)}>
                    Send test
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => setEditing(c)}>
                    Edit
                  </Button>
                  <Button size="sm" variant="ghost" onClick={async () => window.confirm(`Delete channel ${c.name}?`) && (await remove.mutateAsync({ id: c.id }), await refresh())}>
                    Delete
                  </Button>
                </div>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {editing && <ChannelForm initial={editing === 'new' ? null : editing} onDone={async () => (setEditing(null), await refresh())} />}
    </Card>
  );
}

function ChannelForm({ initial, onDone }: { initial: ChannelDto | null; onDone: () => void }) {
  const trpc = useTRPC();
  const save = useMutation(trpc.paging.saveChannel.mutationOptions());
  const [kind, setKind] = useState<ChannelKind>(initial?.kind ?? 'slack');
  const [name, setName] = useState(initial?.name ?? '');
  const [enabled, setEnabled] = useState(initial?.enabled ?? true);
  const [url, setUrl] = useState('');
  const [host, setHost] = useState(initial?.config.host ?? '');
  const [port, setPort] = useState(String(initial?.config.port ?? 587));
  const [secure, setSecure] = useState(initial?.config.secure ?? false);
  const [username, setUsername] = useState(initial?.config.username ?? '');
  const [password, setPassword] = useState('');
  const [from, setFrom] = useState(initial?.config.from ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});

  async function submit(e: FormEvent) {
    e.preventDefault();
    const scope = initial?.config.scope ?? { teamIds: [], userIds: [] };
    const values =
      kind === 'smtp'
        ? { id: initial?.id, kind, name, enabled, scope, host, port: Number(port), secure, username, password, from }
        : kind === 'inbox'
          ? { id: initial?.id, kind, name, enabled, scope }
          : { id: initial?.id, kind, name, enabled, scope, url };
    const checked = validate(channelInputSchema, values);
    if (!checked.ok) return setErrors(checked.errors);
    try {
      await save.mutateAsync(checked.data);
      onDone();
    } catch (error) {
      setErrors(fieldErrorsFrom(error));
    }
  }

  const keep = initial?.hasSecret ? 'Leave empty to keep the stored one' : undefined;
  return (
    <form onSubmit={submit} aria-label="Notification channel" noValidate>
      {errors[''] && <Alert tone="danger">{errors['']}</Alert>}
      <div className="form-row">
        <Select label="Kind" value={kind} disabled={!!initial} onChange={(e) => setKind(e.target.value as ChannelKind)} error={errors.kind}>
          {CHANNEL_KINDS.map((k) => (
            <option key={k} value={k}>
              {CHANNEL_KIND_LABELS[k]}
            </option>
          ))}
        </Select>
        <TextInput label="Channel name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
        <Checkbox label="Enabled" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
      </div>
      {kind === 'inbox' ? (
        <p className="muted">Pages appear in the paged person's Inbox in Runwell, with the runbook and the acknowledge button. Nothing leaves Runwell: add a Slack or e-mail channel too so a page reaches people away from the screen.</p>
      ) : kind !== 'smtp' ? (
        <TextInput label={kind === 'slack' ? 'Slack incoming-webhook URL' : 'Webhook URL'} type="password" autoComplete="off" value={url} onChange={(e) => setUrl(e.target.value)} error={errors.url} hint={keep ?? 'Stored sealed; never shown again'} />
      ) : (
        <div className="form-row">
          <TextInput label="SMTP host" value={host} onChange={(e) => setHost(e.target.value)} error={errors.host} />
          <TextInput label="Port" type="number" value={port} onChange={(e) => setPort(e.target.value)} error={errors.port} />
          <Checkbox label="Implicit TLS (port 465)" checked={secure} onChange={(e) => setSecure(e.target.checked)} />
          <TextInput label="Username" value={username} onChange={(e) => setUsername(e.target.value)} error={errors.username} />
          <TextInput label="Password" type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} error={errors.password} hint={keep} />
          <TextInput label="From address" value={from} onChange={(e) => setFrom(e.target.value)} error={errors.from} />
        </div>
      )}
      <div className="row">
        <Button type="submit" variant="primary" busy={save.isPending}>
          Save channel
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
