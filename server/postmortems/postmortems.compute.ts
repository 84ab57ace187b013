import { DEFAULT_DUE_POLICY, SECTION_KEYS, SECTIONS, type DuePolicy, type PostmortemState, type SectionKey, type Sections } from './postmortems.schema';

// The post-mortem rules (docs/postmortems.md), pure: `now` is passed in.

const HOUR_MS = 3_600_000;

// ---------------------------------------------------------------------------
// When one is required

export type RequirementInput = {
  severity: 'P1' | 'P2' | 'P3';
  /** SLOs whose budget was exhausted (remaining <= 0) by the end of the incident. */
  exhaustedSlos: readonly string[];
  /** Someone asked for one on an incident that does not need one by rule. */
  requested: boolean;
};

export type Requirement = { required: boolean; reasons: string[] };

/**
 * Required for P1 and P2 incidents, when an SLO's budget was exhausted during
 * the incident (the seed's budget policy: "Exhausted: post-mortem mandatory"),
 * and on request. Optional otherwise ("no post-mortem needed" with a reason).
 */
export function requirementOf(input: RequirementInput): Requirement {
  const reasons: string[] = [];
  if (input.severity === 'P1' || input.severity === 'P2') reasons.push(`${input.severity} incident`);
  if (input.exhaustedSlos.length) reasons.push(`error budget exhausted: ${input.exhaustedSlos.join(', ')}`);
  if (input.requested) reasons.push('requested');
  return { required: reasons.length > 0, reasons };
}

/** Due `policy[severity]` hours after resolution; null while the incident is not resolved. */
export function dueAtFor(severity: 'P1' | 'P2' | 'P3', resolvedAt: number | null, policy: DuePolicy = DEFAULT_DUE_POLICY): number | null {
  if (resolvedAt === null) return null;
  return resolvedAt + policy[severity] * HOUR_MS;
}

/**
 * Reads RUNWELL_POSTMORTEM_DUE_HOURS ("P1=24,P2=48,P3=120"); missing or
 * unreadable entries keep the default, so a typo never removes a due date.
 */
export function parseDuePolicy(text: string | undefined, base: DuePolicy = DEFAULT_DUE_POLICY): { policy: DuePolicy; problems: string[] } {
  const policy = { ...base };
  const problems: string[] = [];
  for (const part of (text ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(P[123])\s*=\s*(\d+(?:\.\d+)?)$/.exec(part);
    if (!m || Number(m[2]) <= 0) {
      problems.push(`"${part}": expected P1=hours, P2=hours or P3=hours`);
      continue;
    }
    policy[m[1] as keyof DuePolicy] = Number(m[2]);
  }
  return { policy, problems };
}

export type OverdueInput = { required: boolean; state: PostmortemState; dueAt: number | null; notNeededReason: string | null; firstPublishedAt?: number | null };

/** A required post-mortem that was never published by its due time. Reopening a published one does not make it overdue again. */
export function isOverdue(pm: OverdueInput, now: number): boolean {
  if (!pm.required || pm.notNeededReason || pm.dueAt === null) return false;
  if (pm.state === 'published' || pm.firstPublishedAt) return false;
  return now > pm.dueAt;
}

// ---------------------------------------------------------------------------
// States

export type PmAction = 'submit' | 'approve' | 'request_changes' | 'publish' | 'reopen' | 'withdraw';

const MOVES: Record<PmAction, { from: PostmortemState[]; to: PostmortemState | null }> = {
  submit: { from: ['draft', 'reopened'], to: 'in_review' },
  withdraw: { from: ['in_review'], to: 'draft' },
  approve: { from: ['in_review'], to: null },
  request_changes: { from: ['in_review'], to: 'draft' },
  publish: { from: ['in_review'], to: 'published' },
  reopen: { from: ['published'], to: 'reopened' },
};

export type Review = { userId: string; decision: 'requested' | 'approved' | 'changes_requested' };

export type MoveCheck = { ok: true; to: PostmortemState } | { ok: false; error: string };

/**
 * Whether `actorId` may make `action` now. The owner never approves their own
 * post-mortem; publishing needs an approval from someone other than the owner.
 */
export function checkMove(pm: { state: PostmortemState; ownerId: string | null; reviews: readonly Review[] }, action: PmAction, actorId: string | null, reviewerIds: readonly string[] = []): MoveCheck {
  const move = MOVES[action];
  if (!move.from.includes(pm.state)) return { ok: false, error: `A ${pm.state.replace('_', ' ')} post-mortem cannot be ${pastTense(action)}` };
  if (action === 'submit' && !reviewerIds.some((r) => r !== pm.ownerId)) return { ok: false, error: 'Name at least one reviewer other than the owner' };
  if ((action === 'approve' || action === 'request_changes') && actorId !== null && actorId === pm.ownerId) return { ok: false, error: 'The owner cannot review their own post-mortem; ask someone else' };
  if (action === 'publish' && !pm.reviews.some((r) => r.decision === 'approved' && r.userId !== pm.ownerId)) return { ok: false, error: 'Publishing needs an approval from a reviewer other than the owner' };
  return { ok: true, to: move.to ?? pm.state };
}

function pastTense(a: PmAction): string {
  return { submit: 'submitted for review', withdraw: 'withdrawn', approve: 'approved', request_changes: 'sent back', publish: 'published', reopen: 'reopened' }[a];
}

/** Editing the text: drafts and reopened ones. In review the text is frozen so approvals stay meaningful. */
export function isEditable(state: PostmortemState): boolean {
  return state === 'draft' || state === 'reopened';
}

// ---------------------------------------------------------------------------
// Concurrent edits

export type MergeResult =
  | { ok: true; sections: Sections; autoMerged: SectionKey[] }
  | { ok: false; conflicts: { key: SectionKey; base: string; theirs: string; mine: string }[]; sections: Sections };

/**
 * Optimistic versioning with a three-way merge per section. `base` is the
 * version the editor started from, `theirs` the stored one, `mine` the
 * sections the editor changed. A section changed only on one side is taken
 * from that side; changed on both sides to different text is a conflict (the
 * save is refused with both versions, never a silent overwrite).
 */
export function mergeSections(base: Sections, theirs: Sections, mine: Partial<Sections>): MergeResult {
  const sections = { ...theirs };
  const conflicts: { key: SectionKey; base: string; theirs: string; mine: string }[] = [];
  const autoMerged: SectionKey[] = [];
  for (const key of SECTION_KEYS) {
    const m = mine[key];
    if (m === undefined || m === base[key]) continue; // I did not change it
    if (theirs[key] === base[key] || theirs[key] === m) {
      sections[key] = m;
      if (theirs[key] !== base[key]) autoMerged.push(key);
      continue;
    }
    conflicts.push({ key, base: base[key], theirs: theirs[key], mine: m });
  }
  return conflicts.length ? { ok: false, conflicts, sections: theirs } : { ok: true, sections, autoMerged };
}

export function emptySections(): Sections {
  return Object.fromEntries(SECTION_KEYS.map((k) => [k, ''])) as Sections;
}

/** Stored JSON -> all sections present (an older template may lack some). */
export function normalizeSections(value: unknown): Sections {
  const out = emptySections();
  if (value && typeof value === 'object') for (const k of SECTION_KEYS) if (typeof (value as Record<string, unknown>)[k] === 'string') out[k] = (value as Record<string, string>)[k]!;
  return out;
}

// ---------------------------------------------------------------------------
// Blameless writing

const BLAME = /\b(fault|blame[sd]?|careless(?:ly)?|negligen(?:t|ce)|should have known|human error|screw(?:ed)? up|messed up|mistake|caused|broke|forgot)\b/i;

/**
 * Sentences that name a person next to blaming words ("Bob caused the
 * outage", "human error by Alice"). A hint, never a block: the fix is to
 * describe the system and the decision, not the person.
 */
export function blamelessHints(sections: Partial<Sections>, names: readonly string[]): { section: SectionKey; sentence: string; name: string }[] {
  const people = names.flatMap((n) => [n, n.split(/\s+/)[0]!]).filter((n) => n.length >= 3);
  const out: { section: SectionKey; sentence: string; name: string }[] = [];
  for (const s of SECTIONS) {
    if (s.key === 'timeline') continue;
    const text = sections[s.key] ?? '';
    for (const sentence of text.split(/(?<=[.!?])\s+|\n+/)) {
      if (!BLAME.test(sentence)) continue;
      const name = people.find((n) => new RegExp(`\\b${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(sentence));
      if (name) out.push({ section: s.key, sentence: sentence.trim().slice(0, 200), name });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Action items

export function isActionOverdue(item: { status: string; dueAt: number | null }, now: number): boolean {
  return item.dueAt !== null && (item.status === 'open' || item.status === 'in_progress') && now > item.dueAt;
}

/** A won't-do needs its reason; done/won't do record when they were finished. */
export function checkActionStatus(status: string, wontDoReason: string | null | undefined): string | null {
  if (status === 'wont_do' && !(wontDoReason ?? '').trim()) return "Say why it won't be done";
  return null;
}
