// The dedup caches of the builders: equal sub-objects (probes, conditions,
// container states, image IDs...) are shared across 150,000 pods. They are
// dropped once a cluster is built; the objects keep what they share.

export const sharedValues = new Map<string, unknown>();
export const imageIds = new Map<string, string>();
export const conditionCache = new Map<string, unknown[]>();
export const runningStates = new Map<string, unknown>();
export const hostIpLists = new Map<string, unknown>();

/** Drop the dedup caches once a cluster is built (the objects keep what they share). */
export function clearBuilderCaches(): void {
  sharedValues.clear();
  imageIds.clear();
  runningStates.clear();
  hostIpLists.clear();
  conditionCache.clear();
}
