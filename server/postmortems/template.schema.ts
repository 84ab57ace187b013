import { z } from 'zod';
import { SECTION_KEYS, type SectionKey } from './postmortems.schema';
import { templateIssues } from './template.compute';

// The organisation's post-mortem template (docs/postmortems.md, "Template").

/** "default" applies to every severity; a severity's own template overrides it. */
export const TEMPLATE_SCOPES = ['default', 'P1', 'P2', 'P3'] as const;
export type TemplateScope = (typeof TEMPLATE_SCOPES)[number];
export const TEMPLATE_SCOPE_LABELS: Record<TemplateScope, string> = { default: 'Every severity', P1: 'P1 only', P2: 'P2 only', P3: 'P3 only' };
export const templateScopeSchema = z.enum(TEMPLATE_SCOPES, { error: `must be one of ${TEMPLATE_SCOPES.join(', ')}` });

const body = z.string().max(20_000, 'must be at most 20,000 characters');

/**
 * A whole template. An unknown or malformed placeholder is an issue on its
 * section's field (path ["sections", key]) naming the placeholder and the section.
 */
export const saveTemplateSchema = z.object({
  scope: templateScopeSchema,
  /** The version the editor started from (0: nothing stored yet); a newer stored one is a conflict. */
  baseVersion: z.number().int().min(0),
  sections: z
    .object(Object.fromEntries(SECTION_KEYS.map((k) => [k, body])) as Record<SectionKey, typeof body>)
    .superRefine((sections, ctx) => {
      for (const issue of templateIssues(sections)) ctx.addIssue({ code: 'custom', path: [issue.section], message: issue.message });
    }),
});
export const templateRefSchema = z.object({ scope: templateScopeSchema });
