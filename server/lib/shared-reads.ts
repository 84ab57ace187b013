import type { Actor } from './roles';

// Micro-caching of the dashboard reads every viewer asks at once.
//
// The Overview refreshes each card every 30 s for every open browser: at 50
// page loads a second its ten procedures would each run 50 times a second for
// figures that are the same for everyone allowed to see them. A procedure
// declared with `sharedReadFor` answers from a result computed for the same
// input and the same access (the user's role, or the token's scopes: what
// `can` decides on) less than `ttlMs` ago; concurrent callers share one
// computation. Authorization still runs for every call before the cache is
// asked. A successful mutation in this process drops every entry (the user
// who just acted sees it at once); another process's writes show within ttlMs.
// Only procedures whose answers depend on nothing else of the caller take it.

/** How long the Overview's reads are shared: each runs at most once per this per access class and process. */
export const DASHBOARD_SHARE_MS = 2_000;

type Entry = { at: number; value: Promise<unknown> };

const MAX_ENTRIES = 500;
// Per process (globalThis): Next.js loads this module once per route bundle, and
// a write through a REST route must drop what the tRPC route shares.
const holder = globalThis as unknown as { runwellSharedReads?: Map<string, Entry> };
const entries = (holder.runwellSharedReads ??= new Map());

/** What a caller's answers may depend on: role for people, scopes for tokens. */
export function accessClass(actor: Actor): string {
  if (actor.kind === 'user') return `user:${actor.role}`;
  if (actor.kind === 'token') return `token:${[...actor.scopes].sort().join(',')}`;
  return 'system';
}

export function sharedRead<T>(key: string, ttlMs: number, compute: () => Promise<T>, now = Date.now()): Promise<T> {
  const hit = entries.get(key);
  if (hit && now - hit.at < ttlMs) return hit.value as Promise<T>;
  const value = compute();
  entries.delete(key);
  entries.set(key, { at: now, value });
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  // A failure is not shared: the next caller tries again.
  value.catch(() => forgetSharedRead(key, value));
  return value;
}

/** Drops `key` if it still holds `value` (a result that must not be shared). */
export function forgetSharedRead(key: string, value: Promise<unknown>): void {
  if (entries.get(key)?.value === value) entries.delete(key);
}

export function clearSharedReads(): void {
  entries.clear();
}
