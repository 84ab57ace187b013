/**
 * "a, b: unreachable; c: bad query": queries that failed the same way are
 * named together, so one unreachable data source reads as one line, not the
 * same sentence once per query.
 */
export function errorsByMessage(errors: Record<string, string>): string {
  const byMessage = new Map<string, string[]>();
  for (const [query, message] of Object.entries(errors)) byMessage.set(message, [...(byMessage.get(message) ?? []), query]);
  return [...byMessage].map(([message, queries]) => `${queries.join(', ')}: ${message}`).join('; ');
}
