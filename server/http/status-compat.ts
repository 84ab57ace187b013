import type { ErrorBody } from './rest';

// GET /api/v1/services/{id}/budget-policy answered errors as Kubernetes
// Status-like JSON before the REST helper existed, and change gates and triage
// scripts read `code`/`reason`/`details.issues`. Its error bodies are the
// documented {error, issues?} plus these fields, kept for those clients
// (a deliberate exception, docs/architecture.md; issue #9).
const REASONS: Record<number, string> = { 400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 409: 'Conflict', 413: 'RequestEntityTooLarge', 429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable' };

export function kubernetesStatusFields(code: number, body: ErrorBody): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason: REASONS[code] ?? 'Error', message: body.error, ...(body.issues ? { details: { issues: body.issues } } : {}) };
}
