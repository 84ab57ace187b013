import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import type { RequestContext } from '../lib/request-context';
import { suggestTier } from './classify.service';

const engineer: RequestContext = { actor: { kind: 'user', id: 'u', email: 'e@x.test', name: 'E', role: 'engineer' }, requestId: null };
const viewer: RequestContext = { actor: { kind: 'user', id: 'v', email: 'v@x.test', name: 'V', role: 'viewer' }, requestId: null };
const hpa = (max: number) => `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: api, namespace: shop }\nspec: { minReplicas: 2, maxReplicas: ${max} }\n`;

describe('suggestTier (the record form’s tier assistant)', () => {
  it('classifies two pasted manifest sets with the CLI’s engine', () => {
    expect(suggestTier(engineer, { before: hpa(10), after: hpa(20) })).toMatchObject({ tier: 'T2', reasons: [{ message: 'HPA api bounds 2-10 → 2-20' }] });
  });

  it('is for those who record changes', () => {
    expect(() => suggestTier(viewer, { before: '', after: '' })).toThrow(/may not record changes/);
  });

  it('names the side whose YAML does not parse', () => {
    let error: unknown;
    try {
      suggestTier(engineer, { before: hpa(10), after: 'kind: [unclosed' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).field).toBe('after');
  });
});
