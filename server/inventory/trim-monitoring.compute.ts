import { arr, type J, pick, rec } from './trim.compute';

// PrometheusRules as Runwell keeps them: the rule groups readiness and the SLO
// pages read. Pure.

export function trimPrometheusRule(o: J): J {
  const groups = arr(rec(o.spec).groups).map((g) => ({
    ...pick(g, ['name', 'interval']),
    rules: arr(g.rules).map((r) => pick(r, ['alert', 'record', 'expr', 'for', 'labels', 'annotations'])),
  }));
  return { spec: { groups } };
}
