// The helpers every per-kind transform trims with (docs/inventory.md, "What each
// transform keeps"): keep the listed fields, drop empty ones. Pure.

export type J = Record<string, unknown>;

export const rec = (v: unknown): J => (v && typeof v === 'object' && !Array.isArray(v) ? (v as J) : {});
export const arr = (v: unknown): J[] => (Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as J[]) : []);
export const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Copies the listed keys that are present (undefined keys are left out, so JSON stays small). */
export function pick(obj: unknown, keys: readonly string[]): J {
  const src = rec(obj);
  const out: J = {};
  for (const k of keys) if (src[k] !== undefined) out[k] = src[k];
  return out;
}

export function compact(obj: J): J {
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (v === undefined || (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0)) delete obj[k];
  }
  return obj;
}

/** A kind kept as its listed spec and status fields ('all': as it is). */
export const specStatus =
  (specKeys: readonly string[] | 'all', statusKeys: readonly string[] | 'all' = []) =>
  (o: J): J =>
    compact({
      spec: specKeys === 'all' ? rec(o.spec) : pick(o.spec, specKeys),
      status: statusKeys === 'all' ? rec(o.status) : pick(o.status, statusKeys),
    });
