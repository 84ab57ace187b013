// Links built from data someone else controls (alert annotations, imported
// files) are rendered as <a href>: only http(s) URLs may become links, so a
// `javascript:` or `data:` value can never run in a Runwell page.
export function httpUrlOrNull(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  try {
    const url = new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? trimmed : null;
  } catch {
    return null;
  }
}
