import { describe, expect, it } from 'vitest';
import { blamelessHints, checkMove, checkActionStatus, dueAtFor, emptySections, isActionOverdue, isEditable, isOverdue, mergeSections, normalizeSections, parseDuePolicy, requirementOf } from './postmortems.compute';
import type { Sections } from './postmortems.schema';

const H = 3_600_000;

describe('requirementOf', () => {
  it.each([
    ['P1', [], false, true, ['P1 incident']],
    ['P2', [], false, true, ['P2 incident']],
    ['P3', [], false, false, []],
    ['P3', ['shop/availability'], false, true, ['error budget exhausted: shop/availability']],
    ['P3', [], true, true, ['requested']],
    ['P1', ['a/x', 'b/y'], true, true, ['P1 incident', 'error budget exhausted: a/x, b/y', 'requested']],
  ] as const)('%s, exhausted %j, requested %s -> required %s', (severity, exhaustedSlos, requested, required, reasons) => {
    expect(requirementOf({ severity, exhaustedSlos, requested })).toEqual({ required, reasons });
  });
});

describe('due dates', () => {
  it.each([
    ['P1', 0, { P1: 48, P2: 48, P3: 48 }, 48 * H],
    ['P2', 1000, { P1: 24, P2: 72, P3: 120 }, 1000 + 72 * H],
    ['P3', 0, { P1: 24, P2: 72, P3: 120 }, 120 * H],
  ] as const)('%s resolved at %d -> due %d', (sev, resolvedAt, policy, due) => {
    expect(dueAtFor(sev, resolvedAt, policy)).toBe(due);
  });
  it('has no due time before resolution', () => {
    expect(dueAtFor('P1', null)).toBeNull();
  });
  it('reads the per-severity policy and names unreadable parts', () => {
    expect(parseDuePolicy('P1=24, P3=120')).toEqual({ policy: { P1: 24, P2: 48, P3: 120 }, problems: [] });
    const bad = parseDuePolicy('P1=0,P4=3,P2=12');
    expect(bad.policy).toEqual({ P1: 48, P2: 12, P3: 48 });
    expect(bad.problems).toHaveLength(2);
  });
});

describe('isOverdue', () => {
  const base = { required: true, state: 'draft' as const, dueAt: 100, notNeededReason: null, firstPublishedAt: null };
  it.each([
    ['required draft past due', base, 101, true],
    ['exactly at due', base, 100, false],
    ['not required', { ...base, required: false }, 200, false],
    ['not needed', { ...base, notNeededReason: 'dup' }, 200, false],
    ['published', { ...base, state: 'published' as const }, 200, false],
    ['reopened after publication', { ...base, state: 'reopened' as const, firstPublishedAt: 50 }, 200, false],
    ['in review past due', { ...base, state: 'in_review' as const }, 200, true],
    ['no due time yet', { ...base, dueAt: null }, 200, false],
  ])('%s -> %s', (_n, pm, now, want) => {
    expect(isOverdue(pm, now)).toBe(want);
  });
});

describe('checkMove', () => {
  const draft = { state: 'draft' as const, ownerId: 'owner', reviews: [] };
  const review = { state: 'in_review' as const, ownerId: 'owner', reviews: [{ userId: 'r1', decision: 'requested' as const }] };
  it.each([
    ['submit with another reviewer', draft, 'submit', 'owner', ['r1'], { ok: true, to: 'in_review' }],
    ['submit naming only the owner', draft, 'submit', 'owner', ['owner'], { ok: false }],
    ['approve by a reviewer', review, 'approve', 'r1', [], { ok: true, to: 'in_review' }],
    ['approve by the owner', review, 'approve', 'owner', [], { ok: false }],
    ['publish without approval', review, 'publish', 'owner', [], { ok: false }],
    ['publish with approval', { ...review, reviews: [{ userId: 'r1', decision: 'approved' as const }] }, 'publish', 'owner', [], { ok: true, to: 'published' }],
    ['publish a draft', draft, 'publish', 'owner', [], { ok: false }],
    ['request changes', review, 'request_changes', 'r1', [], { ok: true, to: 'draft' }],
    ['reopen a published one', { ...draft, state: 'published' as const }, 'reopen', 'owner', [], { ok: true, to: 'reopened' }],
    ['submit a reopened one', { ...draft, state: 'reopened' as const }, 'submit', 'owner', ['r2'], { ok: true, to: 'in_review' }],
  ] as const)('%s', (_n, pm, action, actor, reviewers, want) => {
    expect(checkMove(pm, action, actor, reviewers)).toMatchObject(want);
  });
  it('only drafts and reopened ones are editable', () => {
    expect(['draft', 'in_review', 'published', 'reopened'].map((s) => isEditable(s as 'draft'))).toEqual([true, false, false, true]);
  });
});

describe('mergeSections (concurrent edits)', () => {
  const base: Sections = { ...emptySections(), summary: 'S0', impact: 'I0', lessons: 'L0' };
  it.each([
    ['only I changed', { ...base }, { summary: 'S-mine' }, { ok: true, summary: 'S-mine', impact: 'I0', autoMerged: [] }],
    ['they changed another section', { ...base, impact: 'I-theirs' }, { summary: 'S-mine' }, { ok: true, summary: 'S-mine', impact: 'I-theirs', autoMerged: [] }],
    ['both changed the same section alike', { ...base, summary: 'S-same' }, { summary: 'S-same' }, { ok: true, summary: 'S-same', autoMerged: ['summary'] }],
    ['I sent an unchanged section they changed', { ...base, summary: 'S-theirs' }, { summary: 'S0' }, { ok: true, summary: 'S-theirs', autoMerged: [] }],
  ])('%s', (_n, theirs, mine, want) => {
    const r = mergeSections(base, theirs, mine);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.sections.summary).toBe(want.summary);
    if ('impact' in want) expect(r.sections.impact).toBe(want.impact);
    expect(r.autoMerged).toEqual(want.autoMerged);
  });
  it('refuses when both changed the same section differently, with both texts', () => {
    const r = mergeSections(base, { ...base, summary: 'S-theirs', impact: 'I-theirs' }, { summary: 'S-mine', lessons: 'L-mine' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.conflicts).toEqual([{ key: 'summary', base: 'S0', theirs: 'S-theirs', mine: 'S-mine' }]);
    // Nothing of mine is applied when the save is refused.
    expect(r.sections.lessons).toBe('L0');
  });
  it('normalizes stored JSON with missing or foreign keys', () => {
    const n = normalizeSections({ summary: 'x', bogus: 'y', impact: 3 });
    expect(n.summary).toBe('x');
    expect(n.impact).toBe('');
    expect('bogus' in n).toBe(false);
  });
});

describe('blamelessHints', () => {
  it.each([
    ['Bob caused the outage by deploying on Friday.', ['Bob Smith'], 1],
    ['The outage was human error by alice.', ['Alice Jones'], 1],
    ['A config change lowered the timeout; the deploy pipeline did not catch it.', ['Bob Smith'], 0],
    ['Bob rolled back the release.', ['Bob Smith'], 0],
  ])('%s -> %d hint(s)', (text, names, n) => {
    expect(blamelessHints({ rootCause: text }, names)).toHaveLength(n);
  });
  it('leaves the timeline alone (it quotes what happened)', () => {
    expect(blamelessHints({ timeline: 'Bob caused a page' }, ['Bob'])).toEqual([]);
  });
});

describe('action items', () => {
  it.each([
    [{ status: 'open', dueAt: 10 }, 11, true],
    [{ status: 'in_progress', dueAt: 10 }, 11, true],
    [{ status: 'done', dueAt: 10 }, 11, false],
    [{ status: 'wont_do', dueAt: 10 }, 11, false],
    [{ status: 'open', dueAt: null }, 11, false],
    [{ status: 'open', dueAt: 10 }, 10, false],
  ])('%j at %d overdue %s', (item, now, want) => {
    expect(isActionOverdue(item, now)).toBe(want);
  });
  it("needs a reason for won't do", () => {
    expect(checkActionStatus('wont_do', ' ')).toMatch(/why/);
    expect(checkActionStatus('wont_do', 'duplicate of #12')).toBeNull();
    expect(checkActionStatus('done', null)).toBeNull();
  });
});

describe('reminderDue', async () => {
  const { reminderDue } = await import('./reminders.compute');
  const due = 100 * H;
  it.each([
    [due - 25 * H, [], null],
    [due - 24 * H, [], 'due-soon'],
    [due - H, ['due-soon'], null],
    [due, ['due-soon'], null],
    [due + 1, ['due-soon'], 'overdue'],
    [due + 1, [], 'overdue'],
    [due + 73 * H, ['due-soon'], 'overdue-3d'],
    [due + 73 * H, ['overdue-3d'], null],
  ] as const)('at %d with %j sent -> %s', (now, sent, want) => {
    expect(reminderDue(due, sent, now)?.key ?? null).toBe(want);
  });
});
