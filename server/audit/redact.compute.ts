// What never reaches the audit log, whatever a caller passes in: values under
// secret-sounding keys, and secrets that hide inside ordinary-looking strings
// (a Slack incoming-webhook URL is itself the credential; user:password@ in a
// URL; "Bearer ..." headers; Runwell API tokens).

const SECRET_KEYS = /password|passwd|secret|token|kubeconfig|credential|authorization|api[-_]?key|private[-_]?key|cookie/i;

const SECRET_VALUES: Array<[RegExp, string]> = [
  // Slack incoming webhooks: https://hooks.slack.com/services/T../B../xxxx (also workflows/triggers).
  [/(https?:\/\/hooks\.slack(?:-gov)?\.com\/)[^\s"'<>]+/gi, '$1[redacted]'],
  // Discord / Teams-style webhook URLs carry their token in the path too.
  [/(https?:\/\/[^/\s]*discord(?:app)?\.com\/api\/webhooks\/)[^\s"'<>]+/gi, '$1[redacted]'],
  // user:password@ (or token@) in any URL.
  [/([a-z][a-z0-9+.-]*:\/\/)[^/\s@"'<>]+@/gi, '$1[redacted]@'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, '$1 [redacted]'],
  [/\brw_[A-Za-z0-9_-]{16,}/g, 'rw_[redacted]'],
];

export function redactString(value: string): string {
  return SECRET_VALUES.reduce((s, [pattern, replacement]) => s.replace(pattern, replacement), value);
}

export function redactSecrets(value: unknown): unknown {
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '[redacted]' : redactSecrets(v)]));
  }
  return value;
}
