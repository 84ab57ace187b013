// PromQL tokens: identifiers, numbers, strings, operators and durations (only
// inside [...], where a duration is expected).

import { PromQLError } from './language';

export type Tok = { k: 'id' | 'num' | 'str' | 'op' | 'dur'; v: string; pos: number };

const DURATION_RE = /^(\d+(?:ms|[smhdwy]))+/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };

export function parseDurationMs(text: string): number {
  if (!DURATION_RE.test(text) || text.replace(DURATION_RE, '') !== '') throw new PromQLError(`bad duration "${text}"`);
  let ms = 0;
  for (const m of text.matchAll(/(\d+)(ms|[smhdwy])/g)) ms += Number(m[1]) * UNIT_MS[m[2]!]!;
  return ms;
}

export function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#') throw new PromQLError('comments are not supported');
    // Inside [...] a duration is expected; everywhere else digits start a number.
    const prev = out[out.length - 1];
    if (prev?.k === 'op' && prev.v === '[') {
      const m = DURATION_RE.exec(src.slice(i));
      if (m) {
        out.push({ k: 'dur', v: m[0], pos: i });
        i += m[0].length;
        continue;
      }
    }
    const num = /^(\d+\.?\d*(?:e[+-]?\d+)?|\.\d+)/i.exec(src.slice(i));
    if (num) {
      out.push({ k: 'num', v: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    const id = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(src.slice(i));
    if (id) {
      out.push({ k: 'id', v: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && c !== '`') {
          const n = src[j + 1];
          s += n === 'n' ? '\n' : n === 't' ? '\t' : (n ?? '');
          j += 2;
        } else s += src[j++];
      }
      if (j >= src.length) throw new PromQLError(`unterminated string at position ${i}`);
      out.push({ k: 'str', v: s, pos: i });
      i = j + 1;
      continue;
    }
    const op = ['=~', '!~', '!=', '>=', '<=', '==', '>', '<', '=', '+', '-', '*', '/', '(', ')', '{', '}', '[', ']', ','].find((o) => src.startsWith(o, i));
    if (!op) throw new PromQLError(`unexpected character "${c}" at position ${i}`);
    out.push({ k: 'op', v: op, pos: i });
    i += op.length;
  }
  return out;
}
