import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  addressThrottleKey,
  afterFailure,
  afterRefund,
  isPlausibleEmailKey,
  takeToken,
  BASE_LOCK_MS,
  FREE_FAILURES,
  ssoEmail,
  isLocked,
  lockDelayMs,
  MAX_LOCK_MS,
  RESET_AFTER_MS,
  throttleKey,
  type ThrottleState,
} from './auth.compute';

const t0 = new Date('2026-03-01T12:00:00Z');
const plus = (ms: number, from = t0) => new Date(from.getTime() + ms);

describe('lockDelayMs', () => {
  it('has the documented constants', () => {
    expect({ FREE_FAILURES, BASE_LOCK_MS, MAX_LOCK_MS, RESET_AFTER_MS }).toEqual({
      FREE_FAILURES: 5,
      BASE_LOCK_MS: 1_000,
      MAX_LOCK_MS: 900_000,
      RESET_AFTER_MS: 3_600_000,
    });
  });

  it.each([
    [0, 0],
    [1, 0],
    [4, 0],
    [5, 1_000],
    [6, 2_000],
    [7, 4_000],
    [10, 32_000],
    [14, 512_000],
    [15, 900_000], // 1,024 s capped at 15 min
    [40, 900_000],
  ])('%i failures -> %i ms', (failures, ms) => {
    expect(lockDelayMs(failures)).toBe(ms);
  });
});

describe('isLocked', () => {
  it.each<{ label: string; state: ThrottleState | null; now: Date; locked: boolean }>([
    { label: 'no record', state: null, now: t0, locked: false },
    { label: 'failures but no lock', state: { failures: 3, lastFailureAt: t0, lockedUntil: null }, now: t0, locked: false },
    { label: 'lock in the future', state: { failures: 5, lastFailureAt: t0, lockedUntil: plus(1000) }, now: t0, locked: true },
    { label: 'lock ends exactly now', state: { failures: 5, lastFailureAt: t0, lockedUntil: t0 }, now: t0, locked: false },
    { label: 'lock in the past', state: { failures: 5, lastFailureAt: t0, lockedUntil: plus(-1) }, now: t0, locked: false },
  ])('$label -> $locked', ({ state, now, locked }) => {
    expect(isLocked(state, now)).toBe(locked);
  });
});

describe('afterFailure', () => {
  it.each<{ label: string; state: ThrottleState | null; now: Date; expected: ThrottleState }>([
    { label: 'first failure', state: null, now: t0, expected: { failures: 1, lastFailureAt: t0, lockedUntil: null } },
    {
      label: 'fourth failure, still free',
      state: { failures: 3, lastFailureAt: t0, lockedUntil: null },
      now: plus(10),
      expected: { failures: 4, lastFailureAt: plus(10), lockedUntil: null },
    },
    {
      label: 'fifth failure locks for 1 s',
      state: { failures: 4, lastFailureAt: t0, lockedUntil: null },
      now: plus(10),
      expected: { failures: 5, lastFailureAt: plus(10), lockedUntil: plus(1_010) },
    },
    {
      label: 'sixth failure doubles to 2 s',
      state: { failures: 5, lastFailureAt: t0, lockedUntil: plus(1000) },
      now: plus(5000),
      expected: { failures: 6, lastFailureAt: plus(5000), lockedUntil: plus(7000) },
    },
    {
      label: 'long streak is capped',
      state: { failures: 30, lastFailureAt: t0, lockedUntil: null },
      now: plus(60_000),
      expected: { failures: 31, lastFailureAt: plus(60_000), lockedUntil: plus(60_000 + MAX_LOCK_MS) },
    },
    {
      label: 'failures older than an hour are forgotten',
      state: { failures: 9, lastFailureAt: t0, lockedUntil: plus(16_000) },
      now: plus(RESET_AFTER_MS + 1),
      expected: { failures: 1, lastFailureAt: plus(RESET_AFTER_MS + 1), lockedUntil: null },
    },
    {
      label: 'exactly one hour is not yet stale',
      state: { failures: 4, lastFailureAt: t0, lockedUntil: null },
      now: plus(RESET_AFTER_MS),
      expected: { failures: 5, lastFailureAt: plus(RESET_AFTER_MS), lockedUntil: plus(RESET_AFTER_MS + 1000) },
    },
  ])('$label', ({ state, now, expected }) => {
    expect(afterFailure(state, now)).toEqual(expected);
  });

  it('locks after exactly FREE_FAILURES consecutive failures', () => {
    let state: ThrottleState | null = null;
    const locks: boolean[] = [];
    for (let i = 0; i < 7; i++) {
      state = afterFailure(state, t0);
      locks.push(isLocked(state, t0));
    }
    expect(locks).toEqual([false, false, false, false, true, true, true]);
  });
});

describe('throttleKey', () => {
  it.each([
    ['Alice@Example.COM', 'alice@example.com'],
    ['  bob@example.com \n', 'bob@example.com'],
    ['carol@example.com', 'carol@example.com'],
  ])('%j -> %j', (input, key) => {
    expect(throttleKey(input)).toBe(key);
  });
});

describe('ssoEmail', () => {
  it.each([
    [{ email: 'Erin@Example.com', email_verified: true }, 'erin@example.com'],
    [{ email: 'erin@example.com' }, 'erin@example.com'],
    [{ email: 'erin@example.com', email_verified: false }, null],
    [{ email: 'erin@example.com', email_verified: 'false' }, null],
    [{ email: '' }, null],
    [{ email: 'not-an-address' }, null],
    [{}, null],
    [undefined, null],
  ])('%j -> %s', (profile, expected) => {
    expect(ssoEmail(profile)).toBe(expected);
  });
});

describe('per-address policy and refunds', () => {
  const t = new Date('2026-07-01T09:00:00Z');
  it('an address gets more free failures than an account', () => {
    expect(lockDelayMs(19, ADDRESS_POLICY)).toBe(0);
    expect(lockDelayMs(20, ADDRESS_POLICY)).toBe(1_000);
    expect(lockDelayMs(5, ACCOUNT_POLICY)).toBe(1_000);
  });
  it.each<[number, Date | null, number, boolean]>([
    [1, null, 0, false],
    [20, new Date(t.getTime() + 1_000), 19, false],
    [22, new Date(t.getTime() + 4_000), 21, true],
  ])('refunding %i failures leaves %#', (failures, lockedUntil, left, stillLocked) => {
    const next = afterRefund({ failures, lastFailureAt: t, lockedUntil }, ADDRESS_POLICY);
    expect(next?.failures).toBe(left);
    expect(!!next?.lockedUntil).toBe(stillLocked);
  });
  it('address keys cannot collide with e-mail keys', () => {
    expect(isPlausibleEmailKey(addressThrottleKey('10.0.0.1'))).toBe(false);
    expect(isPlausibleEmailKey(throttleKey(' Erin@Example.com '))).toBe(true);
    expect(isPlausibleEmailKey('')).toBe(false);
  });
});

describe('takeToken (global ceiling on password checks)', () => {
  it.each<[string, { tokens: number; atMs: number }, number, number | null, number]>([
    ['a saved token: no wait', { tokens: 10, atMs: 0 }, 0, 0, 9],
    ['none saved: wait for the next one', { tokens: 0, atMs: 0 }, 0, 100, -1],
    ['refilled over time, capped at the rate', { tokens: 0, atMs: 0 }, 60_000, 0, 9],
    ['queue too long: refused, nothing taken', { tokens: -20, atMs: 0 }, 0, null, -20],
    ['just within the longest wait', { tokens: -19, atMs: 0 }, 0.0001, 2_000, -20],
  ])('%s', (_name, bucket, nowMs, waitMs, tokensLeft) => {
    const result = takeToken(bucket, nowMs, 10, 2_000);
    if (waitMs === null) expect(result.waitMs).toBeNull();
    else expect(result.waitMs).toBeCloseTo(waitMs, 0);
    expect(result.bucket.tokens).toBeCloseTo(tokensLeft, 2);
  });
});
