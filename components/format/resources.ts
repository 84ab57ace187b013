// CPU (millicores) and memory (bytes) for people: "1.5 cores", "250m", "1.5 GiB".

export function formatCpu(millis: number | null | undefined, empty = '—'): string {
  if (millis === null || millis === undefined) return empty;
  if (Math.abs(millis) >= 1000) {
    const cores = millis / 1000;
    const text = Number.isInteger(cores) ? cores.toLocaleString('en-US') : cores.toLocaleString('en-US', { maximumFractionDigits: cores >= 100 ? 0 : cores >= 10 ? 1 : 2 });
    return `${text} ${cores === 1 ? 'core' : 'cores'}`;
  }
  return `${Math.round(millis)}m`;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function formatBytes(n: number | null | undefined, empty = '—'): string {
  if (n === null || n === undefined) return empty;
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  const text = Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: v >= 100 ? 0 : v >= 10 ? 1 : 2 });
  return `${n < 0 ? '-' : ''}${text} ${UNITS[i]}`;
}

export function formatResource(resource: 'cpu' | 'memory', value: number | null | undefined): string {
  return resource === 'cpu' ? formatCpu(value) : formatBytes(value);
}

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : n.toLocaleString('en-US');
}
export function formatAge(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return 'no data yet';
  if (seconds < 90) return `${Math.round(seconds)} s old`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min old`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h old`;
  return `${Math.round(seconds / 86400)} days old`;
}
