'use client';

import { useState } from 'react';
import type { EscalationStep } from '@/server/oncall/oncall.schema';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { LeadlessWarning } from './LeadlessWarning';
import { PolicyForm } from './PolicyForm';
import type { Overview } from './useOncallOverview';

// The escalation policies: each one's steps in words, and its editor.

export function EscalationPolicies({ data, canManage, teamId, name }: { data: Overview; canManage: boolean; teamId: string; name: (id: string | null) => string }) {
  const [editing, setEditing] = useState<Overview['policies'][number] | 'new' | null>(null);
  const describe = (t: EscalationStep['targets'][number]) =>
    t.type === 'schedule' ? `on call on ${data.schedules.find((s) => s.id === t.scheduleId)?.name ?? 'a schedule'}` : t.type === 'user' ? name(t.userId) : `team lead${t.teamId ? ` of ${data.teams.find((x) => x.id === t.teamId)?.name ?? t.teamId}` : ''}`;
  return (
    <Card title="Escalation policies" actions={canManage ? <Button size="sm" onClick={() => setEditing('new')}>New policy</Button> : undefined}>
      {data.policies.length === 0 && <p className="muted">No policy yet: pages go to the team&apos;s schedules, else its lead. A common shape: whoever is on call at once, the team lead after 15 min unacknowledged, the head of engineering after 30, so a page never waits on one person.</p>}
      {data.policies.map((p) => (
        <div key={p.id}>
          <h3>
            {p.name} <span className="muted">({data.teams.find((t) => t.id === p.teamId)?.name})</span> {p.isDefault && <Badge tone="info">default</Badge>}{' '}
            {canManage && (
              <Button size="sm" variant="ghost" onClick={() => setEditing(p)}>
                Edit policy {p.name}
              </Button>
            )}
          </h3>
          {p.problem && <Alert tone="danger">{p.problem}</Alert>}
          <LeadlessWarning steps={p.steps} teamId={p.teamId} teams={data.teams} />
          <ol>
            {p.steps.map((s, i) => (
              <li key={i}>
                {s.afterMinutes === 0 ? 'At once' : `After ${s.afterMinutes} min unacknowledged`}: page {s.targets.map(describe).join(', ')}
              </li>
            ))}
          </ol>
        </div>
      ))}
      {editing && <PolicyForm data={data} initial={editing === 'new' ? null : editing} teamId={teamId} onDone={() => setEditing(null)} />}
    </Card>
  );
}
