import { recordAudit } from '../audit/audit.service';
import { db, inTransaction, type Db } from '../database/tx';
import { DomainError } from '../errors';
import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import { SECTION_KEYS } from './postmortems.schema';
import { DEFAULT_TEMPLATE, PLACEHOLDERS, templateFrom } from './template.compute';
import * as repo from './template.repo';
import { saveTemplateSchema, templateRefSchema, TEMPLATE_SCOPES, type TemplateScope } from './template.schema';

// The organisation's post-mortem template (docs/postmortems.md, "Template"):
// admins edit it in Settings; a NEW draft starts from it (postmortems.service
// ensurePostmortem), existing drafts keep their text. Every save and reset is
// audited; saves carry the version they started from, so two admins never
// overwrite each other silently.

const MANAGE = 'settings.manage' as const;

/** The template a new draft of this severity starts from: its own, else the organisation's default, else the built-in one. */
export async function templateFor(tx: Db, severity: string) {
  const [own, fallback] = await Promise.all([repo.findTemplate(tx, severity), repo.findTemplate(tx, 'default')]);
  const row = own ?? fallback;
  return { sections: templateFrom(row?.sections ?? null), scope: (row?.scope ?? 'built-in') as TemplateScope | 'built-in', version: row?.version ?? 0 };
}

/** Every scope as stored (or not), the built-in template and the placeholders: the settings editor in one read. */
export async function getTemplates(ctx: RequestContext) {
  authorize(ctx, MANAGE, 'Only admins can edit the post-mortem template');
  const rows = await repo.allTemplates(db());
  return {
    scopes: TEMPLATE_SCOPES.map((scope) => {
      const row = rows.find((r) => r.scope === scope);
      return { scope, stored: !!row, version: row?.version ?? 0, sections: row ? templateFrom(row.sections) : null, updatedAt: row?.updatedAt.getTime() ?? null };
    }),
    builtIn: DEFAULT_TEMPLATE,
    placeholders: PLACEHOLDERS.map((p) => ({ name: p.name, kind: p.kind, description: p.description })),
  };
}

export async function saveTemplate(ctx: RequestContext, input: unknown) {
  authorize(ctx, MANAGE, 'Only admins can edit the post-mortem template');
  const data = saveTemplateSchema.parse(input);
  return inTransaction(async (tx) => {
    await repo.lockScope(tx, data.scope);
    const before = await repo.findTemplate(tx, data.scope);
    const current = before?.version ?? 0;
    if (current !== data.baseVersion) throw new DomainError('CONFLICT', `Someone else saved this template (version ${current}) while you edited version ${data.baseVersion}; reload to see theirs`);
    const old = before ? templateFrom(before.sections) : null;
    const changed = SECTION_KEYS.filter((k) => !old || old[k] !== data.sections[k]);
    const row = await repo.upsertTemplate(tx, data.scope, data.sections, current + 1, ctx.actor.kind === 'user' ? ctx.actor.id : null);
    await recordAudit(tx, ctx, { action: 'postmortem.template.save', targetType: 'postmortem_template', targetId: data.scope, before: old ? { version: current, ...pick(old, changed) } : null, after: { version: row.version, ...pick(data.sections, changed) } });
    return { scope: data.scope, version: row.version, changed };
  });
}

/** Back to the built-in template (or, for a severity, to the organisation's default). */
export async function resetTemplate(ctx: RequestContext, input: unknown) {
  authorize(ctx, MANAGE, 'Only admins can edit the post-mortem template');
  const { scope } = templateRefSchema.parse(input);
  return inTransaction(async (tx) => {
    await repo.lockScope(tx, scope);
    const before = await repo.findTemplate(tx, scope);
    if (!before) return { scope, reset: false };
    await repo.deleteTemplate(tx, scope);
    await recordAudit(tx, ctx, { action: 'postmortem.template.reset', targetType: 'postmortem_template', targetId: scope, before: { version: before.version, sections: before.sections }, after: null });
    return { scope, reset: true };
  });
}

function pick<T extends Record<string, unknown>>(o: T, keys: readonly string[]) {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}
