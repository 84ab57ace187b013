'use client';

import type { TrendPoint } from '@/server/domains/strip.schema';
import { Card } from '../ui/Card';
import { Select } from '../ui/Field';
import { TrendChart } from './TrendChart';

// A domain page's trend card: its daily figures over the period the reader picks (30 or 90 days).

export type TrendDays = 30 | 90;

export function TrendCard({ title, label, days, onDays, trend, series }: { title: string; label: string; days: TrendDays; onDays: (days: TrendDays) => void; trend: readonly TrendPoint[]; series: readonly { key: string; name: string }[] }) {
  return (
    <Card
      title={title}
      actions={
        <Select label="Period" value={String(days)} onChange={(e) => onDays(Number(e.target.value) as TrendDays)}>
          <option value="30">30 days</option>
          <option value="90">90 days</option>
        </Select>
      }
    >
      <TrendChart label={label} trend={trend} series={series} empty="No history yet: the figures are stored every 5 minutes (one point per day)." />
    </Card>
  );
}
