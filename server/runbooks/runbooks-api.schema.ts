import { z } from 'zod';
import { idText, text } from '../lib/text';

// Inputs of the runbook library (router, forms, CLI import).

const SLUG_RE = /^[a-z0-9][a-z0-9-]*$/;

export const runbookInputSchema = z.object({
  id: idText().optional(),
  slug: z.string().trim().toLowerCase().max(120).regex(SLUG_RE, 'lower-case letters, digits and dashes').optional().or(z.literal('')),
  markdown: z.string().min(1, 'is required').max(200_000, 'must be at most 200,000 characters'),
  /** The runbook_url alerts use to point here (besides matching by alert name). */
  url: z
    .string()
    .trim()
    .max(2000)
    .refine((u) => u === '' || /^https?:\/\//.test(u), 'must be an http(s) URL')
    .optional(),
  teamId: idText().nullable().optional(),
});
export const runbookImportSchema = z.object({
  files: z
    .array(z.object({ name: idText().max(255), text: z.string().max(200_000) }))
    .min(1, 'no Markdown files given')
    .max(1000),
  /** Base URL the files are published at: url = base + file name (so existing runbook_url annotations match). */
  urlBase: z
    .string()
    .trim()
    .max(2000)
    .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL')
    .optional(),
});
export const runbookIdSchema = z.object({ id: idText() });
export const runbookListSchema = z.object({ search: text().trim().max(200).optional() }).default({});
