'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { OpenPostmortem } from '@/server/postmortems/postmortems.service';
import { ACTION_PRIORITIES, ACTION_STATUS_LABELS, ACTION_STATUSES, ACTION_TYPES, type ActionStatus } from '@/server/postmortems/postmortems.schema';
import { formatDate } from '../format/time';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsFrom } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { Select, TextInput } from '../ui/Field';
import { Table } from '../ui/Table';

type Item = OpenPostmortem['actionItems'][number];

// Action items of one post-mortem: writers add and edit them; an item's owner
// may move its status along. "Won't do" asks for the reason.
export function ActionItemsPanel({ data, canWrite, userId, onChange }: { data: OpenPostmortem; canWrite: boolean; userId: string; onChange: () => void }) {
  const trpc = useTRPC();
  const create = useMutation(trpc.postmortems.createActionItem.mutationOptions({ onSuccess: onChange }));
  const update = useMutation(trpc.postmortems.updateActionItem.mutationOptions({ onSuccess: onChange }));
  const [formKey, setFormKey] = useState(0);
  const errors = create.error ? fieldErrorsFrom(create.error) : {};
  const now = Date.now();

  function add(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const due = String(f.get('dueAt') ?? '');
    create.mutate(
      {
        postMortemId: data.postmortem.id,
        title: String(f.get('title') ?? ''),
        type: String(f.get('type')) as (typeof ACTION_TYPES)[number],
        priority: String(f.get('priority')) as 'P1' | 'P2' | 'P3',
        ownerId: String(f.get('ownerId') ?? '') || null,
        dueAt: due ? new Date(`${due}T17:00:00`) : null,
        trackerUrl: String(f.get('trackerUrl') ?? '') || null,
      },
      { onSuccess: () => setFormKey((k) => k + 1) },
    );
  }

  function setStatus(item: Item, status: ActionStatus) {
    if (status === 'wont_do') {
      const reason = window.prompt(`Why won't "${item.title}" be done?`);
      if (!reason) return;
      update.mutate({ id: item.id, status, wontDoReason: reason });
    } else update.mutate({ id: item.id, status });
  }

  return (
    <Card id="action-items" title={`Action items (${data.actionItems.length})`} aria-label="Action items">
      {update.isError && (
        <Alert tone="danger" title="Not saved">
          {errorMessage(update.error)}
        </Alert>
      )}
      {data.actionItems.length === 0 ? (
        <p className="muted">No action items yet. Each one gets an owner and a due date; overdue ones remind their owner.</p>
      ) : (
        <Table caption="Action items of this post-mortem" columns={['Action', 'Type', 'Priority', 'Owner', 'Due', 'Status']}>
          {data.actionItems.map((a) => {
            const overdue = a.dueAt !== null && now > a.dueAt && (a.status === 'open' || a.status === 'in_progress');
            const mayStatus = canWrite || a.owner?.id === userId;
            return (
              <tr key={a.id}>
                <td>
                  {a.trackerUrl ? (
                    <a href={a.trackerUrl} rel="noreferrer noopener" target="_blank">
                      {a.title}
                    </a>
                  ) : (
                    a.title
                  )}
                  {a.wontDoReason && <div className="muted">Won&apos;t do: {a.wontDoReason}</div>}
                </td>
                <td>{a.type}</td>
                <td>{a.priority}</td>
                <td>{a.owner?.name ?? '—'}</td>
                <td className="nowrap">
                  {a.dueAt ? formatDate(new Date(a.dueAt)) : '—'} {overdue && <Badge tone="danger">overdue</Badge>}
                </td>
                <td>
                  {mayStatus ? (
                    <select aria-label={`Status of ${a.title}`} className="select" value={a.status} onChange={(e) => setStatus(a, e.target.value as ActionStatus)}>
                      {ACTION_STATUSES.map((s) => (
                        <option key={s} value={s}>
                          {ACTION_STATUS_LABELS[s]}
                        </option>
                      ))}
                    </select>
                  ) : (
                    ACTION_STATUS_LABELS[a.status]
                  )}
                </td>
              </tr>
            );
          })}
        </Table>
      )}
      {canWrite && (
        <form className="form no-print" onSubmit={add} key={formKey} aria-label="Add an action item">
          <div className="form-row">
            <TextInput label="Action item" name="title" required placeholder="Alert on cart client timeouts" error={errors.title} />
            <Select label="Type" name="type" defaultValue="prevent" error={errors.type}>
              {ACTION_TYPES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </Select>
            <Select label="Priority" name="priority" defaultValue="P2">
              {ACTION_PRIORITIES.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </Select>
          </div>
          <div className="form-row">
            <Select label="Owner" name="ownerId" defaultValue="" error={errors.ownerId}>
              <option value="">Nobody yet</option>
              {data.people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </Select>
            <TextInput label="Due" name="dueAt" type="date" error={errors.dueAt} />
            <TextInput label="Tracker link" name="trackerUrl" type="url" placeholder="https://tracker.example/OPS-123" error={errors.trackerUrl} />
          </div>
          {create.isError && !Object.keys(errors).some((k) => k) && <Alert tone="danger">{errorMessage(create.error)}</Alert>}
          <div className="form-actions">
            <Button type="submit" busy={create.isPending}>
              Add action item
            </Button>
          </div>
        </form>
      )}
    </Card>
  );
}
