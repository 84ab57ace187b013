import { useEffect, useRef } from 'react';

/**
 * Asks a query again when `key` changes after the first render (e.g. linking a
 * service to an incident changes which changes and post-mortems are relevant).
 */
export function useRefetchWhen(key: string, refetch: () => unknown): void {
  const shownFor = useRef(key);
  useEffect(() => {
    if (shownFor.current === key) return;
    shownFor.current = key;
    void refetch();
  }, [key, refetch]);
}
