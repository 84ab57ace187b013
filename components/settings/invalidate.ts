'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../trpc/client';

// After any admin change, the list it changed and the audit log are stale.
export function useInvalidateAfterChange(list: 'users' | 'tokens') {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc[list].list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() }),
    ]);
}
