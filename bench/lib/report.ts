import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { LoadResult } from './load';

// The pieces of a results file that load benchmarks share: the machine, its
// load average, a load run's cells, and the file itself.

/** The 1 / 5 / 15-minute load averages, now. */
export const loadAverage = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');

export const machine = (): string => `${cpus().length} CPU(s) (${cpus()[0]?.model.trim()})`;

export const ms = (x: number): string => (Number.isNaN(x) ? '–' : `${Math.round(x)} ms`);

/** A load run's table cells: sent, p50, p95 (bold), p99, max, failed with the first error. */
export const loadCells = (r: LoadResult): string[] => [
  `${r.sent} in ${r.seconds.toFixed(0)} s`,
  ms(r.p50),
  `**${ms(r.p95)}**`,
  ms(r.p99),
  ms(r.max),
  `${r.failed}${r.firstError ? ` (${r.firstError})` : ''}`,
];

export const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;

/** Writes bench/results/<name>.md and prints it. */
export function writeResult(name: string, lines: readonly string[]): void {
  const text = `${lines.join('\n')}\n`;
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/${name}.md`, text);
  process.stdout.write(text);
}
