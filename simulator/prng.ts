// Deterministic pseudo-random numbers for the simulator. Same seed, same cluster.
// sfc32 seeded through a string hash (cyrb128); fork(label) derives an independent
// stream so that adding draws in one part of the generator does not shift another.

function cyrb128(input: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < input.length; i++) {
    const k = input.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** Stable 32-bit hash of a string (FNV-1a). */
export function hash32(input: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const HEX = '0123456789abcdef';
// The alphabet Kubernetes uses for generated name suffixes and pod-template-hash.
const KUBE_ALNUM = 'bcdfghjklmnpqrstvwxz2456789';

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly seed: string | number) {
    [this.a, this.b, this.c, this.d] = cyrb128(String(seed));
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Pick by weight: entries are [value, weight]. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return entries[entries.length - 1]![0];
  }

  // Strings are built from char codes in one go: concatenating characters one by one
  // would leave V8 "cons strings" of 64 nodes behind each id (kilobytes per pod).
  hex(length: number): string {
    const codes = new Array<number>(length);
    for (let i = 0; i < length; i++) codes[i] = HEX.charCodeAt(Math.floor(this.next() * 16));
    return String.fromCharCode(...codes);
  }

  /** Kubernetes-style random suffix (generateName, pod-template-hash). */
  kubeSuffix(length = 5): string {
    const codes = new Array<number>(length);
    for (let i = 0; i < length; i++) codes[i] = KUBE_ALNUM.charCodeAt(Math.floor(this.next() * KUBE_ALNUM.length));
    return String.fromCharCode(...codes);
  }

  /** RFC 4122 version 4 layout, deterministic. */
  uuid(): string {
    const codes = new Array<number>(36);
    for (let i = 0; i < 36; i++) {
      if (i === 8 || i === 13 || i === 18 || i === 23) codes[i] = 45; // '-'
      else if (i === 14) codes[i] = 52; // '4'
      else if (i === 19) codes[i] = HEX.charCodeAt(8 + Math.floor(this.next() * 4));
      else codes[i] = HEX.charCodeAt(Math.floor(this.next() * 16));
    }
    return String.fromCharCode(...codes);
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  /** An independent stream derived from this generator's seed and a label. */
  fork(label: string): Prng {
    return new Prng(`${String(this.seed)}/${label}`);
  }
}
