import { openMetricsText, startPrometheus, type CounterSeries, type RunningPrometheus } from './prometheus';
import { startVictoriaMetrics } from './victoria-metrics';

// The Prometheus-compatible stores Runwell's sampler, backfill and "Test
// connection" are tested against, each started with the same counter history:
//
//   describe.each(METRICS_BACKENDS)('sampler against $name', (backend) => { ... backend.start(series) ... });
//
// Differences in their query APIs are documented in docs/slo.md
// ("Prometheus-compatible stores").

export type MetricsBackend = {
  name: 'Prometheus' | 'VictoriaMetrics';
  start(series: readonly CounterSeries[]): Promise<RunningPrometheus>;
};

export const METRICS_BACKENDS: readonly MetricsBackend[] = [
  { name: 'Prometheus', start: (series) => startPrometheus({ openMetrics: openMetricsText(series) }) },
  { name: 'VictoriaMetrics', start: (series) => startVictoriaMetrics({ series }) },
];
