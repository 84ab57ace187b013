import { describe, expect, it } from 'vitest';
import {
  alertKey,
  decideAlertChange,
  decidePayload,
  mapAlertToService,
  measureFlapping,
  normalizePayload,
  stateChangesOf,
  type AlertEvent,
  type StoredAlert,
} from './alerts.compute';
import { rawAlert, rawPayload } from './alerts.fixtures';
import { DEFAULT_SERVICE_RULES, parseRfc3339, parseWebhookPayload, type WebhookPayload } from './alerts.schema';

const T = (iso: string) => Date.parse(iso);
const MIN = 60_000;

function payloadOf(body: Record<string, unknown>): WebhookPayload {
  const r = parseWebhookPayload(body);
  if (!r.ok) throw new Error(r.message);
  return r.payload;
}

describe('parseRfc3339', () => {
  it.each([
    { text: '2026-03-01T10:00:00Z', ms: T('2026-03-01T10:00:00Z') },
    { text: '2026-03-01T10:00:00.123456789Z', ms: T('2026-03-01T10:00:00.123Z') },
    { text: '2026-03-01T10:00:00.5Z', ms: T('2026-03-01T10:00:00.500Z') },
    { text: '2026-03-01T11:00:00+01:00', ms: T('2026-03-01T10:00:00Z') },
    { text: '2026-03-01T05:30:00-04:30', ms: T('2026-03-01T10:00:00Z') },
    { text: '0001-01-01T00:00:00Z', ms: null },
    { text: '2026-02-29T10:00:00Z', ms: undefined },
    { text: '2026-03-01 10:00:00Z', ms: undefined },
    { text: '2026-03-01T10:00:00', ms: undefined },
    { text: 'yesterday', ms: undefined },
  ])('$text', ({ text, ms }) => {
    expect(parseRfc3339(text)).toBe(ms);
  });
});

describe('parseWebhookPayload', () => {
  it('accepts an Alertmanager body and keeps fields it does not know', () => {
    const body = rawPayload([{ ...rawAlert(), silencedBy: [] } as ReturnType<typeof rawAlert>], { newTopLevelField: 1 });
    const r = parseWebhookPayload(body);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.payload.alerts[0]!.startsAt).toBe(T('2026-03-01T10:00:00.123Z'));
    expect(r.payload.alerts[0]!.endsAt).toBeNull();
    expect((r.payload as Record<string, unknown>).newTopLevelField).toBe(1);
  });

  it('fills optional fields Alertmanager may omit', () => {
    const alert: Record<string, unknown> = { ...rawAlert() };
    delete alert.annotations;
    delete alert.generatorURL;
    const r = parseWebhookPayload(rawPayload([alert as ReturnType<typeof rawAlert>], { truncatedAlerts: undefined }));
    expect(r.ok && r.payload.alerts[0]!.annotations).toEqual({});
    expect(r.ok && r.payload.truncatedAlerts).toBe(0);
  });

  it.each([
    { name: 'wrong version', body: rawPayload([rawAlert()], { version: '3' }), path: 'version', message: /must be "4"/ },
    { name: 'bad status', body: rawPayload([rawAlert({ status: 'pending' as 'firing' })]), path: 'alerts[0].status', message: /firing.*resolved/ },
    { name: 'bad timestamp', body: rawPayload([rawAlert(), rawAlert({ startsAt: 'noon' })]), path: 'alerts[1].startsAt', message: /RFC 3339.*"noon"/ },
    { name: 'zero startsAt', body: rawPayload([rawAlert({ startsAt: '0001-01-01T00:00:00Z' })]), path: 'alerts[0].startsAt', message: /real time/ },
    { name: 'no fingerprint', body: rawPayload([rawAlert({ fingerprint: '' })]), path: 'alerts[0].fingerprint', message: /required/ },
    { name: 'numeric label', body: rawPayload([rawAlert({ labels: { alertname: 'X', code: 5 as unknown as string } })]), path: 'alerts[0].labels.code', message: /string/ },
    { name: 'missing alerts', body: rawPayload([], { alerts: undefined }), path: 'alerts', message: /^is required$/ },
    { name: 'missing version', body: rawPayload([rawAlert()], { version: undefined }), path: 'version', message: /^is required$/ },
    { name: 'negative truncatedAlerts', body: rawPayload([rawAlert()], { truncatedAlerts: -1 }), path: 'truncatedAlerts', message: /negative/ },
    { name: 'not an object', body: 'hello', path: '(body)', message: /object/ },
  ])('$name -> $path', ({ body, path, message }) => {
    const r = parseWebhookPayload(body);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const issue = r.issues.find((i) => i.path === path);
    expect(issue, JSON.stringify(r.issues)).toBeDefined();
    expect(issue!.message).toMatch(message);
    expect(r.message).toContain(`${path}: `);
  });
});

describe('normalizePayload', () => {
  const received = T('2026-03-01T10:30:00Z');

  it('keys by (fingerprint, startsAt) and maps the zero time to null', () => {
    const p = payloadOf(rawPayload([rawAlert(), rawAlert({ fingerprint: 'ff00', status: 'resolved', endsAt: '2026-03-01T10:20:00Z' })]));
    const { events, warnings } = normalizePayload(p, received);
    expect(warnings).toEqual([]);
    expect(events.map((e) => [e.key, e.status, e.endsAt])).toEqual([
      ['a1b2c3d4e5f60718@2026-03-01T10:00:00.123Z', 'firing', null],
      ['ff00@2026-03-01T10:00:00.123Z', 'resolved', T('2026-03-01T10:20:00Z')],
    ]);
    expect(events[0]).toMatchObject({ alertname: 'PaymentServiceHighErrorRate', receiver: 'runwell', groupKey: p.groupKey });
  });

  it('ignores a firing alert endsAt (Prometheus expiry hints) and repairs odd resolved ones', () => {
    const p = payloadOf(
      rawPayload([
        rawAlert({ endsAt: '2026-03-01T10:04:00Z' }),
        rawAlert({ fingerprint: 'b', status: 'resolved', endsAt: '0001-01-01T00:00:00Z' }),
        rawAlert({ fingerprint: 'c', status: 'resolved', endsAt: '2026-03-01T09:00:00Z' }),
      ]),
    );
    const { events, warnings } = normalizePayload(p, received);
    expect(events.map((e) => e.endsAt)).toEqual([null, received, T('2026-03-01T10:00:00.123Z')]);
    expect(warnings).toHaveLength(2);
  });

  it('a duplicated instance keeps the last entry', () => {
    const p = payloadOf(rawPayload([rawAlert(), rawAlert({ status: 'resolved', endsAt: '2026-03-01T10:10:00Z' })]));
    const { events, warnings } = normalizePayload(p, received);
    expect(events).toHaveLength(1);
    expect(events[0]!.status).toBe('resolved');
    expect(warnings[0]).toMatch(/repeats/);
  });
});

describe('decideAlertChange', () => {
  const start = T('2026-03-01T10:00:00Z');
  const key = alertKey('fp', start);
  const event = (status: 'firing' | 'resolved', endsAt: number | null = null, annotations = { summary: 's' }): AlertEvent => ({
    key,
    fingerprint: 'fp',
    alertname: 'A',
    status,
    startsAt: start,
    endsAt,
    labels: { alertname: 'A' },
    annotations,
    generatorURL: '',
    groupKey: 'g',
    receiver: 'r',
  });
  const stored = (status: 'firing' | 'resolved', endsAt: number | null = null): StoredAlert => ({ key, status, endsAt, annotations: { summary: 's' } });
  const end = start + 20 * MIN;

  it.each([
    { name: 'first firing', stored: null, event: event('firing'), kind: 'new', next: { status: 'firing', endsAt: null } },
    { name: 'first already resolved', stored: null, event: event('resolved', end), kind: 'new', next: { status: 'resolved', endsAt: end } },
    { name: 'repeat while firing', stored: stored('firing'), event: event('firing'), kind: 'repeat', next: null },
    { name: 'resolves', stored: stored('firing'), event: event('resolved', end), kind: 'resolved', next: { status: 'resolved', endsAt: end } },
    { name: 'resolved re-sent (later endsAt ignored)', stored: stored('resolved', end), event: event('resolved', end + MIN), kind: 'repeat', next: null },
    { name: 're-fires with the same startsAt', stored: stored('resolved', end), event: event('firing'), kind: 're-fired', next: { status: 'firing', endsAt: null } },
  ])('$name -> $kind', ({ stored: s, event: e, kind, next }) => {
    const change = decideAlertChange(s, e);
    expect(change.kind).toBe(kind);
    if (next === null) expect(change.next).toBeNull();
    else expect(change.next).toMatchObject(next);
    expect(change.reason.length).toBeGreaterThan(10);
  });

  it('reports changed annotations on a repeat without a state change', () => {
    const change = decideAlertChange(stored('firing'), event('firing', null, { summary: 'now 7%' }));
    expect(change).toMatchObject({ kind: 'repeat', annotationsChanged: true, next: null });
  });

  it('refuses to compare different instances', () => {
    expect(() => decideAlertChange({ ...stored('firing'), key: 'other' }, event('firing'))).toThrow(/not the incoming/);
  });

  it('a partly resolved group resolves only the resolved alert and leaves unmentioned ones alone', () => {
    const body = rawPayload([rawAlert({ fingerprint: 'one' }), rawAlert({ fingerprint: 'two', status: 'resolved', endsAt: '2026-03-01T10:20:00Z' })]);
    const { events } = normalizePayload(payloadOf(body), T('2026-03-01T10:21:00Z'));
    const s = (fp: string): StoredAlert => ({ key: alertKey(fp, T('2026-03-01T10:00:00.123Z')), status: 'firing', endsAt: null, annotations: events[0]!.annotations });
    const store = new Map([s('one'), s('two'), s('three')].map((x) => [x.key, x]));
    const decisions = decidePayload(events, store);
    expect(decisions.map((d) => [d.event.fingerprint, d.change.kind])).toEqual([
      ['one', 'repeat'],
      ['two', 'resolved'],
    ]);
  });

  it('replaying the same body twice is a no-op the second time', () => {
    const { events } = normalizePayload(payloadOf(rawPayload([rawAlert()])), T('2026-03-01T10:01:00Z'));
    const store = new Map<string, StoredAlert>();
    for (const { event: e, change } of decidePayload(events, store)) if (change.next) store.set(e.key, { key: e.key, ...change.next });
    expect(decidePayload(events, store).map((d) => d.change.kind)).toEqual(['repeat']);
  });
});

describe('mapAlertToService', () => {
  const known = ['payments', 'checkout', 'search'];

  it.each<{ name: string; labels: Record<string, string>; service: string | null; rule: number | null }>([
    { name: 'Sloth label first', labels: { sloth_service: 'checkout', service: 'payments' }, service: 'checkout', rule: 0 },
    { name: 'service label', labels: { service: 'payments', job: 'search' }, service: 'payments', rule: 1 },
    { name: 'unknown service falls through to job', labels: { service: 'billing', job: 'Search' }, service: 'search', rule: 2 },
    { name: 'namespace', labels: { job: 'node-exporter', namespace: 'payments' }, service: 'payments', rule: 3 },
    { name: 'nothing matches', labels: { job: 'node-exporter' }, service: null, rule: null },
  ])('$name', ({ labels, service, rule }) => {
    const m = mapAlertToService(labels, DEFAULT_SERVICE_RULES, known);
    expect(m.service).toBe(service);
    expect(m.rule).toBe(rule);
    expect(m.explanation).toHaveLength(rule === null ? DEFAULT_SERVICE_RULES.length + 1 : rule + 1);
  });

  it('explains every rule it tried, with value maps', () => {
    const m = mapAlertToService({ team: 'pay', job: 'api' }, [{ label: 'service' }, { label: 'team', values: { pay: 'payments' } }], known);
    expect(m.service).toBe('payments');
    expect(m.explanation).toEqual(['rule 1 (service): the alert has no service label', 'rule 2 (team): team="pay" (mapped to "payments") -> service payments']);
  });

  it('says when no rules exist', () => {
    expect(mapAlertToService({ service: 'payments' }, [], known).explanation).toEqual(['no mapping rules are configured']);
  });
});

describe('flapping', () => {
  const from = T('2026-03-02T00:00:00Z');
  const to = from + 24 * 60 * MIN;
  // `fp` fires and resolves every `everyMin` minutes `times` times from `at`.
  const cycles = (fp: string, at: number, times: number, everyMin: number) =>
    Array.from({ length: times }, (_, i) => ({ fingerprint: fp, startsAt: at + i * everyMin * MIN, endsAt: at + (i * everyMin + everyMin / 2) * MIN }));

  it.each([
    { name: 'one clean incident', instances: cycles('a', from + 60 * MIN, 1, 40), peak: 2, flapping: false },
    { name: 'fire, resolve, fire in 30 min', instances: cycles('a', from, 2, 20), peak: 4, flapping: true },
    { name: 'changes exactly an hour apart', instances: cycles('a', from, 2, 120), peak: 1, flapping: false },
    { name: 'still firing', instances: [{ fingerprint: 'a', startsAt: from + MIN, endsAt: null }], peak: 1, flapping: false },
  ])('$name', ({ instances, peak, flapping }) => {
    const r = measureFlapping(stateChangesOf(instances), { from, to });
    expect(r.alerts[0]).toMatchObject({ fingerprint: 'a', peakChangesInAnHour: peak, flapping });
  });

  it('flap rate = flapping alerts / alerts with a change in the window', () => {
    const instances = [
      ...cycles('noisy', from, 6, 10),
      ...cycles('calm1', from + 120 * MIN, 1, 30),
      ...cycles('calm2', from + 300 * MIN, 1, 30),
      ...cycles('calm3', from + 600 * MIN, 1, 30),
      ...cycles('outside', from - 300 * MIN, 6, 10),
    ];
    const r = measureFlapping(stateChangesOf(instances), { from, to });
    expect(r.alerts.map((a) => a.fingerprint)).toEqual(['noisy', 'calm1', 'calm2', 'calm3']);
    expect(r.flapping).toBe(1);
    expect(r.flapRate).toBe(0.25);
    expect(r.alerts[0]!.changesPerHour).toBeCloseTo(12 / 24, 12);
  });

  it('a higher threshold tolerates more changes; no alerts -> no rate', () => {
    expect(measureFlapping(stateChangesOf(cycles('a', from, 2, 20)), { from, to }, 4).flapping).toBe(0);
    expect(measureFlapping([], { from, to }).flapRate).toBeNull();
  });
});
