// What the API front is given by startSimulator: the store, the controllers, the
// clock, fault injection and the limits of watches.

import type { Controllers } from '../controllers';
import type { ShopSeries } from '../prom-series';
import type { Prng } from '../prng';
import type { ClusterStore } from '../store';

export interface Faults {
  /** Fraction (0..1) of API requests answered with 500 InternalError. */
  errorRate: number;
  /** Delay added before every API response. */
  slowMs: number;
  /** End every watch after this many seconds (0 = never). */
  dropWatchEverySeconds: number;
  /** How a dropped watch ends: a clean end of the stream, or a reset connection. */
  dropWatchMode: 'end' | 'destroy';
}

export interface ServerContext {
  store: ClusterStore;
  controllers: Controllers;
  clock: () => number;
  faults: Faults;
  faultPrng: Prng;
  token?: string;
  version: { gitVersion: string; major: string; minor: string };
  bookmarkIntervalMs: number;
  /** Default watch duration when the client gives no timeoutSeconds. */
  defaultWatchSeconds: number;
  /** Watches whose unsent backlog exceeds this many bytes are closed. */
  maxWatchBacklogBytes: number;
  address: () => string;
  log?: (line: string) => void;
  /** Synthetic metrics answered by the Prometheus API under /prometheus (simulator/README.md). */
  metrics?: ShopSeries;
}
