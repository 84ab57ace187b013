import type { ListItem, Paragraph, PhrasingContent, Root, RootContent, Table, TableCell, TableRow } from 'mdast';

// Two GitHub-flavoured Markdown features runbooks and post-mortems use, as a
// remark plugin over the CommonMark tree (remark-gfm is not a dependency):
//  - task lists: a list item starting "[ ] " or "[x] " becomes a checkbox item
//    (mdast `checked`; remark-rehype renders a disabled checkbox);
//  - pipe tables: a paragraph whose first line has a pipe and whose second line
//    is a delimiter row (|---|:-:|) becomes a table; inline code, emphasis and
//    links inside cells are kept. A pipe inside inline code does not split.

const TASK = /^\[([ xX])\]\s+/;
const DELIMITER_CELL = /^\s*(:?)-+(:?)\s*$/;

function taskItem(item: ListItem): void {
  const first = item.children[0];
  if (first?.type !== 'paragraph') return;
  const text = first.children[0];
  if (text?.type !== 'text') return;
  const m = TASK.exec(text.value);
  if (!m) return;
  item.checked = m[1] !== ' ';
  text.value = text.value.slice(m[0].length);
}

/** Splits inline content into lines at the newlines inside its text nodes. */
function lines(children: readonly PhrasingContent[]): PhrasingContent[][] {
  const out: PhrasingContent[][] = [[]];
  for (const node of children) {
    if (node.type !== 'text') {
      out[out.length - 1]!.push(node);
      continue;
    }
    node.value.split('\n').forEach((part, i) => {
      if (i > 0) out.push([]);
      if (part) out[out.length - 1]!.push({ type: 'text', value: part });
    });
  }
  return out;
}

/** Splits one line into cells at the pipes of its text nodes; the outer pipes are optional. */
function cells(line: readonly PhrasingContent[]): PhrasingContent[][] {
  const out: PhrasingContent[][] = [[]];
  for (const node of line) {
    if (node.type !== 'text') {
      out[out.length - 1]!.push(node);
      continue;
    }
    node.value.split('|').forEach((part, i) => {
      if (i > 0) out.push([]);
      if (part) out[out.length - 1]!.push({ type: 'text', value: part });
    });
  }
  const blank = (c: PhrasingContent[]) => c.every((n) => n.type === 'text' && !n.value.trim());
  if (out.length > 1 && blank(out[0]!)) out.shift();
  if (out.length > 1 && blank(out[out.length - 1]!)) out.pop();
  return out.map(trim);
}

function trim(cell: PhrasingContent[]): PhrasingContent[] {
  const c = cell.map((n) => ({ ...n }));
  const first = c[0];
  if (first?.type === 'text') first.value = first.value.trimStart();
  const last = c[c.length - 1];
  if (last?.type === 'text') last.value = last.value.trimEnd();
  return c.filter((n) => n.type !== 'text' || n.value !== '');
}

const plain = (cell: readonly PhrasingContent[]) => cell.map((n) => (n.type === 'text' ? n.value : '\u0000')).join('');

function tableOf(paragraph: Paragraph): Table | null {
  const rows = lines(paragraph.children);
  if (rows.length < 2) return null;
  const header = cells(rows[0]!);
  const delimiter = cells(rows[1]!).map(plain);
  if (!plain(rows[0]!).includes('|')) return null;
  if (delimiter.length !== header.length || !delimiter.every((d) => DELIMITER_CELL.test(d))) return null;
  const align = delimiter.map((d) => {
    const m = DELIMITER_CELL.exec(d)!;
    return m[1] && m[2] ? 'center' : m[2] ? 'right' : m[1] ? 'left' : null;
  });
  const row = (line: PhrasingContent[][]): TableRow => ({
    type: 'tableRow',
    children: header.map((_, i): TableCell => ({ type: 'tableCell', children: line[i] ?? [] })),
  });
  return { type: 'table', align, children: [row(header), ...rows.slice(2).filter((l) => l.length > 0).map((l) => row(cells(l)))] };
}

function walk(node: Root | RootContent): void {
  if (!('children' in node)) return;
  if (node.type === 'listItem') taskItem(node);
  node.children.forEach((child, i) => {
    if (child.type === 'paragraph') {
      const table = tableOf(child);
      if (table) (node.children as RootContent[])[i] = table;
    }
    walk(child);
  });
}

/** The remark plugin: `<ReactMarkdown remarkPlugins={[remarkGfmLite]}>`. */
export function remarkGfmLite() {
  return (tree: Root) => walk(tree);
}
