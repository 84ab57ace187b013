import { iso, minutes, type Facts } from './prefill.compute';
import { ACTION_STATUS_LABELS, PM_STATE_LABELS, SECTIONS, type ActionStatus, type PostmortemState, type Sections } from './postmortems.schema';

// The whole post-mortem as one Markdown document (GET /api/v1/postmortems/{id}
// with Accept: text/markdown, and the print view's source): a wiki page.

export type MarkdownInput = {
  incident: { number: number; title: string; severity: string; services: readonly string[] };
  state: PostmortemState;
  owner: string | null;
  dueAt: number | null;
  publishedAt: number | null;
  publishedBy: string | null;
  approvals: readonly string[];
  sections: Sections;
  facts: Pick<Facts, 'durations'> | null;
  actionItems: readonly { title: string; type: string; priority: string; owner: string | null; dueAt: number | null; status: ActionStatus; wontDoReason: string | null; trackerUrl: string | null }[];
};

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function postmortemMarkdown(pm: MarkdownInput): string {
  const out: string[] = [`# Post-mortem: #${pm.incident.number} ${pm.incident.title}`, ''];
  out.push(`- Severity: ${pm.incident.severity}`, `- Services: ${pm.incident.services.join(', ') || '—'}`, `- State: ${PM_STATE_LABELS[pm.state]}`, `- Owner: ${pm.owner ?? '—'}`);
  if (pm.dueAt !== null) out.push(`- Due: ${iso(pm.dueAt)}`);
  if (pm.publishedAt !== null) out.push(`- Published: ${iso(pm.publishedAt)}${pm.publishedBy ? ` by ${pm.publishedBy}` : ''}`);
  if (pm.approvals.length) out.push(`- Approved by: ${pm.approvals.join(', ')}`);
  if (pm.facts) out.push(`- MTTD ${minutes(pm.facts.durations.mttd)}, MTTA ${minutes(pm.facts.durations.mtta)}, MTTR ${minutes(pm.facts.durations.mttr)}`);
  for (const s of SECTIONS) {
    const text = pm.sections[s.key].trim();
    out.push('', `## ${s.title}`, '', text || '_Not written._');
    if (s.key === 'gotLucky') {
      out.push('', '## Action items', '');
      if (!pm.actionItems.length) out.push('_None._');
      else {
        out.push('| Action | Type | Priority | Owner | Due | Status |', '| --- | --- | --- | --- | --- | --- |');
        for (const a of pm.actionItems) {
          const title = a.trackerUrl ? `[${cell(a.title)}](${a.trackerUrl})` : cell(a.title);
          const status = a.status === 'wont_do' && a.wontDoReason ? `${ACTION_STATUS_LABELS[a.status]}: ${cell(a.wontDoReason)}` : ACTION_STATUS_LABELS[a.status];
          out.push(`| ${title} | ${a.type} | ${a.priority} | ${cell(a.owner ?? '—')} | ${a.dueAt === null ? '—' : iso(a.dueAt).slice(0, 10)} | ${status} |`);
        }
      }
    }
  }
  return `${out.join('\n')}\n`;
}
