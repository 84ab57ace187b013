import { describe, expect, it } from 'vitest';
import {
  bucketIndexOf,
  DURATION_BUCKETS_SECONDS,
  escapeLabelValue,
  healthHttpStatus,
  healthJson,
  healthReport,
  heartbeatHealth,
  isLoopbackHost,
  metricsAccess,
  renderJobMetrics,
} from './system.compute';

const now = new Date('2026-11-26T10:00:00.000Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000);
const dbOk = { ok: true, latencyMs: 1.2 };
const dbDown = { ok: false, latencyMs: null, error: 'ECONNREFUSED' };
const qOk = { ok: true, liveWorkers: 2 };
const qDown = { ok: false, liveWorkers: null, error: 'relation "pgboss.version" does not exist' };

describe('healthReport', () => {
  it.each([
    { name: 'all good', database: dbOk, queue: qOk, beat: 30, status: 'ok', http: 200, stale: false },
    { name: 'database down', database: dbDown, queue: qOk, beat: 30, status: 'degraded', http: 503, stale: false },
    { name: 'queue down', database: dbOk, queue: qDown, beat: 30, status: 'degraded', http: 503, stale: false },
    { name: 'both down', database: dbDown, queue: qDown, beat: null, status: 'degraded', http: 503, stale: true },
    // Workers being down must not take web pods out of rotation.
    { name: 'stale heartbeat stays ok', database: dbOk, queue: qOk, beat: 3600, status: 'ok', http: 200, stale: true },
    { name: 'no heartbeat yet stays ok', database: dbOk, queue: qOk, beat: null, status: 'ok', http: 200, stale: true },
  ])('$name -> $status', ({ database, queue, beat, status, http, stale }) => {
    const report = healthReport({ database, queue, heartbeatAt: beat === null ? null : ago(beat), now });
    expect(report.status).toBe(status);
    expect(healthHttpStatus(report)).toBe(http);
    expect(report.heartbeat.stale).toBe(stale);
  });
});

describe('heartbeatHealth', () => {
  it.each([
    { age: null, want: { lastAt: null, ageSeconds: null, stale: true } },
    { age: 0, want: { lastAt: ago(0), ageSeconds: 0, stale: false } },
    { age: 180, want: { lastAt: ago(180), ageSeconds: 180, stale: false } },
    { age: 181, want: { lastAt: ago(181), ageSeconds: 181, stale: true } },
    // A heartbeat from a worker whose clock runs ahead is not "negative seconds old".
    { age: -5, want: { lastAt: ago(-5), ageSeconds: 0, stale: false } },
  ])('age $age s', ({ age, want }) => {
    expect(heartbeatHealth(age === null ? null : ago(age), now)).toEqual(want);
  });
});

describe('healthJson', () => {
  it('has the documented shape and no error details', () => {
    const json = healthJson(healthReport({ database: dbDown, queue: qDown, heartbeatAt: ago(61), now }));
    expect(json).toEqual({
      status: 'degraded',
      checkedAt: '2026-11-26T10:00:00.000Z',
      database: { ok: false, latencyMs: null },
      queue: { ok: false, liveWorkers: null },
      heartbeat: { lastAt: '2026-11-26T09:58:59.000Z', ageSeconds: 61, stale: false },
    });
    expect(JSON.stringify(json)).not.toMatch(/ECONNREFUSED|pgboss/);
  });
});

describe('bucketIndexOf', () => {
  it.each([
    { ms: 0, le: 0.05 },
    { ms: 50, le: 0.05 },
    { ms: 51, le: 0.1 },
    { ms: 100, le: 0.1 },
    { ms: 2500, le: 2.5 },
    { ms: 1_800_000, le: 1800 },
    { ms: 1_800_001, le: Infinity },
  ])('$ms ms -> le=$le', ({ ms, le }) => {
    const i = bucketIndexOf(ms);
    expect(i === DURATION_BUCKETS_SECONDS.length ? Infinity : DURATION_BUCKETS_SECONDS[i]).toBe(le);
  });
});

describe('escapeLabelValue', () => {
  it.each([
    ['plain', 'plain'],
    ['a"b', 'a\\"b'],
    ['back\\slash', 'back\\\\slash'],
    ['new\nline', 'new\\nline'],
  ])('%j', (input, want) => expect(escapeLabelValue(input)).toBe(want));
});

describe('renderJobMetrics', () => {
  const text = renderJobMetrics({
    rows: [
      { name: 'system.heartbeat', status: 'ok', bucket: 0, runs: 10, durationSumMs: 200 },
      { name: 'system.heartbeat', status: 'ok', bucket: 4, runs: 2, durationSumMs: 1800 },
      { name: 'system.heartbeat', status: 'failed', bucket: 14, runs: 1, durationSumMs: 2_000_000 },
    ],
    lastSeen: [
      { name: 'system.heartbeat', lastSuccessAt: new Date('2026-11-26T09:59:30.500Z'), lastFailureAt: null, running: 1 },
      { name: 'never.finished', lastSuccessAt: null, lastFailureAt: null, running: 1 },
    ],
    liveWorkers: 2,
  });
  const lines = text.split('\n');

  it.each([
    ['# TYPE runwell_job_runs_total counter'],
    ['runwell_job_runs_total{job="system.heartbeat",status="ok"} 12'],
    ['runwell_job_runs_total{job="system.heartbeat",status="failed"} 1'],
    // Jobs that only ever started still get explicit zero counters, so rate() has a series.
    ['runwell_job_runs_total{job="never.finished",status="ok"} 0'],
    ['# TYPE runwell_job_duration_seconds histogram'],
    ['runwell_job_duration_seconds_bucket{job="system.heartbeat",le="0.05"} 10'],
    ['runwell_job_duration_seconds_bucket{job="system.heartbeat",le="0.5"} 10'],
    ['runwell_job_duration_seconds_bucket{job="system.heartbeat",le="1"} 12'],
    ['runwell_job_duration_seconds_bucket{job="system.heartbeat",le="1800"} 12'],
    ['runwell_job_duration_seconds_bucket{job="system.heartbeat",le="+Inf"} 13'],
    ['runwell_job_duration_seconds_sum{job="system.heartbeat"} 2002'],
    ['runwell_job_duration_seconds_count{job="system.heartbeat"} 13'],
    ['runwell_job_last_success_timestamp_seconds{job="system.heartbeat"} 1795687170.5'],
    ['runwell_job_running{job="never.finished"} 1'],
    ['runwell_workers_live 2'],
  ])('contains %s', (line) => {
    expect(lines).toContain(line);
  });

  it('has no success timestamp for a job that never succeeded, and ends with a newline', () => {
    expect(text).not.toMatch(/last_success_timestamp_seconds\{job="never.finished"\}/);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('declares each family once, HELP before TYPE', () => {
    const types = lines.filter((l) => l.startsWith('# TYPE')).map((l) => l.split(' ')[2]);
    expect(new Set(types).size).toBe(types.length);
    lines.forEach((l, i) => {
      if (l.startsWith('# TYPE')) expect(lines[i - 1]).toMatch(/^# HELP /);
    });
  });

  it('renders an empty installation', () => {
    const empty = renderJobMetrics({ rows: [], lastSeen: [], liveWorkers: null });
    expect(empty).toContain('# TYPE runwell_job_runs_total counter');
    expect(empty).not.toContain('runwell_workers_live');
  });
});

describe('metricsAccess', () => {
  const equal = (a: string, b: string) => a === b;
  it.each([
    { name: 'no token, loopback listener', token: undefined, listen: '127.0.0.1', auth: null, xff: '127.0.0.1', via: 'loopback' },
    { name: 'no token, ::1 listener', token: undefined, listen: '::1', auth: null, xff: '::1', via: 'loopback' },
    { name: 'no token, localhost listener', token: undefined, listen: 'localhost', auth: null, xff: null, via: 'loopback' },
    { name: 'no token, all interfaces', token: undefined, listen: '0.0.0.0', auth: null, xff: '127.0.0.1', via: null },
    { name: 'no token, unknown listener', token: undefined, listen: undefined, auth: null, xff: '127.0.0.1', via: null },
    { name: 'no token, local proxy forwarding a remote client', token: undefined, listen: '127.0.0.1', auth: null, xff: '203.0.113.7, 127.0.0.1', via: null },
    { name: 'token, right bearer', token: 's3cret', listen: '0.0.0.0', auth: 'Bearer s3cret', xff: '10.0.0.9', via: 'token' },
    { name: 'token, lower-case scheme', token: 's3cret', listen: '0.0.0.0', auth: 'bearer s3cret', xff: null, via: 'token' },
    { name: 'token, wrong bearer', token: 's3cret', listen: '0.0.0.0', auth: 'Bearer nope', xff: null, via: null },
    { name: 'token, no header', token: 's3cret', listen: '0.0.0.0', auth: null, xff: null, via: null },
    // With a token configured, loopback alone is not enough: the operator asked for a token.
    { name: 'token, loopback without header', token: 's3cret', listen: '127.0.0.1', auth: null, xff: '127.0.0.1', via: null },
    { name: 'token, basic auth', token: 's3cret', listen: '0.0.0.0', auth: 'Basic czNjcmV0', xff: null, via: null },
    { name: 'blank token counts as unset', token: '  ', listen: '127.0.0.1', auth: null, xff: null, via: 'loopback' },
    // Issue 10 finding 10: X-Real-IP and Forwarded were not looked at.
    { name: 'no token, X-Real-IP names a remote client', token: undefined, listen: '127.0.0.1', auth: null, xff: null, claimed: ['203.0.113.7'], via: null },
    { name: 'no token, Forwarded for= a remote client', token: undefined, listen: '127.0.0.1', auth: null, xff: null, claimed: ['198.51.100.4'], via: null },
    // With the TCP peer known (runwell serve), it decides instead of the listener.
    { name: 'no token, peer is loopback on a 0.0.0.0 listener', token: undefined, listen: '0.0.0.0', auth: null, xff: null, client: '127.0.0.1', via: 'loopback' },
    { name: 'no token, remote peer on a loopback listener', token: undefined, listen: '127.0.0.1', auth: null, xff: null, client: '10.1.2.3', via: null },
  ])('$name', ({ token, listen, auth, xff, via, ...rest }) => {
    const claimed = [...(xff ?? '').split(',').map((h) => h.trim()).filter(Boolean), ...(('claimed' in rest && rest.claimed) || [])];
    const client = ('client' in rest && rest.client) || null;
    const access = metricsAccess({ authorization: auth, client, claimed, token, listenHost: listen, tokensEqual: equal });
    expect(access.allowed ? access.via : null).toBe(via);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['LOCALHOST', true],
    ['0.0.0.0', false],
    ['10.0.0.1', false],
    ['1270.0.0.1', false],
    ['', false],
  ])('isLoopbackHost(%j) = %s', (host, want) => expect(isLoopbackHost(host)).toBe(want));
});
