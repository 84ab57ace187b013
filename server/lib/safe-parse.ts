import {
  type Document,
  isAlias,
  isCollection,
  isDocument,
  isPair,
  isScalar,
  Lexer,
  LineCounter,
  type Node,
  parseAllDocuments,
  type ParseOptions,
  type DocumentOptions,
  type SchemaOptions,
} from 'yaml';

// The one way Runwell reads YAML or JSON that someone else wrote (web forms,
// webhooks, importers, the CLI). A 649-byte YAML "billion laughs" expands to
// gigabytes, and 9 MB of `[[[...]]]` takes JSON.parse seconds; both block the
// event loop of a server shared by everyone. So every read is bounded before
// anything is expanded: size, nesting depth, alias count and the number of
// nodes after alias expansion. Each check is linear in the input.

export interface ParseLimits {
  /** Bytes of UTF-8 text. */
  maxBytes: number;
  /** Nesting of collections (after alias expansion). */
  maxDepth: number;
  /** Alias nodes (`*name`) in the text. */
  maxAliases: number;
  /** Nodes after alias expansion (what the parsed value would hold). */
  maxNodes: number;
}

export const MB = 1024 * 1024;

const DEFAULT_LIMITS: ParseLimits = { maxBytes: 2 * MB, maxDepth: 100, maxAliases: 1000, maxNodes: 500_000 };

/** Input refused by a limit (or unparsable); `line` is 1-based when known. */
export class InputLimitError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number | null = null,
  ) {
    super(line === null ? reason : `line ${line}: ${reason}`);
    this.name = 'InputLimitError';
  }
}

function limitsOf(overrides: Partial<ParseLimits> | undefined): ParseLimits {
  return { ...DEFAULT_LIMITS, ...overrides };
}

function checkSize(text: string, maxBytes: number): void {
  // String length is a lower bound of the UTF-8 size; count bytes only when it matters.
  if (text.length > maxBytes || (text.length * 3 > maxBytes && Buffer.byteLength(text, 'utf8') > maxBytes)) {
    throw new InputLimitError(`too large: more than ${formatBytes(maxBytes)}`);
  }
}

function formatBytes(n: number): string {
  return n % MB === 0 ? `${n / MB} MB` : n % 1024 === 0 ? `${n / 1024} KB` : `${n} bytes`;
}

/**
 * The deepest bracket nesting of JSON text, stopping as soon as it passes `max`
 * (strings skipped). Runs before JSON.parse, which is slow on deep input.
 */
export function jsonNestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i += 1;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth -= 1;
  }
  return false;
}

/** JSON.parse under limits: size and nesting are checked before parsing. */
export function safeJsonParse(text: string, overrides?: Partial<ParseLimits>): unknown {
  const limits = limitsOf(overrides);
  checkSize(text, limits.maxBytes);
  if (jsonNestingExceeds(text, limits.maxDepth)) throw new InputLimitError(`nested deeper than ${limits.maxDepth} levels`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputLimitError(`not JSON: ${(error as Error).message}`);
  }
}

/**
 * Flow nesting (`[`, `{`) and block sequence indicators on one line, from the
 * YAML lexer's tokens (linear; the composer is not). Catches `[[[[...` and
 * `- - - - ...` before the parser spends seconds on them.
 */
function yamlPrescan(text: string, limits: ParseLimits): void {
  let flow = 0;
  let onLine = 0;
  let aliases = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    const at = offset;
    offset += token.length;
    if (token === '[' || token === '{') {
      flow += 1;
      if (flow + onLine > limits.maxDepth) throw new InputLimitError(`nested deeper than ${limits.maxDepth} levels`, lineAt(text, at));
    } else if (token === ']' || token === '}') flow = Math.max(0, flow - 1);
    else if (token === '-' || token === '?') {
      onLine += 1;
      if (flow + onLine > limits.maxDepth) throw new InputLimitError(`nested deeper than ${limits.maxDepth} levels`, lineAt(text, at));
    } else if (token === '\n' || token === '\r\n') onLine = 0;
    else if (token.startsWith('*') && token.length > 1) {
      aliases += 1;
      if (aliases > limits.maxAliases) throw new InputLimitError(`more than ${limits.maxAliases} aliases`, lineAt(text, at));
    }
  }
}

function lineAt(text: string, offset: number): number {
  // The parser's LineCounter is not filled yet: count here (only on refusal).
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

interface Extent {
  size: number;
  height: number;
}

/**
 * Walks one document without expanding it: every node is visited once, an
 * alias counts the size and height of what it points to. Refuses a document
 * that would expand past maxNodes or maxDepth.
 */
function checkExpansion(doc: Document, limits: ParseLimits, lines: LineCounter): number {
  const done = new Map<Node, Extent>();
  const inProgress = new Set<Node>();
  const fail = (reason: string, node: Node | null | undefined): never => {
    const offset = node?.range?.[0];
    throw new InputLimitError(reason, offset === undefined ? null : lines.linePos(offset).line);
  };
  const visit = (node: unknown, depth: number): Extent => {
    if (node === null || node === undefined) return { size: 1, height: 0 };
    if (isAlias(node)) {
      const target = node.resolve(doc) as Node | undefined;
      if (!target) return { size: 1, height: 0 };
      if (inProgress.has(target)) fail(`alias *${node.source} refers to itself`, node);
      const extent = done.get(target) ?? visit(target, depth);
      return extent;
    }
    if (depth > limits.maxDepth) fail(`nested deeper than ${limits.maxDepth} levels`, node as Node);
    if (isScalar(node)) {
      done.set(node, { size: 1, height: 0 });
      return { size: 1, height: 0 };
    }
    if (isCollection(node)) {
      inProgress.add(node);
      let size = 1;
      let height = 0;
      for (const item of node.items) {
        const parts = isPair(item) ? [item.key, item.value] : [item];
        for (const part of parts) {
          const child = visit(part, depth + 1);
          size += child.size;
          height = Math.max(height, child.height + 1);
        }
      }
      inProgress.delete(node);
      if (depth + height > limits.maxDepth) fail(`nested deeper than ${limits.maxDepth} levels (through aliases)`, node);
      if (size > limits.maxNodes) fail(`expands to more than ${limits.maxNodes} values (aliases)`, node);
      const extent = { size, height };
      done.set(node, extent);
      return extent;
    }
    return { size: 1, height: 0 };
  };
  const root = visit(doc.contents, 1);
  if (root.size > limits.maxNodes) fail(`expands to more than ${limits.maxNodes} values (aliases)`, doc.contents as Node);
  return root.size;
}

export interface SafeYamlOptions extends ParseOptions, DocumentOptions, SchemaOptions {
  limits?: Partial<ParseLimits>;
  lineCounter?: LineCounter;
}

/**
 * parseAllDocuments under limits. Returns the documents (with their own
 * parse errors, for callers that word them with positions); a document that
 * passes may be turned into JS with `toJS()` safely. Throws InputLimitError.
 */
export function safeParseAllDocuments(text: string, options: SafeYamlOptions = {}): Document[] {
  const { limits: overrides, lineCounter = new LineCounter(), ...yamlOptions } = options;
  const limits = limitsOf(overrides);
  checkSize(text, limits.maxBytes);
  yamlPrescan(text, limits);
  const parsed = parseAllDocuments(text, { ...yamlOptions, lineCounter });
  const documents = (Array.isArray(parsed) ? parsed : [parsed]) as Document[];
  // The node budget is for the whole stream: many small documents add up.
  let nodes = 0;
  for (const doc of documents) {
    if (!isDocument(doc)) continue;
    nodes += checkExpansion(doc, { ...limits, maxNodes: limits.maxNodes - nodes }, lineCounter);
  }
  return documents;
}

/**
 * A parsed document's value (bounded by safeParseAllDocuments). What only shows
 * when it is resolved, an alias whose anchor is not set before it ("*x"),
 * becomes an InputLimitError like any other refusal of the text.
 */
export function documentValue(doc: Document, lineCounter?: LineCounter): unknown {
  try {
    return doc.toJS({ maxAliasCount: -1 });
  } catch (error) {
    throw new InputLimitError((error as Error).message.split('\n')[0]!, lineCounter ? lineCounter.linePos(doc.range?.[0] ?? 0).line : null);
  }
}

/** One YAML (or JSON) document's value under limits; parse errors become InputLimitError with the line. */
export function safeYamlParse(text: string, options: SafeYamlOptions = {}): unknown {
  const lineCounter = options.lineCounter ?? new LineCounter();
  const documents = safeParseAllDocuments(text, { ...options, lineCounter });
  if (documents.length > 1) throw new InputLimitError('expected one YAML document, found several', lineCounter.linePos(documents[1]!.range?.[0] ?? 0).line);
  const doc = documents[0];
  if (!doc) return null;
  const error = doc.errors[0];
  if (error) throw new InputLimitError(error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''), lineCounter.linePos(error.pos[0]).line);
  return documentValue(doc, lineCounter);
}
