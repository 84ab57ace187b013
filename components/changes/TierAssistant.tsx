'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { Tier } from '@/server/changes/changes.schema';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsFrom } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { TierBadge } from './ChangeBadges';
import { Button } from '../ui/Button';
import { Textarea } from '../ui/Field';

// "Which tier is this?": paste the manifests before and after (e.g. `kubectl
// get -o yaml` and the PR's files); the seed's rules answer with every reason,
// and the tier can be taken into the form. Same engine as `runwell change classify`.
export function TierAssistant({ onUse }: { onUse: (tier: Tier) => void }) {
  const trpc = useTRPC();
  const [before, setBefore] = useState('');
  const [after, setAfter] = useState('');
  const classify = useMutation(trpc.changes.classify.mutationOptions());
  const errors = classify.isError ? fieldErrorsFrom(classify.error) : {};
  return (
    <details className="tier-assistant">
      <summary>Suggest the tier from manifests</summary>
      <div className="form-row">
        <Textarea label="Before (YAML or JSON)" value={before} onChange={(e) => setBefore(e.target.value)} rows={6} error={errors.before} spellCheck={false} />
        <Textarea label="After" value={after} onChange={(e) => setAfter(e.target.value)} rows={6} error={errors.after} spellCheck={false} />
      </div>
      <Button onClick={() => classify.mutate({ before, after })} busy={classify.isPending} disabled={!before.trim() && !after.trim()}>
        Classify
      </Button>
      {classify.isError && !errors.before && !errors.after && <Alert tone="danger">{errorMessage(classify.error)}</Alert>}
      {classify.data && (
        <div aria-live="polite">
          <p>
            <TierBadge tier={classify.data.tier} />{' '}
            {classify.data.reasons.length === 0 ? 'No difference between the two sets.' : `${classify.data.reasons.length} change${classify.data.reasons.length === 1 ? '' : 's'}:`}{' '}
            <Button size="sm" variant="ghost" onClick={() => onUse(classify.data!.tier)}>
              Use {classify.data.tier}
            </Button>
          </p>
          <ul className="change-reasons">
            {classify.data.reasons.map((r, i) => (
              <li key={i}>
                <strong>{r.tier}</strong> {r.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </details>
  );
}
