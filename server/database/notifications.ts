import { resolveDatabaseUrlSync } from './database-url';
import { GuardedClient } from './pg-client';

// News from other processes that a fact behind a per-process memo changed.
//
// Statement triggers in PostgreSQL (migration 20261206200000_fact_notify)
// NOTIFY channel `runwell_facts` with a topic ('slos') when the tables behind
// a memo are written. NOTIFY is transactional: it is sent when the write
// commits and never for one rolled back, so a process that hears it and reads
// again sees the write. Every long-running process (the web server, workers)
// LISTENs on one dedicated connection; a web replica then drops its SLO lists
// about a second after another replica or the worker's sampler wrote, instead
// of serving them until their time bound.
//
// While the connection is down notices may be missed: on every (re)connect the
// listeners hear '*' (drop everything), and it is retried with backoff.

export const FACT_CHANNEL = 'runwell_facts';
type Listener = (topic: string) => void;

// One listener per process: Next.js loads server modules once per route
// bundle, so the state lives on globalThis, where instrumentation.ts's
// instance and every route's instance find the same connection and listeners.
type ListenerState = { listeners: Set<Listener>; client: GuardedClient | null; running: boolean; retryTimer?: NodeJS.Timeout };
const holder = globalThis as unknown as { runwellFactListener?: ListenerState };
const state: ListenerState = (holder.runwellFactListener ??= { listeners: new Set(), client: null, running: false });
const listeners = state.listeners;

function emit(topic: string): void {
  for (const listener of listeners) listener(topic);
}

/** Hear topics written by any process (once `startFactListener` runs in this one). */
export function onDatabaseFact(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * A counter that moves when another process writes one of `topics` (or after a
 * gap in listening): at once on a first notice, then at most once per
 * `coalesceMs` however many notices arrive (a trailing move covers those), so
 * a memo that has it in its version sees a write as soon as its notice lands
 * while a backfill or an alert storm costs it one recomputation a second.
 */
export function factGeneration(topics: readonly string[], coalesceMs = 1_000): () => number {
  let generation = 0;
  let window: NodeJS.Timeout | undefined;
  let trailing = false;
  const close = () => {
    window = undefined;
    if (!trailing) return;
    trailing = false;
    generation += 1;
    open();
  };
  const open = () => {
    window = setTimeout(close, coalesceMs);
    window.unref();
  };
  onDatabaseFact((topic) => {
    if (topic !== '*' && !topics.includes(topic)) return;
    if (window) {
      trailing = true;
      return;
    }
    generation += 1;
    open();
  });
  return () => generation;
}

async function connect(attempt: number): Promise<void> {
  if (!state.running) return;
  const c = new GuardedClient({ connectionString: resolveDatabaseUrlSync(), application_name: 'runwell-facts' });
  let retried = false;
  const retry = () => {
    if (retried) return;
    retried = true;
    if (state.client === c) state.client = null;
    c.end().catch(() => undefined);
    if (!state.running) return;
    state.retryTimer = setTimeout(() => void connect(attempt + 1), Math.min(30_000, 500 * 2 ** attempt));
    state.retryTimer.unref();
  };
  c.on('error', retry);
  c.on('end', retry);
  try {
    await c.connect();
    await c.query(`LISTEN ${FACT_CHANNEL}`);
  } catch {
    retry();
    return;
  }
  if (!state.running) {
    await c.end().catch(() => undefined);
    return;
  }
  state.client = c;
  c.on('notification', (n) => emit(n.payload || '*'));
  // Anything written while we were not listening is unknown: drop everything once.
  emit('*');
}

/** Opens the LISTEN connection (idempotent); long-running processes call it at start. */
export function startFactListener(): void {
  if (state.running) return;
  state.running = true;
  void connect(0);
}

export async function stopFactListener(): Promise<void> {
  state.running = false;
  clearTimeout(state.retryTimer);
  const c = state.client;
  state.client = null;
  await c?.end().catch(() => undefined);
}

/** Whether the LISTEN connection is up (health, tests). */
export function factListenerConnected(): boolean {
  return state.client !== null;
}
