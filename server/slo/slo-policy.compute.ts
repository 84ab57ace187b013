// The error budget policy of the product spec ("Error budget policy"): what a
// team may do given the budget left in the current window.
//
//   remaining > 50 %        normal
//   25 % <= remaining <= 50 caution
//   10 % <= remaining < 25  restricted
//   0 % < remaining < 10    freeze
//   remaining <= 0          exhausted
//
// The spec's "25-50 %" and "10-25 %" overlap at 25 %; we put exactly 25 % in the
// milder band (and exactly 50 % out of "normal", which the spec reserves for
// "> 50 %").

import type { PolicyBand } from '../lib/policy-bands';

export type PolicyBandInfo = { band: PolicyBand; range: string; action: string };

export const POLICY_BANDS: readonly PolicyBandInfo[] = [
  { band: 'normal', range: '> 50%', action: 'Normal operations; T1/T2/T3 changes allowed' },
  { band: 'caution', range: '25–50%', action: 'T3 changes require extra review; increase canary duration' },
  { band: 'restricted', range: '10–25%', action: 'No T3 changes; T2 changes require CISO/VP approval' },
  { band: 'freeze', range: '< 10%', action: 'Feature freeze: only reliability/security work merges; all-hands reliability sprint' },
  { band: 'exhausted', range: 'Exhausted', action: 'Incident declared; post-mortem mandatory; SLO review within 1 week' },
];

export function policyBand(remainingPercent: number): PolicyBand {
  // Sums of floats land a hair off round figures (9.999999999 for 10): compare at 1e-9.
  const r = Math.round(remainingPercent * 1e9) / 1e9;
  if (r > 50) return 'normal';
  if (r >= 25) return 'caution';
  if (r >= 10) return 'restricted';
  if (r > 0) return 'freeze';
  return 'exhausted';
}

export function policyFor(remainingPercent: number): PolicyBandInfo {
  const band = policyBand(remainingPercent);
  return POLICY_BANDS.find((b) => b.band === band)!;
}
