'use client';

import { useEffect, useState } from 'react';
import { formatDate, formatDateTime, formatRelative, toDate } from './time';

// The one date component. `relative` (the default) where recency matters
// ("3 minutes ago", the absolute time on hover); `absolute` for timelines and
// reports; `date` for calendar days. Always a <time> with the ISO instant, so
// copy-paste and screen readers get the exact value.
type WhenProps = {
  at: Date | number | string | null | undefined;
  mode?: 'relative' | 'absolute' | 'date';
  /** Shown when there is no date. */
  empty?: string;
  /** Text before the date inside the same element, e.g. "since ". */
  prefix?: string;
  className?: string;
};

/** The current time, re-read every `everyMs` so relative dates stay true on an open page. */
function useNow(everyMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function When({ at, mode = 'relative', empty = '—', prefix = '', className }: WhenProps) {
  const now = useNow(mode === 'relative' ? 30_000 : 3_600_000);
  const d = toDate(at);
  if (!d) return <span className={className}>{empty}</span>;
  const absolute = formatDateTime(d);
  const text = mode === 'relative' ? formatRelative(d, now) : mode === 'date' ? formatDate(d) : absolute;
  const title = mode === 'relative' ? absolute : `${absolute} (${formatRelative(d, now)})`;
  return (
    // The server renders in its own zone; the browser's text replaces it.
    <time dateTime={d.toISOString()} title={title} className={className} suppressHydrationWarning>
      {prefix}
      {text}
    </time>
  );
}
