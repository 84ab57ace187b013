import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { remarkGfmLite } from './gfm-lite';

const tree = (md: string): Root => {
  const t = fromMarkdown(md);
  remarkGfmLite()(t);
  return t;
};
const strip = (v: unknown) => JSON.parse(JSON.stringify(v, (k, x) => (k === 'position' ? undefined : x)));

describe('task lists', () => {
  it.each([
    { md: '- [ ] page the lead', checked: false, text: 'page the lead' },
    { md: '- [x] rolled back', checked: true, text: 'rolled back' },
    { md: '- [X] rolled back', checked: true, text: 'rolled back' },
    { md: '- plain item', checked: null, text: 'plain item' },
    { md: '- [link](http://x)', checked: null, text: undefined },
  ])('$md', ({ md, checked, text }) => {
    const item = strip(tree(md)).children[0].children[0];
    expect(item.checked).toBe(checked);
    if (text) expect(item.children[0].children[0].value).toBe(text);
  });
});

describe('pipe tables', () => {
  it('turns a header, a delimiter row and body rows into a table with alignment and inline content', () => {
    const t = strip(tree('| Step | `cmd` | Who |\n|:--|:-:|--:|\n| 1 | **roll back** | on-call |\n| 2 | `a | b` | lead |\n'));
    const table = t.children[0];
    expect(table.type).toBe('table');
    expect(table.align).toEqual(['left', 'center', 'right']);
    expect(table.children).toHaveLength(3);
    expect(table.children[0].children[1].children[0]).toEqual({ type: 'inlineCode', value: 'cmd' });
    expect(table.children[1].children[1].children[0].type).toBe('strong');
    expect(table.children[2].children[1].children[0]).toEqual({ type: 'inlineCode', value: 'a | b' });
  });

  it('leaves a paragraph that merely contains a pipe alone', () => {
    expect(strip(tree('use a | b to pipe\nand more')).children[0].type).toBe('paragraph');
  });

  it('needs the delimiter row to match the header', () => {
    expect(strip(tree('| a | b |\n|---|\n| 1 | 2 |')).children[0].type).toBe('paragraph');
  });
});
