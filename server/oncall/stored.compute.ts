import { z } from 'zod';
import { rotationSchema, type Schedule } from './oncall.schema';

// Stored schedules (OncallSchedule.layers JSON + ScheduleOverride rows) back
// into the pure Schedule the on-call math takes. Layers are validated again:
// a row written by an older version must fail loudly, not page the wrong person.

const layersSchema = z.array(rotationSchema).min(1);

export type StoredSchedule = {
  layers: unknown;
  overrides: readonly { userId: string; start: Date; end: Date; createdAt?: Date }[];
};

export function scheduleFromStored(row: StoredSchedule & { name?: string }): Schedule {
  const layers = layersSchema.parse(row.layers);
  // Later overrides win where two overlap: keep them in creation order.
  const overrides = [...row.overrides]
    .sort((a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0))
    .map((o) => ({ userId: o.userId, start: o.start.getTime(), end: o.end.getTime() }));
  return { name: row.name ?? 'schedule', layers, overrides };
}
