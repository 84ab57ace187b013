import type { Block, DocModel } from './pdf.compute';

// A document model (pdf.compute.ts) as Markdown: the CLI's `--format md` of the
// executive report, the same sections and figures as its PDF, charts as their
// series in words.

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function block(b: Block): string[] {
  switch (b.kind) {
    case 'text':
      return [b.muted ? `_${b.text}_` : b.text, ''];
    case 'figures':
      return [...b.items.map((f) => `- **${f.label}**: ${f.value} (${f.sub}${f.change ? `; ${f.change}` : ''})`), ''];
    case 'list':
      return [...b.items.map((x, i) => `${i + 1}. **${x.badge}** ${x.text}`), ''];
    case 'table': {
      const bar = b.rows.some((r) => r.bar);
      const head = bar ? b.columns : b.columns.slice(0, b.rows[0]?.cells.length ?? b.columns.length);
      return [`${b.caption}:`, '', `| ${head.map(cell).join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...b.rows.map((r) => `| ${[...r.cells, ...(bar ? [r.bar?.label ?? ''] : [])].map(cell).join(' | ')} |`), ''];
    }
    case 'bars':
      return [`${b.title}: ${b.series.map((s, i) => `${b.legend[i]} ${s.map((p) => `${p.label} ${p.value ?? '—'}${b.unit}`).join(', ')}`).join('; ')}`, ''];
    case 'line':
      return [`${b.title}: ${b.series.map((p) => `${p.label} ${p.value ?? '—'}${b.unit}`).join(', ') || 'no data'}`, ''];
  }
}

export function documentMarkdown(doc: DocModel): string {
  const out = [`# ${doc.title}`, '', doc.subtitle, ''];
  for (const s of doc.sections) out.push(`## ${s.title}`, '', ...s.blocks.flatMap(block));
  return `${out.join('\n').trimEnd()}\n`;
}
