import type { ObjectReport } from '../readiness.schema';

/** "Deployment payments/checkout", or "Deployment checkout" without a namespace. */
export function objectLabel(object: Pick<ObjectReport, 'kind' | 'namespace' | 'name'>): string {
  return `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name}`;
}

/** "deploy/app.yaml:12", or null for live objects. */
export function objectLocation(object: Pick<ObjectReport, 'file' | 'line'>): string | null {
  if (!object.file) return null;
  return object.line ? `${object.file}:${object.line}` : object.file;
}
