// A transaction's statements must never overlap on its one pg connection: Prisma 7
// loads relations concurrently (and repos fan a `Db` out with Promise.all), which on
// a transaction makes pg print "DeprecationWarning: Calling client.query() when the
// client is already executing a query" (a hard error from pg 9). serialized-pg.ts
// orders them. The tests count, per pg client, the queries issued while another of
// that client's queries is still running.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient } from '../generated/prisma/client';
import { createPrismaClient } from '../db';
import { SerialQueue } from './serialized-pg';

const url = process.env.DATABASE_URL!;
const SUFFIX = `${Date.now()}`;
const clients: PrismaClient[] = [];

type Probe = { maxInFlight: number; warnings: string[]; stop: () => void };

// Wraps pg.Client#query (the very method pg warns in) for the duration of one test.
function probe(): Probe {
  const original = pg.Client.prototype.query;
  const inFlight = new WeakMap<object, number>();
  const state: Probe = { maxInFlight: 0, warnings: [], stop: () => undefined };
  const onWarning = (w: Error) => state.warnings.push(`${w.name}: ${w.message}`);
  process.on('warning', onWarning);
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const now = (inFlight.get(this) ?? 0) + 1;
    inFlight.set(this, now);
    state.maxInFlight = Math.max(state.maxInFlight, now);
    const done = () => inFlight.set(this, (inFlight.get(this) ?? 1) - 1);
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const cb = args[last] as (...a: unknown[]) => void;
      args[last] = (...a: unknown[]) => (done(), cb(...a));
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    }
    const result = (original as (...a: unknown[]) => unknown).apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') (result as Promise<unknown>).then(done, done);
    else done();
    return result;
  } as typeof original;
  state.stop = () => {
    pg.Client.prototype.query = original;
    process.off('warning', onWarning);
  };
  return state;
}

let teamId = '';
beforeAll(async () => {
  const prisma = createPrismaClient(url);
  clients.push(prisma);
  const team = await prisma.team.create({ data: { slug: `serial-${SUFFIX}`, name: 'Serial' } });
  teamId = team.id;
  await prisma.service.createMany({
    data: [1, 2, 3].map((n) => ({ slug: `serial-${SUFFIX}-${n}`, name: `Serial ${n}`, teamId })),
  });
});
let current: Probe | null = null;
afterEach(() => current?.stop());
afterAll(async () => {
  await clients[0]!.service.deleteMany({ where: { teamId } });
  await clients[0]!.team.delete({ where: { id: teamId } });
  for (const c of clients) await c.$disconnect();
});

// One relation query per include, loaded concurrently by the interpreter, plus our
// own Promise.all on the transaction: both shapes the demo seed and the services use.
async function fanOutInTransaction(prisma: PrismaClient) {
  return prisma.$transaction(async (tx) => {
    const team = await tx.team.findUniqueOrThrow({
      where: { id: teamId },
      include: { services: true, members: true, schedules: true, escalationPolicies: true, runbooks: true },
    });
    const [services, members, teams] = await Promise.all([
      tx.service.count({ where: { teamId } }),
      tx.teamMember.count({ where: { teamId } }),
      tx.team.count({ where: { id: teamId } }),
    ]);
    return { services: team.services.length, counted: services, members, teams };
  });
}

describe('transactions on the serialized adapter', () => {
  // Must run first: pg prints its deprecation once per process (util.deprecate).
  it('never overlap queries on the connection, so pg prints no DeprecationWarning', async () => {
    const prisma = createPrismaClient(url);
    clients.push(prisma);
    current = probe();
    for (let i = 0; i < 5; i += 1) {
      expect(await fanOutInTransaction(prisma)).toEqual({ services: 3, counted: 3, members: 0, teams: 1 });
    }
    // Outside a transaction the pool still serves concurrent queries on different connections.
    await Promise.all([prisma.team.count(), prisma.service.count(), prisma.user.count()]);
    await new Promise((r) => setImmediate(r));
    expect(current.maxInFlight).toBe(1);
    expect(current.warnings.filter((w) => w.includes('already executing a query'))).toEqual([]);
  });

  it('a failed statement inside the fan-out rolls the transaction back and the connection stays usable', async () => {
    const prisma = createPrismaClient(url);
    clients.push(prisma);
    current = probe();
    const attempt = prisma.$transaction(async (tx) => {
      await tx.service.create({ data: { slug: `serial-${SUFFIX}-rolled-back`, name: 'Gone', teamId } });
      await Promise.all([
        tx.team.findUniqueOrThrow({ where: { id: teamId }, include: { services: true, members: true, schedules: true } }),
        // Duplicate slug: Postgres raises 23505 in the middle of the fan-out.
        tx.service.create({ data: { slug: `serial-${SUFFIX}-1`, name: 'Duplicate', teamId } }),
        tx.service.count({ where: { teamId } }),
      ]);
    });
    await expect(attempt).rejects.toMatchObject({ code: 'P2002' });
    expect(await prisma.service.count({ where: { teamId } })).toBe(3);
    expect(await fanOutInTransaction(prisma)).toEqual({ services: 3, counted: 3, members: 0, teams: 1 });
    expect(current.maxInFlight).toBe(1);
  });

  // The upstream behaviour the wrapper exists for (prisma/orm#29407): with the plain
  // adapter the same work overlaps on the transaction's connection and pg warns.
  it('reproduces the overlap and the warning with the plain PrismaPg adapter', async () => {
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 2 }) });
    clients.push(prisma);
    current = probe();
    expect(await fanOutInTransaction(prisma)).toEqual({ services: 3, counted: 3, members: 0, teams: 1 });
    await new Promise((r) => setImmediate(r));
    expect(current.maxInFlight).toBeGreaterThan(1);
    expect(current.warnings.some((w) => w.startsWith('DeprecationWarning') && w.includes('already executing a query'))).toBe(true);
  });
});

describe('SerialQueue', () => {
  it('runs tasks one at a time in call order and keeps going after a failure', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    let running = 0;
    const task = (name: string, ms: number, fail = false) =>
      queue.run(async () => {
        running += 1;
        expect(running).toBe(1);
        log.push(`start ${name}`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`end ${name}`);
        running -= 1;
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([task('a', 20), task('b', 1, true), task('c', 5)]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['a', 'b', 'c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });
});
