// The error budget policy's bands (product spec, "Error budget policy"), the one
// list every layer reads: the SLO domain assigns them (slo-policy.compute.ts),
// the API validates them, the pages sort and label them.

/** Mildest first: the order the policy table and the filters show. */
const POLICY_BAND_NAMES = ['normal', 'caution', 'restricted', 'freeze', 'exhausted'] as const;
export type PolicyBand = (typeof POLICY_BAND_NAMES)[number];

/** An SLO without samples has no band yet. */
export type BandOrNoData = PolicyBand | 'no-data';
export const BANDS_WITH_NO_DATA: readonly BandOrNoData[] = [...POLICY_BAND_NAMES, 'no-data'];

/** Worst first: the order an SRE lead needs to act in. */
export const BAND_ORDER: readonly BandOrNoData[] = ['exhausted', 'freeze', 'restricted', 'caution', 'normal', 'no-data'];

export function bandRank(band: BandOrNoData): number {
  return BAND_ORDER.indexOf(band);
}
