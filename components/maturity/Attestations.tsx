'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ScopeAssessment } from '@/server/maturity/maturity.schema';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';

// The team's attestations, apart from measured evidence: who vouched for what,
// until when, with the evidence link; expired ones no longer count.

const day = (iso: string) => iso.slice(0, 10);

export function Attestations({ a, canAttest }: { a: ScopeAssessment; canAttest: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(trpc.maturity.revokeAttestation.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.maturity.pathFilter()) }));
  const attested = a.markers.filter((m) => m.attestation);
  const open = a.markers.filter((m) => m.attestable && m.status !== 'met').length;
  if (a.scope === 'org') return <p className="muted">Attestations are per team: the organisation counts an unobservable criterion once every team owning services attests it. Choose a team.</p>;
  return (
    <>
      {attested.length === 0 ? (
        <p className="muted">
          No attestations. {open} criteri{open === 1 ? 'on' : 'a'} Runwell cannot observe {open === 1 ? 'is' : 'are'} open{canAttest ? ': use “Attest” on its card.' : '; a lead of the team or an admin can attest them.'}
        </p>
      ) : (
        <ul className="maturity-attestations" aria-label={`Attestations of ${a.team}`}>
          {attested.map((m) => {
            const v = m.attestation!;
            return (
              <li key={m.id}>
                <Badge tone={v.expired ? 'warning' : 'info'}>{v.expired ? 'Expired' : 'Attested'}</Badge>{' '}
                <strong>
                  L{m.level} {m.title}
                </strong>
                : attested by {v.by} until {day(v.until)}
                {v.expired ? ' (no longer counts)' : ''}
                {v.note ? `: ${v.note}` : ''}.{' '}
                <a href={v.evidenceUrl} target="_blank" rel="noreferrer noopener">
                  Evidence
                </a>
                {canAttest && !v.expired && (
                  <>
                    {' '}
                    <Button size="sm" variant="ghost" busy={revoke.isPending && revoke.variables?.id === v.id} onClick={() => revoke.mutate({ id: v.id })}>
                      Revoke
                    </Button>
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {revoke.isError && <Alert tone="danger">{errorMessage(revoke.error)}</Alert>}
    </>
  );
}
