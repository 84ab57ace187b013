import { authorize } from '../lib/authorize';
import { recordAudit } from '../audit/audit.service';
import type { RequestContext } from '../lib/request-context';
import { db, inTransaction, type Db } from '../database/tx';
import { DomainError } from '../errors';
import { sloRuleGroups } from '../slo/slo.service';
import { lintRunbookUrls, parseRunbook } from './runbooks.compute';
import * as repo from './runbooks.repo';
import { runbookIdSchema, runbookImportSchema, runbookInputSchema, runbookListSchema } from './runbooks-api.schema';
import type { RunbookCoverage, RunbookOwner, RunbookUrlFinding } from './runbooks.schema';

// The runbook library (docs/incidents.md, "Runbooks"): Markdown in the seed's
// template, parsed on save (missing sections are shown, never refused: a
// half-written runbook beats none), importable from a folder, linked from
// alerts by runbook_url or alert name; and the runbook_url lint over every
// alert rule Runwell knows.

const authorizeManage = (ctx: RequestContext) => authorize(ctx, 'runbook.manage', 'Only engineers, incident commanders and admins can edit runbooks');
const authorizeRead = (ctx: RequestContext) => authorize(ctx, 'app.read', 'You may not view runbooks');

function slugify(text: string): string {
  return (
    text
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .toLowerCase()
      .replace(/\.md$/, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 120) || 'runbook'
  );
}

function derive(markdown: string) {
  const parsed = parseRunbook(markdown);
  const heading = /^#\s+(.+)$/m.exec(markdown)?.[1]?.trim();
  const title = parsed.alert ?? heading ?? 'Untitled runbook';
  return { parsed, title: title.slice(0, 200), alertName: parsed.alert };
}

type ListedRow = Awaited<ReturnType<typeof repo.listRunbooks>>[number];

function toListItem(r: ListedRow) {
  const s = r.sections as { missing?: string[]; empty?: string[]; severity?: string | null };
  return { id: r.id, slug: r.slug, title: r.title, alertName: r.alertName, complete: r.complete, source: r.source, url: r.url, team: r.team?.name ?? null, updatedAt: r.updatedAt, missing: s.missing ?? [], empty: s.empty ?? [], severity: s.severity ?? null };
}

export async function listRunbooks(ctx: RequestContext, input: unknown = {}) {
  authorizeRead(ctx);
  const { search } = runbookListSchema.parse(input);
  return (await repo.listRunbooks(db(), search || undefined)).map(toListItem);
}

/** The runbooks of the alerts a service fires, and of its team when `teamId` is given (the service page's card). */
export async function runbooksForService(ctx: RequestContext, input: { teamId?: string; alertNames: readonly string[] }) {
  authorizeRead(ctx);
  return (await repo.runbooksFor(db(), input)).map(toListItem);
}

export async function getRunbook(ctx: RequestContext, input: unknown) {
  authorizeRead(ctx);
  const { id } = runbookIdSchema.parse(input);
  const row = await repo.findRunbook(db(), id);
  if (!row) throw new DomainError('NOT_FOUND', 'Runbook not found');
  return { ...row, team: row.team?.name ?? null, parsed: parseRunbook(row.markdown) };
}

async function uniqueSlug(tx: Db, base: string, id?: string): Promise<string> {
  for (let i = 0; ; i++) {
    const slug = i === 0 ? base : `${base}-${i + 1}`;
    const clash = await repo.findBySlug(tx, slug);
    if (!clash || clash.id === id) return slug;
  }
}

export async function saveRunbook(ctx: RequestContext, input: unknown): Promise<{ id: string; slug: string }> {
  authorizeManage(ctx);
  const v = runbookInputSchema.parse(input);
  const { parsed, title, alertName } = derive(v.markdown);
  return inTransaction(async (tx) => {
    if (v.teamId && !(await repo.teamExists(tx, v.teamId))) throw new DomainError('NOT_FOUND', 'Team not found', 'teamId');
    const data = { title, alertName, markdown: v.markdown, sections: parsed, complete: parsed.complete, url: v.url || null, teamId: v.teamId ?? null };
    if (!v.id) {
      const slug = v.slug ? v.slug : await uniqueSlug(tx, slugify(alertName ?? title));
      if (v.slug && (await repo.findBySlug(tx, slug))) throw new DomainError('CONFLICT', `A runbook with slug "${slug}" exists`, 'slug');
      const row = await repo.createRunbook(tx, { ...data, slug, source: 'manual' });
      await recordAudit(tx, ctx, { action: 'runbook.create', targetType: 'runbook', targetId: row.id, after: { slug, title, alertName, complete: parsed.complete, url: data.url } });
      return { id: row.id, slug };
    }
    const before = await repo.findRunbook(tx, v.id);
    if (!before) throw new DomainError('NOT_FOUND', 'Runbook not found');
    const slug = v.slug || before.slug;
    if (slug !== before.slug && (await repo.findBySlug(tx, slug))) throw new DomainError('CONFLICT', `A runbook with slug "${slug}" exists`, 'slug');
    await repo.updateRunbook(tx, v.id, { ...data, slug });
    await recordAudit(tx, ctx, {
      action: 'runbook.update',
      targetType: 'runbook',
      targetId: v.id,
      before: { slug: before.slug, title: before.title, complete: before.complete, url: before.url, markdownLength: before.markdown.length },
      after: { slug, title, complete: parsed.complete, url: data.url, markdownLength: v.markdown.length },
    });
    return { id: v.id, slug };
  });
}

export async function deleteRunbook(ctx: RequestContext, input: unknown): Promise<{ id: string }> {
  authorizeManage(ctx);
  const { id } = runbookIdSchema.parse(input);
  return inTransaction(async (tx) => {
    const before = await repo.findRunbook(tx, id);
    if (!before) throw new DomainError('NOT_FOUND', 'Runbook not found');
    await repo.deleteRunbook(tx, id);
    await recordAudit(tx, ctx, { action: 'runbook.delete', targetType: 'runbook', targetId: id, before: { slug: before.slug, title: before.title, source: before.source } });
    return { id };
  });
}

export type ImportResult = { created: string[]; updated: string[]; unchanged: string[]; incomplete: { file: string; missing: string[]; empty: string[] }[] };

/**
 * Imports Markdown files (one runbook each), keyed by the file name's slug:
 * importing the same folder again updates in place. All or nothing.
 */
export async function importRunbooks(ctx: RequestContext, input: unknown): Promise<ImportResult> {
  authorizeManage(ctx);
  const v = runbookImportSchema.parse(input);
  const result: ImportResult = { created: [], updated: [], unchanged: [], incomplete: [] };
  const slugs = new Map<string, string>();
  for (const f of v.files) {
    const slug = slugify(f.name.replace(/^.*[\\/]/, ''));
    if (slugs.has(slug)) throw new DomainError('BAD_INPUT', `${f.name} and ${slugs.get(slug)} would both become runbook "${slug}"`, 'files');
    slugs.set(slug, f.name);
  }
  await inTransaction(async (tx) => {
    for (const f of v.files) {
      const file = f.name.replace(/^.*[\\/]/, '');
      const slug = slugify(file);
      const { parsed, title, alertName } = derive(f.text);
      const url = v.urlBase ? `${v.urlBase.replace(/\/+$/, '')}/${file}` : null;
      const data = { slug, title, alertName, markdown: f.text, sections: parsed, complete: parsed.complete, source: `import:${file}`, url, teamId: null };
      if (!parsed.complete) result.incomplete.push({ file, missing: parsed.missing, empty: parsed.empty });
      const existing = await repo.findBySlug(tx, slug);
      if (!existing) {
        await repo.createRunbook(tx, data);
        result.created.push(slug);
      } else if (existing.markdown === f.text && existing.url === (url ?? existing.url)) {
        result.unchanged.push(slug);
      } else {
        await repo.updateRunbook(tx, existing.id, { ...data, url: url ?? existing.url, teamId: existing.teamId });
        result.updated.push(slug);
      }
    }
    await recordAudit(tx, ctx, { action: 'runbook.import', targetType: 'runbook', after: { files: v.files.length, created: result.created, updated: result.updated, unchanged: result.unchanged.length } });
  });
  return result;
}

export type LintRow = RunbookUrlFinding & { source: 'inventory' | 'runwell-slo'; where: string; suggestion: string | null };

/** Every alert rule Runwell knows without a usable runbook_url: PrometheusRules from the inventory and Runwell's own SLO rules. */
export async function lintRules(ctx: RequestContext): Promise<{ findings: LintRow[]; alertsChecked: number; coverage: RunbookCoverage[]; sources: { inventoryRules: number; sloRules: boolean } }> {
  authorizeRead(ctx);
  const [objects, library] = await Promise.all([repo.inventoryPrometheusRules(db()), repo.runbookAlertNames(db())]);
  const byAlert = new Map(library.map((r) => [r.alertName!, r]));
  const suggest = (alert: string) => {
    const rb = byAlert.get(alert);
    return rb ? `The library has a runbook for ${alert} (${rb.slug})${rb.url ? `: set runbook_url to ${rb.url}` : ''}` : null;
  };
  const docs = objects.map((o) => ({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { namespace: o.namespace, name: o.name }, spec: (o.data as { spec?: unknown }).spec ?? { groups: [] } }));
  const findings: LintRow[] = [];
  const coverage: RunbookCoverage[] = [];
  // One document (a PrometheusRule, or one SLO's rules) at a time: the maturity assessment reads the figures per owner.
  const lintOne = (doc: unknown, owner: RunbookOwner, row: (f: RunbookUrlFinding) => LintRow) => {
    const lint = lintRunbookUrls([doc]);
    if (lint.alertsChecked > 0) coverage.push({ ...owner, alerts: lint.alertsChecked, missing: lint.findings.length });
    findings.push(...lint.findings.map(row));
  };
  docs.forEach((doc, i) => {
    const o = objects[i]!;
    lintOne(doc, { owner: 'namespace', cluster: o.cluster.name, namespace: o.namespace }, (f) => ({ ...f, document: i, source: 'inventory', where: `${o.cluster.name}: ${o.namespace}/${o.name}`, suggestion: suggest(f.alert) }));
  });
  let sloOk = true;
  try {
    for (const slo of await sloRuleGroups(ctx)) {
      if (slo.groups.length === 0) continue;
      lintOne({ groups: slo.groups }, { owner: 'team', teamId: slo.teamId }, (f) => ({ ...f, source: 'runwell-slo', where: 'Runwell SLO rules (SLOs → rules download)', suggestion: suggest(f.alert) ?? 'Set alerting.runbookUrl on the SLO' }));
    }
  } catch {
    sloOk = false;
  }
  const alertsChecked = coverage.reduce((n, c) => n + c.alerts, 0);
  return { findings, alertsChecked, coverage, sources: { inventoryRules: objects.length, sloRules: sloOk } };
}
