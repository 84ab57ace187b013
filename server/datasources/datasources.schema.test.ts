import { describe, expect, it } from 'vitest';
import { createDataSourceSchema } from './datasources.schema';

// Credentials never travel in the URL: it is stored, listed and audited in plain text.
describe('data source URL', () => {
  it.each([
    ['https://prometheus.monitoring:9090', true],
    ['http://prom.example.com/prometheus?x=1', true],
    ['http://prom.example.com/a@b', true],
    ['https://admin:hunter2@prom.example.com', false],
    ['https://token@prom.example.com:9090/', false],
  ])('%s accepted: %s', (url, ok) => {
    const r = createDataSourceSchema.safeParse({ name: 'prom', url, authKind: 'none' });
    expect(r.success).toBe(ok);
    if (!r.success) expect(r.error.issues).toEqual([expect.objectContaining({ path: ['url'], message: expect.stringMatching(/Remove the user name and password/) })]);
  });
});
