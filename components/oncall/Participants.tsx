'use client';

import { useState } from 'react';
import { Button } from '../ui/Button';
import { Select } from '../ui/Field';

// A layer's participants in turn order: add, move up and down, remove.

export function Participants({ value, people, onChange, error, label }: { value: string[]; people: { id: string; name: string; email: string }[]; onChange: (v: string[]) => void; error?: string; label: string }) {
  const [pick, setPick] = useState('');
  const name = (id: string) => people.find((p) => p.id === id)?.name ?? id;
  const move = (i: number, d: number) => {
    const next = [...value];
    const [x] = next.splice(i, 1);
    next.splice(i + d, 0, x!);
    onChange(next);
  };
  return (
    <div>
      <p>
        <strong>Participants, in turn order</strong>
      </p>
      {value.length === 0 && <p className="muted">Nobody yet.</p>}
      <ol className="oncall-participants">
        {value.map((id, i) => (
          <li key={`${id}-${i}`}>
            {name(id)}{' '}
            <Button size="sm" variant="ghost" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Move ${name(id)} up`}>
              ↑
            </Button>
            <Button size="sm" variant="ghost" disabled={i === value.length - 1} onClick={() => move(i, 1)} aria-label={`Move ${name(id)} down`}>
              ↓
            </Button>
            <Button size="sm" variant="ghost" onClick={() => onChange(value.filter((_, j) => j !== i))} aria-label={`Remove ${name(id)}`}>
              Remove
            </Button>
          </li>
        ))}
      </ol>
      <div className="form-row">
        <Select label={`Add participant to ${label}`} value={pick} onChange={(e) => setPick(e.target.value)} error={error}>
          <option value="">Choose a person</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.email})
            </option>
          ))}
        </Select>
        <Button
          disabled={!pick}
          onClick={() => {
            onChange([...value, pick]);
            setPick('');
          }}
        >
          Add participant
        </Button>
      </div>
    </div>
  );
}
