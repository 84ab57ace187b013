import type { AuditFilter } from '@/server/audit/audit.schema';

export type AuditFilterForm = { action: string; actor: string; targetType: string; from: string; to: string };
export const EMPTY_AUDIT_FILTER: AuditFilterForm = { action: '', actor: '', targetType: '', from: '', to: '' };

// Date inputs give calendar days in the viewer's time zone: "from" starts at
// local midnight and "to" includes the whole day.
export function toAuditQuery(form: AuditFilterForm): Omit<AuditFilter, 'cursor' | 'limit'> {
  const text = (value: string) => value.trim() || undefined;
  return {
    action: text(form.action),
    actor: text(form.actor),
    targetType: text(form.targetType),
    from: form.from ? new Date(`${form.from}T00:00:00`) : undefined,
    to: form.to ? new Date(`${form.to}T23:59:59.999`) : undefined,
  };
}
