import { DomainError } from '../errors';
import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import { ManifestError, parseManifests } from '../readiness/manifests.compute';
import { classifyInputSchema } from './changes.schema';
import { classifyChange, type Classification, type ClassifiedObject } from './classify.compute';

// The tier assistant for the record form: the same engine as
// `runwell change classify`, on two pasted manifest sets. Unparsable YAML is a
// field error on the side it came from.
export function suggestTier(ctx: RequestContext, input: unknown): Classification {
  authorize(ctx, 'change.submit', 'Your role may not record changes');
  return classifyManifests(classifyInputSchema.parse(input));
}

/** Classifies two parsed-as-text manifest sets; unparsable YAML is a field error at `${path}before` or `${path}after`. */
export function classifyManifests(v: { before: string; after: string }, path = ''): Classification {
  const side = (text: string, field: 'before' | 'after') => {
    try {
      return parseManifests(text, field).map((i) => i.object as ClassifiedObject);
    } catch (error) {
      if (error instanceof ManifestError) throw new DomainError('BAD_INPUT', error.message, `${path}${field}`);
      throw error;
    }
  };
  return classifyChange(side(v.before, 'before'), side(v.after, 'after'));
}
