import { CliError, EXIT } from './exit';

// A whole-number option (a port, a count), with the flag and its bounds in the error.
export function parseCount(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < min || n > max) {
    throw new CliError(`${flag} must be a whole number from ${min} to ${max} (got "${value}")`, EXIT.usage);
  }
  return n;
}
