// Label and field selectors with the Kubernetes grammar and semantics.
//   labels: a=b, a==b, a!=b, a in (x,y), a notin (x,y), a, !a   (comma = AND)
//   fields: path=value, path==value, path!=value                (comma = AND)
// `!=` and `notin` also match objects that do not carry the label at all.

export class SelectorError extends Error {}

export type LabelRequirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!exists' };

export interface LabelSelector {
  requirements: LabelRequirement[];
  matches(labels: Record<string, string> | undefined): boolean;
  /** Requirements of the form key=value, used to narrow candidate sets. */
  empty: boolean;
}

const KEY_RE = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

type Token = { t: 'id'; v: string } | { t: 'op'; v: string };

function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ t: 'op', v: c });
      i++;
      continue;
    }
    if (c === '!' && input[i + 1] === '=') {
      tokens.push({ t: 'op', v: '!=' });
      i += 2;
      continue;
    }
    if (c === '!') {
      tokens.push({ t: 'op', v: '!' });
      i++;
      continue;
    }
    if (c === '=') {
      if (input[i + 1] === '=') {
        tokens.push({ t: 'op', v: '==' });
        i += 2;
      } else {
        tokens.push({ t: 'op', v: '=' });
        i++;
      }
      continue;
    }
    let j = i;
    while (j < input.length && !' \t\n(),!='.includes(input[j]!)) j++;
    tokens.push({ t: 'id', v: input.slice(i, j) });
    i = j;
  }
  return tokens;
}

function checkKey(key: string): string {
  if (!KEY_RE.test(key) || key.length > 317) throw new SelectorError(`invalid label key "${key}"`);
  return key;
}

function checkValue(value: string): string {
  if (value.length > 63 || !VALUE_RE.test(value)) throw new SelectorError(`invalid label value: "${value}"`);
  return value;
}

export function parseLabelSelector(input: string | undefined | null): LabelSelector {
  const requirements: LabelRequirement[] = [];
  const text = (input ?? '').trim();
  if (text) {
    const tokens = lex(text);
    let p = 0;
    const peek = () => tokens[p];
    const expectId = (what: string): string => {
      const tok = tokens[p++];
      if (!tok || tok.t !== 'id') throw new SelectorError(`unable to parse requirement: expected ${what}`);
      return tok.v;
    };
    for (;;) {
      const first = peek();
      if (!first) throw new SelectorError('unable to parse requirement: found end of input');
      if (first.t === 'op' && first.v === '!') {
        p++;
        requirements.push({ key: checkKey(expectId('key')), op: '!exists' });
      } else {
        const key = checkKey(expectId('key'));
        const op = peek();
        if (!op || (op.t === 'op' && op.v === ',')) {
          requirements.push({ key, op: 'exists' });
        } else if (op.t === 'op' && (op.v === '=' || op.v === '==' || op.v === '!=')) {
          p++;
          const next = peek();
          let value = '';
          if (next && next.t === 'id') {
            value = next.v;
            p++;
          }
          requirements.push({ key, op: op.v === '!=' ? 'notin' : 'in', values: [checkValue(value)] });
        } else if (op.t === 'id' && (op.v === 'in' || op.v === 'notin')) {
          p++;
          const open = tokens[p++];
          if (!open || open.t !== 'op' || open.v !== '(') throw new SelectorError(`unable to parse requirement: expected '(' after ${op.v}`);
          const values: string[] = [];
          for (;;) {
            const tok = tokens[p++];
            if (!tok) throw new SelectorError("unable to parse requirement: expected ')'");
            if (tok.t === 'id') {
              values.push(checkValue(tok.v));
              const sep = tokens[p++];
              if (sep && sep.t === 'op' && sep.v === ')') break;
              if (!sep || sep.t !== 'op' || sep.v !== ',') throw new SelectorError("unable to parse requirement: expected ',' or ')'");
            } else if (tok.t === 'op' && tok.v === ')' && values.length === 0) {
              break;
            } else {
              throw new SelectorError('unable to parse requirement: invalid value list');
            }
          }
          if (values.length === 0) throw new SelectorError(`for '${op.v}' operators, values set can't be empty`);
          requirements.push({ key, op: op.v, values });
        } else {
          throw new SelectorError(`unable to parse requirement: unexpected "${op.v}" after key "${key}"`);
        }
      }
      const sep = tokens[p];
      if (!sep) break;
      if (sep.t !== 'op' || sep.v !== ',') throw new SelectorError(`unable to parse requirement: unexpected "${sep.v}"`);
      p++;
    }
  }
  return {
    requirements,
    empty: requirements.length === 0,
    matches(labels) {
      for (const r of requirements) {
        const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
        switch (r.op) {
          case 'exists':
            if (!has) return false;
            break;
          case '!exists':
            if (has) return false;
            break;
          case 'in':
            if (!has || !r.values.includes(labels![r.key]!)) return false;
            break;
          case 'notin':
            if (has && r.values.includes(labels![r.key]!)) return false;
            break;
        }
      }
      return true;
    },
  };
}

/** metav1.LabelSelector (matchLabels + matchExpressions) as used in specs. */
export function matchesLabelSelectorSpec(
  selector: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels?.[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, e.key);
    const value = labels?.[e.key];
    if (e.operator === 'In' && (!has || !(e.values ?? []).includes(value!))) return false;
    if (e.operator === 'NotIn' && has && (e.values ?? []).includes(value!)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

export interface FieldSelector {
  requirements: FieldRequirement[];
  empty: boolean;
  matches(obj: unknown): boolean;
}

function splitUnescaped(text: string, sep: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      cur += c + text[i + 1];
      i++;
    } else if (c === sep) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

function unescapeField(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

/** Reads a dotted field path the way the API server's field-label functions do. */
export function fieldValue(obj: unknown, field: string): string {
  if (field === 'source') field = 'source.component';
  let cur: unknown = obj;
  for (const part of field.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) {
    return field === 'spec.unschedulable' ? 'false' : '';
  }
  return String(cur);
}

/**
 * @param allowed field paths this resource supports besides metadata.name/namespace;
 *   unsupported fields are an error, as on a real API server.
 */
export function parseFieldSelector(input: string | undefined | null, allowed: readonly string[] = []): FieldSelector {
  const requirements: FieldRequirement[] = [];
  const text = (input ?? '').trim();
  if (text) {
    for (const term of splitUnescaped(text, ',')) {
      const t = term.trim();
      if (!t) throw new SelectorError('invalid field selector: empty term');
      let idx = -1;
      let op: '=' | '!=' = '=';
      let opLen = 1;
      for (let i = 0; i < t.length; i++) {
        if (t[i] === '\\') {
          i++;
          continue;
        }
        if (t[i] === '!' && t[i + 1] === '=') {
          idx = i;
          op = '!=';
          opLen = 2;
          break;
        }
        if (t[i] === '=') {
          idx = i;
          op = '=';
          opLen = t[i + 1] === '=' ? 2 : 1;
          break;
        }
      }
      if (idx <= 0) throw new SelectorError(`invalid selector: '${t}'; can't understand '${t}'`);
      const field = t.slice(0, idx).trim();
      const value = unescapeField(t.slice(idx + opLen).trim());
      if (field !== 'metadata.name' && field !== 'metadata.namespace' && !allowed.includes(field)) {
        throw new SelectorError(`field label not supported: ${field}`);
      }
      requirements.push({ field, op, value });
    }
  }
  return {
    requirements,
    empty: requirements.length === 0,
    matches(obj) {
      for (const r of requirements) {
        const v = fieldValue(obj, r.field);
        if (r.op === '=' ? v !== r.value : v === r.value) return false;
      }
      return true;
    },
  };
}
