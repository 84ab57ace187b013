import { asArray, asInt, asRecord, type Json } from '../lib/kube';
import type { KubeObject } from './readiness.schema';
import { ANY_NAMESPACE } from './selector-index.compute';

// The parts of PDBs, HPAs, NetworkPolicies, Services, monitors and
// PrometheusRules the checks read, as the inventory indexes them. Pure.

export interface PdbView {
  name: string;
  minAvailable: number | string | undefined;
  maxUnavailable: number | string | undefined;
}

export interface HpaView {
  name: string;
  /** The API server defaults an absent minReplicas to 1; so does the engine. */
  minReplicas: number;
  maxReplicas: number | undefined;
}

/** The traffic directions a NetworkPolicy governs (its effective policyTypes). */
export interface NetworkPolicyView {
  name: string;
  ingress: boolean;
  egress: boolean;
}

export interface ServiceView {
  nsKey: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface MonitorView {
  kind: string;
  nsKey: string;
  name: string;
}

export interface RuleView {
  name: string;
  alertCount: number;
}
export function pdbView(name: string, spec: Json): PdbView {
  return { name, minAvailable: intOrString(spec.minAvailable), maxUnavailable: intOrString(spec.maxUnavailable) };
}

export function hpaView(name: string, spec: Json): HpaView {
  return { name, minReplicas: asInt(spec.minReplicas) ?? 1, maxReplicas: asInt(spec.maxReplicas) };
}

/**
 * Effective policyTypes, with the API server's defaulting: without policyTypes a
 * policy governs Ingress, and Egress too when it has a non-empty `egress` list.
 */
export function networkPolicyView(name: string, spec: Json): NetworkPolicyView {
  const declared = asArray(spec.policyTypes).map((t) => String(t).toLowerCase());
  if (declared.length > 0) return { name, ingress: declared.includes('ingress'), egress: declared.includes('egress') };
  return { name, ingress: true, egress: asArray(spec.egress).length > 0 };
}

function intOrString(value: unknown): number | string | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return /^\d+$/.test(value) ? Number.parseInt(value, 10) : value;
  return undefined;
}

/** Monitors select targets in their own namespace unless namespaceSelector says otherwise. */
export function monitorNamespaces(spec: Json, ownNs: string): string[] {
  const namespaceSelector = asRecord(spec.namespaceSelector);
  if (namespaceSelector.any === true) return [ANY_NAMESPACE];
  const names = asArray(namespaceSelector.matchNames).filter((n): n is string => typeof n === 'string');
  return names.length > 0 ? names : [ownNs];
}

/** "payment-service-alerts" -> payment, payment-service, payment-service-alerts: a rule named for a service starts with its name. */
export function namePrefixes(name: string): string[] {
  const out: string[] = [];
  let dash = name.indexOf('-');
  while (dash > 0) {
    out.push(name.slice(0, dash));
    dash = name.indexOf('-', dash + 1);
  }
  out.push(name);
  return out;
}

export function alertRulesOf(object: KubeObject): Json[] {
  const rules: Json[] = [];
  for (const group of asArray(asRecord(object.spec).groups)) {
    for (const rule of asArray(asRecord(group).rules)) {
      const r = asRecord(rule);
      if (typeof r.alert === 'string') rules.push(r);
    }
  }
  return rules;
}
