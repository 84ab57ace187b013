import { PM_STATE_LABELS, type ActionStatus, type PostmortemState } from './postmortems.schema';
import { iso, minutes } from './prefill.compute';

// The linked timeline (docs/postmortems.md, "The chain"): one incident's story
// as change -> burn -> alert -> page -> incident -> post-mortem -> action
// items, each stage linking to its detail page and to the next stage. Pure: the
// service gathers the facts from the owning domains and passes `now`.

export const CHAIN_STAGES = ['change', 'burn', 'alert', 'page', 'incident', 'postmortem', 'actions'] as const;
export type ChainStage = (typeof CHAIN_STAGES)[number];
export const CHAIN_STAGE_LABELS: Record<ChainStage, string> = { change: 'Change', burn: 'Budget burn', alert: 'Alert', page: 'Page', incident: 'Incident', postmortem: 'Post-mortem', actions: 'Action items' };

export type ChainInput = {
  incident: { id: string; number: number; title: string; severity: string; state: string; stateLabel: string; startedAt: number; detectedAt: number | null; acknowledgedAt: number | null; resolvedAt: number | null };
  /** Changes to the incident's services in the window before it, and those marked as its cause. */
  changes: readonly { id: string; title: string; tier: string; status: string; at: number; cause: 'suspected' | 'confirmed' | null }[];
  windowHours: number;
  budget: readonly { sloId: string; slo: string; consumedPercent: number; consumedMinutes: number; remainingPercentAfter: number; dataState: 'ok' | 'no-data' }[];
  alerts: readonly { alertname: string; service: string | null; count: number; firstAt: number; lastAt: number }[];
  pages: readonly { id: string; status: string; priority: string; pagedAt: number; acknowledgedAt: number | null }[];
  /** null: none started. `visible` false: a draft the reader may not see (viewers, executives). */
  postmortem: { id: string; state: PostmortemState; overdue: boolean; dueAt: number | null; notNeededReason: string | null; visible: boolean } | null;
  actionItems: readonly { id: string; title: string; status: ActionStatus; dueAt: number | null; trackerUrl: string | null }[];
};

export type ChainTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';
export type ChainItem = { label: string; href: string | null; note: string; tone: ChainTone };
export type ChainNode = {
  stage: ChainStage;
  label: string;
  /** present: Runwell knows of one; missing: none (a gap in the story is shown, not hidden). */
  present: boolean;
  headline: string;
  tone: ChainTone;
  /** The stage's first moment; the lag from the previous present stage is measured from it. */
  at: number | null;
  lagMs: number | null;
  href: string | null;
  items: ChainItem[];
  more: number;
};

export const ITEM_LIMIT = 5;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const top = <T>(all: readonly T[], f: (t: T) => ChainItem) => ({ items: all.slice(0, ITEM_LIMIT).map(f), more: Math.max(0, all.length - ITEM_LIMIT) });
const CAUSE_RANK = { confirmed: 0, suspected: 1 } as const;

function changeNode(c: ChainInput): Omit<ChainNode, 'lagMs'> {
  const sorted = [...c.changes].sort((a, b) => (a.cause ? CAUSE_RANK[a.cause] : 2) - (b.cause ? CAUSE_RANK[b.cause] : 2) || b.at - a.at);
  const causes = sorted.filter((x) => x.cause === 'confirmed').length;
  const suspected = sorted.filter((x) => x.cause === 'suspected').length;
  const first = sorted[0];
  const headline = !first
    ? `No change to its services in the ${c.windowHours} h before`
    : `${plural(sorted.length, 'change')} in the ${c.windowHours} h before${causes ? `; ${causes} confirmed cause` : suspected ? `; ${suspected} suspected` : ''}`;
  return {
    stage: 'change',
    label: CHAIN_STAGE_LABELS.change,
    present: !!first,
    headline,
    tone: causes ? 'danger' : suspected ? 'warning' : 'neutral',
    at: sorted.length ? Math.min(...sorted.map((x) => x.at)) : null,
    href: first ? `/changes/${first.id}` : null,
    ...top(sorted, (x) => ({ label: x.title, href: `/changes/${x.id}`, note: `${x.tier} · ${x.status.replace('_', ' ')} · ${iso(x.at)}${x.cause ? ` · ${x.cause === 'confirmed' ? 'confirmed cause' : 'suspected cause'}` : ''}`, tone: x.cause === 'confirmed' ? 'danger' : x.cause === 'suspected' ? 'warning' : 'neutral' })),
  };
}

function burnNode(c: ChainInput): Omit<ChainNode, 'lagMs'> {
  const known = c.budget.filter((b) => b.dataState === 'ok');
  const sorted = [...known].sort((a, b) => b.consumedPercent - a.consumedPercent);
  const worst = sorted[0];
  const exhausted = known.filter((b) => b.remainingPercentAfter <= 0);
  const headline = !c.budget.length ? 'No SLO covers its services' : !worst ? 'No SLO data for the incident window' : `${worst.consumedPercent.toFixed(1)} % of ${worst.slo}'s budget${exhausted.length ? `; ${plural(exhausted.length, 'budget')} exhausted` : ''}`;
  return {
    stage: 'burn',
    label: CHAIN_STAGE_LABELS.burn,
    present: !!worst && worst.consumedPercent > 0,
    headline,
    tone: exhausted.length ? 'danger' : worst && worst.consumedPercent > 0 ? 'warning' : 'neutral',
    // Budget burns from the moment impact starts.
    at: worst ? c.incident.startedAt : null,
    href: worst ? `/slos/${worst.sloId}` : null,
    ...top([...sorted, ...c.budget.filter((b) => b.dataState === 'no-data')], (b) => ({
      label: b.slo,
      href: `/slos/${b.sloId}`,
      note: b.dataState === 'no-data' ? 'no data' : `${b.consumedPercent.toFixed(1)} % (${b.consumedMinutes.toFixed(1)} min) consumed, ${b.remainingPercentAfter.toFixed(1)} % left`,
      tone: b.dataState === 'no-data' ? 'neutral' : b.remainingPercentAfter <= 0 ? 'danger' : 'warning',
    })),
  };
}

function alertNode(c: ChainInput, incidentHref: string): Omit<ChainNode, 'lagMs'> {
  const sorted = [...c.alerts].sort((a, b) => a.firstAt - b.firstAt);
  const firings = sorted.reduce((s, a) => s + a.count, 0);
  const first = sorted[0];
  return {
    stage: 'alert',
    label: CHAIN_STAGE_LABELS.alert,
    present: !!first,
    headline: first ? `${first.alertname} first${sorted.length > 1 || firings > 1 ? `; ${plural(firings, 'firing')} of ${plural(sorted.length, 'alert')}` : ''}` : 'No alert: declared by hand',
    tone: first ? 'danger' : 'neutral',
    at: first?.firstAt ?? null,
    href: first ? `${incidentHref}#alerts` : null,
    ...top(sorted, (a) => ({ label: a.alertname, href: `${incidentHref}#alerts`, note: `${a.service ?? 'no service'} · ${iso(a.firstAt)}${a.count > 1 ? ` · ${a.count} firings` : ''}`, tone: 'danger' })),
  };
}

function pageNode(c: ChainInput): Omit<ChainNode, 'lagMs'> {
  const sorted = [...c.pages].sort((a, b) => a.pagedAt - b.pagedAt);
  const first = sorted[0];
  const acks = sorted.filter((p) => p.acknowledgedAt !== null).map((p) => p.acknowledgedAt!);
  const firstAck = acks.length ? Math.min(...acks) : null;
  const headline = !first ? 'Nobody was paged' : `${plural(sorted.length, 'page')}; ${firstAck === null ? 'not acknowledged' : `acknowledged after ${minutes(firstAck - first.pagedAt)}`}`;
  return {
    stage: 'page',
    label: CHAIN_STAGE_LABELS.page,
    present: !!first,
    headline,
    tone: !first ? 'neutral' : firstAck === null ? 'warning' : 'success',
    at: first?.pagedAt ?? null,
    href: first ? `/oncall?page=${first.id}` : null,
    ...top(sorted, (p) => ({ label: `${p.priority} page`, href: `/oncall?page=${p.id}`, note: `${p.status} · ${iso(p.pagedAt)}${p.acknowledgedAt !== null ? ` · ack ${minutes(p.acknowledgedAt - p.pagedAt)}` : ''}`, tone: p.status === 'triggered' ? 'warning' : 'neutral' })),
  };
}

function postmortemNode(c: ChainInput, incidentHref: string, now: number): Omit<ChainNode, 'lagMs'> {
  const pm = c.postmortem;
  const href = `${incidentHref}/postmortem`;
  if (!pm) return { stage: 'postmortem', label: CHAIN_STAGE_LABELS.postmortem, present: false, headline: c.incident.resolvedAt === null ? 'Starts when the incident resolves' : 'Not started', tone: 'neutral', at: null, href: null, items: [], more: 0 };
  if (!pm.visible) return { stage: 'postmortem', label: CHAIN_STAGE_LABELS.postmortem, present: true, headline: 'Not published yet', tone: pm.overdue ? 'danger' : 'neutral', at: null, href: null, items: [], more: 0 };
  const headline = pm.notNeededReason
    ? `Not needed: ${pm.notNeededReason}`
    : `${PM_STATE_LABELS[pm.state]}${pm.overdue ? `, overdue since ${iso(pm.dueAt)}` : pm.state !== 'published' && pm.dueAt !== null ? `, due ${pm.dueAt < now ? iso(pm.dueAt) : `in ${minutes(pm.dueAt - now)}`}` : ''}`;
  return { stage: 'postmortem', label: CHAIN_STAGE_LABELS.postmortem, present: true, headline, tone: pm.overdue ? 'danger' : pm.state === 'published' ? 'success' : 'info', at: null, href, items: [], more: 0 };
}

function actionsNode(c: ChainInput, incidentHref: string, now: number): Omit<ChainNode, 'lagMs'> {
  const visible = c.postmortem?.visible ? c.actionItems : [];
  const finished = (s: ActionStatus) => s === 'done' || s === 'wont_do';
  const overdue = (i: ChainInput['actionItems'][number]) => !finished(i.status) && i.dueAt !== null && i.dueAt < now;
  // Unfinished first (overdue first among them), then finished.
  const sorted = [...visible].sort((a, b) => Number(finished(a.status)) - Number(finished(b.status)) || Number(overdue(b)) - Number(overdue(a)) || (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity));
  const done = visible.filter((i) => i.status === 'done').length;
  const late = visible.filter(overdue).length;
  const href = `${incidentHref}/postmortem#action-items`;
  return {
    stage: 'actions',
    label: CHAIN_STAGE_LABELS.actions,
    present: visible.length > 0,
    headline: visible.length ? `${done} of ${visible.length} done${late ? `; ${late} overdue` : ''}` : 'None yet',
    tone: !visible.length ? 'neutral' : late ? 'danger' : done === visible.length ? 'success' : 'info',
    at: null,
    href: visible.length ? href : null,
    ...top(sorted, (i) => ({ label: i.title, href: i.trackerUrl ?? href, note: `${i.status.replace('_', ' ')}${i.dueAt !== null ? ` · due ${iso(i.dueAt).slice(0, 10)}` : ''}${overdue(i) ? ' · overdue' : ''}`, tone: overdue(i) ? 'danger' : i.status === 'done' ? 'success' : 'neutral' })),
  };
}

/** The seven stages in order; lagMs is the time from the previous stage that has a moment. */
export function buildChain(c: ChainInput, now: number): ChainNode[] {
  const incidentHref = `/incidents/${c.incident.id}`;
  const inc = c.incident;
  const nodes: Omit<ChainNode, 'lagMs'>[] = [
    changeNode(c),
    burnNode(c),
    alertNode(c, incidentHref),
    pageNode(c),
    {
      stage: 'incident',
      label: CHAIN_STAGE_LABELS.incident,
      present: true,
      headline: `#${inc.number} ${inc.severity} · ${inc.stateLabel}${inc.resolvedAt !== null ? ` · resolved after ${minutes(inc.resolvedAt - inc.startedAt)}` : ''}`,
      tone: inc.resolvedAt !== null ? 'success' : 'danger',
      // Declared (detected) is when it became an incident; impact start is the burn's moment.
      at: inc.detectedAt ?? inc.startedAt,
      href: incidentHref,
      items: [],
      more: 0,
    },
    postmortemNode(c, incidentHref, now),
    actionsNode(c, incidentHref, now),
  ];
  let previous: number | null = null;
  return nodes.map((n) => {
    const lagMs = n.at !== null && previous !== null ? n.at - previous : null;
    if (n.at !== null) previous = n.at;
    return { ...n, lagMs };
  });
}

/** "+12 min" between two stages; earlier than the previous one shows as "−3 min" (alerts can fire before impact is recorded). */
export function lagLabel(lagMs: number | null): string {
  if (lagMs === null) return '';
  return lagMs < 0 ? `−${minutes(-lagMs)}` : `+${minutes(lagMs)}`;
}
