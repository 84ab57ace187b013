// Kubernetes resource quantities (k8s.io/apimachinery resource.Quantity), parsed
// exactly: "0.1" CPU must be 100 millicores, not 100.00000000000001, so values
// are kept as a BigInt rational until they are rounded the way the API does
// (MilliValue()/Value() round up).
//
// Grammar (from quantity.go):
//   <quantity>       ::= <signedNumber><suffix>
//   <suffix>         ::= <binarySI> | <decimalExponent> | <decimalSI>
//   <binarySI>       ::= Ki | Mi | Gi | Ti | Pi | Ei
//   <decimalSI>      ::= n | u | m | "" | k | M | G | T | P | E
//   <decimalExponent>::= "e" <signedNumber> | "E" <signedNumber>

export class QuantityError extends Error {
  constructor(public readonly input: string) {
    super(`"${input}" is not a Kubernetes quantity (examples: 100m, 1.5, 512Mi, 1G, 1e3)`);
    this.name = 'QuantityError';
  }
}

/** value = sign × digits × 10^exp10 × 2^exp2 */
interface Exact {
  negative: boolean;
  digits: bigint;
  exp10: number;
  exp2: number;
}

const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;

function parseExact(input: string): Exact {
  const m = QUANTITY.exec(input.trim());
  if (!m) throw new QuantityError(input);
  const [, sign, number, suffix, exponent] = m;
  const [whole = '', fraction = ''] = number!.split('.');
  const digits = BigInt(`${whole}${fraction}` || '0');
  let exp10 = -fraction.length;
  let exp2 = 0;
  if (exponent !== undefined) {
    const e = Number(exponent);
    // The API server refuses absurd exponents too; this also keeps BigInt small.
    if (Math.abs(e) > 30) throw new QuantityError(input);
    exp10 += e;
  } else if (suffix !== undefined && suffix in BINARY) exp2 = BINARY[suffix]!;
  else exp10 += DECIMAL[suffix ?? '']!;
  return { negative: sign === '-', digits, exp10, exp2 };
}

/** ceil(value × 10^scale) as a number (the API rounds quantities up). */
function scaledCeil(q: Exact, scale: number): number {
  const e = q.exp10 + scale;
  let num = q.digits * 2n ** BigInt(q.exp2);
  let den = 1n;
  if (e >= 0) num *= 10n ** BigInt(e);
  else den = 10n ** BigInt(-e);
  const quotient = num / den;
  const exact = quotient * den === num;
  // Round away from zero, as Quantity.MilliValue() does (ceil of the magnitude).
  const magnitude = exact ? quotient : quotient + 1n;
  const n = Number(magnitude);
  return q.negative && n !== 0 ? -n : n;
}

/** A quantity as it may appear in JSON: the API always sends strings, scenario files sometimes numbers. */
export type QuantityInput = string | number | null | undefined;

function exactOf(q: string | number): Exact {
  if (typeof q === 'number') {
    if (!Number.isFinite(q)) throw new QuantityError(String(q));
    // Numbers go through their shortest decimal form, as YAML would have written them.
    return parseExact(String(q).replace(/e\+?/, 'e'));
  }
  return parseExact(q);
}

/** Parses a quantity; throws QuantityError when it is not one. */
export function parseQuantity(q: string | number): number {
  const x = exactOf(q);
  // Exact for every integral value below 2^53; fractional values are approximate.
  return (x.negative ? -1 : 1) * Number(x.digits) * 10 ** x.exp10 * 2 ** x.exp2;
}

/** CPU quantity in millicores, rounded up ("100m" → 100, "1.5" → 1500, "250u" → 1). Missing → 0. */
export function cpuMillis(q: QuantityInput): number {
  if (q === null || q === undefined || q === '') return 0;
  return scaledCeil(exactOf(q), 3);
}

/** Memory (or any byte) quantity in bytes, rounded up ("512Mi" → 536870912, "1G" → 1e9). Missing → 0. */
export function bytes(q: QuantityInput): number {
  if (q === null || q === undefined || q === '') return 0;
  return scaledCeil(exactOf(q), 0);
}

/** Like cpuMillis/bytes but answers null instead of throwing, for data read from clusters. */
export function tryQuantity(q: QuantityInput, unit: 'cpu' | 'memory'): number | null {
  try {
    return unit === 'cpu' ? cpuMillis(q) : bytes(q);
  } catch {
    return null;
  }
}
