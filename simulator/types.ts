// Minimal Kubernetes object shapes used by the simulator. Objects are plain JSON
// values; objects held by the store are treated as immutable (copy, then replace).

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  generateName?: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  creationTimestamp: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [key: string]: any;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface StatusObject {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  code: number;
  details?: { name?: string; group?: string; kind?: string; uid?: string; retryAfterSeconds?: number; causes?: { reason?: string; message?: string; field?: string }[] };
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusObject['details'],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toStatus(): StatusObject {
    return statusObject(this.code, this.reason, this.message, this.details);
  }
}

export function statusObject(code: number, reason: string, message: string, details?: StatusObject['details']): StatusObject {
  const s: StatusObject = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) s.details = details;
  return s;
}

export const errors = {
  notFound: (group: string, plural: string, name: string) =>
    new ApiError(404, 'NotFound', `${group ? `${plural}.${group}` : plural} "${name}" not found`, { name, group, kind: plural }),
  alreadyExists: (group: string, plural: string, name: string) =>
    new ApiError(409, 'AlreadyExists', `${group ? `${plural}.${group}` : plural} "${name}" already exists`, { name, group, kind: plural }),
  conflict: (group: string, plural: string, name: string) =>
    new ApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${group ? `${plural}.${group}` : plural} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      { name, group, kind: plural },
    ),
  badRequest: (message: string) => new ApiError(400, 'BadRequest', message),
  invalid: (kind: string, name: string, message: string) => new ApiError(422, 'Invalid', `${kind} "${name}" is invalid: ${message}`, { name, kind }),
  expired: (message: string) => new ApiError(410, 'Expired', message),
  gone: (message: string) => new ApiError(410, 'Gone', message),
  unauthorized: () => new ApiError(401, 'Unauthorized', 'Unauthorized'),
  methodNotAllowed: (message = 'the server does not allow this method on the requested resource') => new ApiError(405, 'MethodNotAllowed', message),
  internal: (message = 'Internal error occurred: injected fault') => new ApiError(500, 'InternalError', message),
  timeout: (message: string) => new ApiError(504, 'Timeout', message),
  unsupportedMediaType: (type: string) => new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml; got ${type}`),
};
