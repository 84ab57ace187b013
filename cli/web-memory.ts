import path from 'node:path';

// How `runwell serve` starts the web process, memory-wise (docs/ops.md,
// "Memory of the web process"). Measured under the Overview at 50 requests/s
// (bench:overview): with glibc's malloc the RSS climbed past 500 MiB within a
// minute, a quarter of it glibc's main arena holding freed memory it could not
// give back; with jemalloc it stayed near 340 MiB at the same CPU per request.

/** Where Debian and other distributions put jemalloc's shared library (package libjemalloc2). */
export const JEMALLOC_PATHS = [
  '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2',
  '/usr/lib/aarch64-linux-gnu/libjemalloc.so.2',
  '/usr/lib64/libjemalloc.so.2',
  '/usr/lib/libjemalloc.so.2',
];

/** V8's young generation per semi-space, in MiB: Node's default on a large machine is 32 and holds that much garbage. */
export const WEB_SEMI_SPACE_MB = 8;

/**
 * The web process's old-space limit when RUNWELL_WEB_HEAP_MB is unset, in MiB.
 * Node's own sizing is a quarter of the memory (the container's limit, else the
 * machine's): gigabytes on a large machine, where V8 then lets garbage pile up
 * to several times the live heap before collecting hard. The live heap is about
 * 140 MiB on the benchmark's installation (1,000 SLOs; 10,000 add 10 MiB), and
 * with 320 the process held under 400 MiB of RSS under the Overview's load
 * (docs/ops.md, "Memory of the web process"). Never more than Node would choose.
 */
export const WEB_HEAP_DEFAULT_MB = 320;

export function defaultWebHeapMb(memory: { totalBytes: number; constrainedBytes: number }): number {
  const available = memory.constrainedBytes > 0 ? Math.min(memory.constrainedBytes, memory.totalBytes) : memory.totalBytes;
  return Math.min(WEB_HEAP_DEFAULT_MB, Math.floor(available / 4 / 1024 ** 2));
}

export type WebMemoryInput = {
  /** RUNWELL_WEB_HEAP_MB: old-space limit; 0 = Node's own sizing, undefined = defaultWebHeapMb. */
  heapMb: number | undefined;
  /** The memory the process may use, for the default limit (os.totalmem(), process.constrainedMemory()). */
  memory: { totalBytes: number; constrainedBytes: number };
  /** RUNWELL_WEB_JEMALLOC: unset = find it, 'off', or a library path. */
  jemalloc: string | undefined;
  /** The environment's own LD_PRELOAD and MALLOC_ARENA_MAX, kept. */
  preload: string | undefined;
  arenaMax: string | undefined;
  exists: (file: string) => boolean;
};

export type WebMemory = { nodeArgs: string[]; env: Record<string, string>; allocator: string; heap: string } | { error: string };

export function webMemory(input: WebMemoryInput): WebMemory {
  const heapMb = input.heapMb ?? defaultWebHeapMb(input.memory);
  const heap = heapMb === 0 ? "old space sized by Node (RUNWELL_WEB_HEAP_MB=0)" : `old space ${heapMb} MiB${input.heapMb === undefined ? ' (default; RUNWELL_WEB_HEAP_MB to change)' : ''}`;
  const nodeArgs = [`--max-semi-space-size=${WEB_SEMI_SPACE_MB}`, ...(heapMb > 0 ? [`--max-old-space-size=${heapMb}`] : [])];
  // glibc's malloc, should it be the one: two arenas instead of eight per core.
  const env: Record<string, string> = { MALLOC_ARENA_MAX: input.arenaMax ?? '2' };
  let library: string | null = null;
  if (input.jemalloc === undefined) library = JEMALLOC_PATHS.find((p) => input.exists(p)) ?? null;
  else if (input.jemalloc !== 'off') {
    if (!path.isAbsolute(input.jemalloc) || !input.exists(input.jemalloc)) {
      return { error: `RUNWELL_WEB_JEMALLOC must be "off" or the absolute path of an existing jemalloc library (got "${input.jemalloc}")` };
    }
    library = input.jemalloc;
  }
  if (!library) return { nodeArgs, env, allocator: `glibc malloc (${env.MALLOC_ARENA_MAX} arenas)`, heap };
  env.LD_PRELOAD = [library, input.preload].filter(Boolean).join(' ');
  return { nodeArgs, env, allocator: `jemalloc (${library})`, heap };
}
