import { BUCKET_MS } from '@/server/slo/slo-recompute.service';
import { refreshStates, writeBucketsMany } from '@/server/slo/slo-state.service';

// SLOs number `from` .. `to - 1` (named bench-<k>) spread over the services in
// the database, each with the last hour of 5-minute buckets and its stored
// state at the current evaluation instant, through the product's own write
// path, and its sampler state at its last bucket (the steady state a worker
// keeps sampling). Error ratios run from 0 to 90 % by k, so every policy band is present.

const HOUR_BUCKETS = 12;

export async function addSlos(from: number, to: number): Promise<void> {
  const { getPrisma } = await import('@/server/db');
  const repo = await import('@/server/slo/slo.repo');
  const { db } = await import('@/server/database/tx');
  const prisma = getPrisma();
  const services = await prisma.service.findMany({ select: { id: true, slug: true }, orderBy: { slug: 'asc' } });
  for (let k0 = from; k0 < to; k0 += 1000) {
    const ks = Array.from({ length: Math.min(1000, to - k0) }, (_, i) => k0 + i);
    await prisma.slo.createMany({ data: ks.map((k) => benchSloRow(k, services[k % services.length]!, `bench-${k}`)) });
  }
  const at = Math.floor(Date.now() / BUCKET_MS) * BUCKET_MS;
  // Sampled up to their last bucket, as after their backfill: a worker samples
  // them every minute from there instead of backfilling 30 days of each.
  await prisma.$executeRawUnsafe(
    `INSERT INTO "SloSamplerState" ("sloId", status, "lastBucket", "lastSuccessAt", "updatedAt") SELECT id, 'ok', to_timestamp($1::float8 / 1000), now(), now() FROM "Slo" WHERE name LIKE 'bench-%' ON CONFLICT DO NOTHING`,
    at - BUCKET_MS,
  );
  const rows = (await repo.listSlos(db())).filter((r) => r.name.startsWith('bench-') && Number(r.name.slice(6)) >= from);
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await writeBucketsMany(
      chunk.map((row) => {
        const ratio = (Number(row.name.slice(6)) % 10) / 10;
        return { row, buckets: Array.from({ length: HOUR_BUCKETS }, (_, b) => ({ start: at - (HOUR_BUCKETS - b) * BUCKET_MS, bad: 1000 * ratio, total: 1000, missing: false })) };
      }),
    );
    await refreshStates(chunk, at);
  }
}

/** The row of benchmark SLO number k on `service`: a 99.9 % 30-day events SLO over its own bench counters. */
export function benchSloRow(k: number, service: { id: string; slug: string }, name: string) {
  const definition = {
    service: service.slug,
    name,
    sli: { type: 'events', errorQuery: `sum(rate(slo_errors_total{slo="${k}"}[{{.window}}]))`, totalQuery: `sum(rate(slo_requests_total{slo="${k}"}[{{.window}}]))` },
    objective: 99.9,
    window: { type: 'rolling', days: 30 },
    budgeting: { method: 'occurrences' },
    labels: {},
    alerting: { name: `Slo${k}`, labels: {}, annotations: {}, page: { disabled: false, labels: {}, annotations: {} }, ticket: { disabled: false, labels: {}, annotations: {} } },
  };
  return { serviceId: service.id, name, definition, objective: 99.9, window: definition.window, budgeting: definition.budgeting, alerting: definition.alerting, source: 'ui' };
}
