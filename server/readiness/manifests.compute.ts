import { load } from 'js-yaml';
import { isMap, isSeq, LineCounter, type Node } from 'yaml';
import { InputLimitError, MB, type ParseLimits, safeParseAllDocuments } from '../lib/safe-parse';
import type { InventoryItem, KubeObject } from './readiness.schema';

/** Input that cannot be read as Kubernetes manifests; names the file and line. */
export class ManifestError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number | null,
    readonly reason: string,
  ) {
    super(`${file}:${line}${column === null ? '' : `:${column}`}: ${reason}`);
  }
}

/**
 * Parses YAML or JSON text (JSON is read as YAML so that errors get line numbers) into
 * Kubernetes objects with their file and line: multi-document streams, `kind: List`
 * or any `*List` with `items`, and top-level arrays. Empty documents are skipped
 * (Helm renders them for disabled templates); anything without apiVersion and kind is
 * an error, because silently ignoring it would let a typo pass the gate.
 */
export function parseManifests(text: string, file: string, limits: Partial<ParseLimits> = MANIFEST_LIMITS): InventoryItem[] {
  const bytes = limits.maxBytes ?? MANIFEST_LIMITS.maxBytes;
  if (text.length > bytes || Buffer.byteLength(text, 'utf8') > bytes) {
    throw new ManifestError(file, 1, null, `too large: more than ${Math.floor(bytes / MB)} MB`);
  }
  return parseFast(text, file) ?? parseWithPositions(text, file, limits);
}

/**
 * Rendered charts are large (a big Helm release is a few MB); these bound a
 * hostile file, not a real one: size, nesting, aliases and expanded size.
 */
const MANIFEST_LIMITS: ParseLimits = { maxBytes: 64 * MB, maxDepth: 200, maxAliases: 10_000, maxNodes: 20_000_000 };

// js-yaml (the fast path) has no alias limit: any anchor or alias sends the
// text through the guarded parser. A false hit (`&&` in a command) only costs speed.
const ANCHOR_OR_ALIAS = /(?:^|[\s[{,:-])[&*][^\s,\]}]/m;

const DOCUMENT_MARKER = /^---(?:[ \t].*)?$/;
const CONTENT_LINE = /^(?!\s*(?:#.*)?$)/;

/**
 * The common case, ten times faster: plain YAML streams of single objects or YAML
 * Lists, parsed document by document with js-yaml; lines come from the document
 * and item markers. Anything unusual (merge keys, directives, JSON, top-level
 * arrays, a parse error) returns null and goes through the position-tracking
 * parser, which also words the errors.
 */
export function parseFast(text: string, file: string): InventoryItem[] | null {
  if (text.includes('<<') || /^%/m.test(text) || /^\s*[[{]/.test(text) || ANCHOR_OR_ALIAS.test(text)) return null;
  const lines = text.split('\n');
  const items: InventoryItem[] = [];
  let chunkStart = 0;
  for (let i = 0; i <= lines.length; i += 1) {
    if (i < lines.length && !DOCUMENT_MARKER.test(lines[i]!.replace(/\r$/, ''))) continue;
    if (!readDocument(lines, chunkStart, i, file, items)) return null;
    chunkStart = i + 1;
  }
  return items;
}

function readDocument(lines: string[], from: number, to: number, file: string, out: InventoryItem[]): boolean {
  let first = from;
  while (first < to && !CONTENT_LINE.test(lines[first]!)) first += 1;
  if (first === to) return true; // empty document (Helm renders them)
  let value: unknown;
  try {
    value = load(lines.slice(from, to).join('\n'));
  } catch {
    return false;
  }
  if (value === null || value === undefined) return true;
  if (Array.isArray(value) || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  if (!isList(record)) {
    out.push(toItem(record, file, first + 1));
    return true;
  }
  const starts = listItemLines(lines, from, to);
  const entries = record.items as unknown[];
  if (starts.length !== entries.length) return false;
  entries.forEach((entry, index) => out.push(toItem(entry, file, starts[index]! + 1)));
  return true;
}

// Lines where the entries of a top-level `items:` block sequence start.
function listItemLines(lines: string[], from: number, to: number): number[] {
  const itemsAt = lines.findIndex((line, i) => i >= from && i < to && /^items:\s*(?:#.*)?$/.test(line));
  if (itemsAt < 0) return [];
  let i = itemsAt + 1;
  while (i < to && !CONTENT_LINE.test(lines[i]!)) i += 1;
  const indent = /^(\s*)- /.exec(lines[i] ?? '')?.[1];
  if (indent === undefined) return [];
  const marker = `${indent}- `;
  const starts: number[] = [];
  for (; i < to; i += 1) {
    const line = lines[i]!;
    if (line.startsWith(marker) || line === `${indent}-`) starts.push(i);
    else if (CONTENT_LINE.test(line) && !line.startsWith(`${indent} `) && !line.startsWith(`${indent}\t`)) break;
  }
  return starts;
}

/** Exported for tests: the fast path must agree with it. */
export function parseWithPositions(text: string, file: string, limits: Partial<ParseLimits> = MANIFEST_LIMITS): InventoryItem[] {
  const lineCounter = new LineCounter();
  let documents;
  try {
    documents = safeParseAllDocuments(text, { lineCounter, merge: true, prettyErrors: false, limits });
  } catch (error) {
    if (error instanceof InputLimitError) throw new ManifestError(file, error.line ?? 1, null, error.reason);
    throw error;
  }
  const lineOf = (offset: number) => lineCounter.linePos(offset);
  const items: InventoryItem[] = [];

  for (const document of Array.isArray(documents) ? documents : [documents]) {
    const error = document.errors[0];
    if (error) {
      const at = lineOf(error.pos[0]);
      throw new ManifestError(file, at.line, at.col, firstLine(error.message));
    }
    const root = document.contents as Node | null;
    if (!root) continue;
    const start = lineOf(root.range?.[0] ?? 0).line;
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: -1 }); // bounded by safeParseAllDocuments
    } catch (cause) {
      throw new ManifestError(file, start, null, (cause as Error).message);
    }
    if (value === null || value === undefined) continue;

    if (Array.isArray(value) && isSeq(root)) {
      value.forEach((entry, index) => {
        const node = root.items[index] as Node | undefined;
        items.push(toItem(entry, file, lineOf(node?.range?.[0] ?? 0).line));
      });
      continue;
    }
    const record = value as Record<string, unknown>;
    if (isList(record) && isMap(root)) {
      const seq = root.get('items', true);
      (record.items as unknown[]).forEach((entry, index) => {
        const node = isSeq(seq) ? (seq.items[index] as Node | undefined) : undefined;
        items.push(toItem(entry, file, node?.range ? lineOf(node.range[0]).line : start));
      });
      continue;
    }
    items.push(toItem(value, file, start));
  }
  return items;
}

function isList(value: Record<string, unknown>): boolean {
  return (
    typeof value === 'object' &&
    typeof value.kind === 'string' &&
    value.kind.endsWith('List') &&
    Array.isArray(value.items)
  );
}

function toItem(value: unknown, file: string, line: number): InventoryItem {
  const record = value as Record<string, unknown> | null;
  if (
    record === null ||
    typeof record !== 'object' ||
    Array.isArray(record) ||
    typeof record.apiVersion !== 'string' ||
    typeof record.kind !== 'string' ||
    !record.apiVersion ||
    !record.kind
  ) {
    throw new ManifestError(file, line, null, 'not a Kubernetes object (a manifest needs apiVersion and kind)');
  }
  return { object: record as KubeObject, source: { file, line } };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
