import { epochMs as ms } from '../lib/duration';
import { authorize } from '../lib/authorize';
import { recordAudit } from '../audit/audit.service';
import type { RequestContext } from '../lib/request-context';
import { inTransaction } from '../database/tx';
import { DomainError } from '../errors';
import * as incidents from '../incidents/incident-record.service';
import { checkMove, dueAtFor, type PmAction, type Review } from './postmortems.compute';
import * as repo from './postmortems.repo';
import { reasonSchema, reviewSchema, setOwnerSchema, submitSchema } from './postmortems.schema';
import { author, dtoOf, duePolicy, loadOrThrow, type PostmortemDto } from './postmortems.service';

// Review and publication of a post-mortem (docs/postmortems.md, "States"):
// submit, withdraw, approve, request changes, publish, reopen; the owner; "no
// post-mortem needed"; asking for one. Every step audited and on the incident
// timeline.

const ACTION_NEEDS: Record<PmAction, 'postmortem.write' | 'incident.respond'> = {
  submit: 'postmortem.write',
  withdraw: 'postmortem.write',
  approve: 'incident.respond',
  request_changes: 'incident.respond',
  publish: 'postmortem.write',
  reopen: 'postmortem.write',
};

export async function move(ctx: RequestContext, action: PmAction, input: unknown, now = Date.now()): Promise<PostmortemDto> {
  authorize(ctx, ACTION_NEEDS[action], `Your role may not ${action.replace('_', ' ')} post-mortems`);
  const id = String((input as { id?: unknown })?.id ?? '');
  const submit = action === 'submit' ? submitSchema.parse(input) : null;
  const review = action === 'approve' || action === 'request_changes' ? reviewSchema.parse({ ...(input as object), decision: action === 'approve' ? 'approved' : 'changes_requested' }) : null;
  const actorId = ctx.actor.kind === 'user' ? ctx.actor.id : null;
  if (review && !actorId) throw new DomainError('FORBIDDEN', 'Reviews are made by people, not tokens');
  return inTransaction(async (tx) => {
    await repo.lock(tx, id);
    const before = await loadOrThrow(id, tx);
    if (submit) {
      const known = await repo.usersByIds(tx, submit.reviewerIds);
      if (known.length !== new Set(submit.reviewerIds).size) throw new DomainError('BAD_INPUT', 'Some reviewers do not exist', 'reviewerIds');
    }
    const check = checkMove({ state: before.state, ownerId: before.ownerId, reviews: before.reviewers.map((r) => ({ userId: r.userId, decision: r.decision as Review['decision'] })) }, action, actorId, submit?.reviewerIds);
    if (!check.ok) throw new DomainError('BAD_INPUT', check.error, submit ? 'reviewerIds' : undefined);
    const at = new Date(now);
    if (submit) {
      await repo.setReviewers(tx, id, [...new Set(submit.reviewerIds)]);
      await repo.update(tx, id, { state: 'in_review', submittedAt: at });
    } else if (review) {
      await repo.recordReview(tx, id, actorId!, review.decision, review.comment, now);
      if (review.decision === 'changes_requested') await repo.update(tx, id, { state: 'draft' });
    } else if (action === 'publish') {
      await repo.update(tx, id, { state: 'published', publishedAt: at, publishedById: actorId, ...(before.firstPublishedAt ? {} : { firstPublishedAt: at }) });
    } else if (action === 'reopen') {
      await repo.resetReviews(tx, id);
      await repo.update(tx, id, { state: 'reopened' });
    } else {
      await repo.update(tx, id, { state: check.to });
    }
    const who = author(ctx);
    const words: Record<PmAction, string> = { submit: 'submitted for review', withdraw: 'withdrawn from review', approve: 'approved', request_changes: 'sent back with changes requested', publish: 'published', reopen: 'reopened' };
    await incidents.addTimeline(tx, { incidentId: before.incidentId, at: now, kind: 'link', text: `Post-mortem ${words[action]} by ${who.authorLabel}${review?.comment ? `: ${review.comment}` : ''}`, data: { postMortemId: id, action }, ...who });
    const after = (await repo.findById(tx, id))!;
    await recordAudit(tx, ctx, { action: `postmortem.${action}`, targetType: 'postmortem', targetId: id, before: { state: before.state }, after: { state: after.state, reviewers: after.reviewers.map((r) => ({ userId: r.userId, decision: r.decision })), comment: review?.comment } });
    return dtoOf(after, now);
  });
}

export async function setOwner(ctx: RequestContext, input: unknown, now = Date.now()): Promise<PostmortemDto> {
  authorize(ctx, 'postmortem.write', 'Your role may not change post-mortem owners');
  const data = setOwnerSchema.parse(input);
  return inTransaction(async (tx) => {
    const before = await loadOrThrow(data.id, tx);
    if (!(await repo.usersByIds(tx, [data.ownerId])).length) throw new DomainError('BAD_INPUT', 'No such user', 'ownerId');
    await repo.update(tx, data.id, { ownerId: data.ownerId });
    await recordAudit(tx, ctx, { action: 'postmortem.owner', targetType: 'postmortem', targetId: data.id, before: { ownerId: before.ownerId }, after: { ownerId: data.ownerId } });
    return dtoOf((await repo.findById(tx, data.id))!, now);
  });
}

/** "No post-mortem needed" with a reason: only where no rule requires one. */
export async function markNotNeeded(ctx: RequestContext, input: unknown, now = Date.now()): Promise<PostmortemDto> {
  authorize(ctx, 'postmortem.write', 'Your role may not decide on post-mortems');
  const data = reasonSchema.parse(input);
  return inTransaction(async (tx) => {
    const before = await loadOrThrow(data.id, tx);
    if (before.required) throw new DomainError('BAD_INPUT', `This post-mortem is required (${before.requiredReasons.join('; ')})`);
    await repo.update(tx, data.id, { notNeededReason: data.reason });
    await incidents.addTimeline(tx, { incidentId: before.incidentId, at: now, kind: 'link', text: `No post-mortem needed: ${data.reason}`, data: { postMortemId: data.id }, ...author(ctx) });
    await recordAudit(tx, ctx, { action: 'postmortem.not_needed', targetType: 'postmortem', targetId: data.id, after: { reason: data.reason } });
    return dtoOf((await repo.findById(tx, data.id))!, now);
  });
}

/** Ask for a post-mortem where none is required by rule: it becomes required, with a due time. */
export async function requestPostmortem(ctx: RequestContext, input: { id: string }, now = Date.now()): Promise<PostmortemDto> {
  authorize(ctx, 'incident.respond', 'Your role may not request post-mortems');
  return inTransaction(async (tx) => {
    const before = await loadOrThrow(input.id, tx);
    const reasons = [...new Set([...before.requiredReasons, 'requested'])];
    const due = dueAtFor(before.incident.severity, ms(before.incident.resolvedAt), duePolicy());
    await repo.update(tx, input.id, { requested: true, required: true, requiredReasons: reasons, notNeededReason: null, dueAt: due === null ? null : new Date(due) });
    await recordAudit(tx, ctx, { action: 'postmortem.request', targetType: 'postmortem', targetId: input.id, before: { required: before.required }, after: { required: true, reasons } });
    return dtoOf((await repo.findById(tx, input.id))!, now);
  });
}

