// What Runwell may know about a ConfigMap's data: its keys, and which values look
// like a private key, never the values themselves. The inventory stores this
// summary instead of `data` (a ConfigMap may hold a credential by mistake, which
// is exactly what sensitiveConfigmapContent is there to find), and readiness reads
// the same summary from a manifest's `data`, so both sides judge alike.

import { asRecord } from './kube';

/** Field of a stored ConfigMap row (InventoryObject.data) holding the summary. */
export const CONFIGMAP_SUMMARY_FIELD = 'dataSummary';

export interface ConfigMapSummary {
  /** Keys of `data` (not binaryData: Polaris' check reads `data` only). */
  keys: string[];
  /** Keys whose value looks like a PEM private key (Polaris' value pattern). */
  privateKeyValues: string[];
}

// Polaris' sensitiveConfigmapContent value pattern: "-----BEGIN (RSA |EC |OPENSSH )PRIVATE KEY-----".
const PRIVATE_KEY = /\s*-BEGIN\s+.*PRIVATE KEY-\s*/i;

function looksLikePrivateKey(value: unknown): boolean {
  return typeof value === 'string' && PRIVATE_KEY.test(value);
}

export function summarizeConfigMapData(data: unknown): ConfigMapSummary {
  const keys: string[] = [];
  const privateKeyValues: string[] = [];
  for (const [key, value] of Object.entries(asRecord(data))) {
    keys.push(key);
    if (looksLikePrivateKey(value)) privateKeyValues.push(key);
  }
  return { keys, privateKeyValues };
}

/** The summary of a ConfigMap object: from its `data` (manifests) or from the stored summary (live inventory). */
export function configMapSummaryOf(object: Record<string, unknown>): ConfigMapSummary {
  if (object.data !== undefined && object.data !== null) return summarizeConfigMapData(object.data);
  const stored = asRecord(object[CONFIGMAP_SUMMARY_FIELD]);
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return { keys: strings(stored.keys), privateKeyValues: strings(stored.privateKeyValues) };
}
