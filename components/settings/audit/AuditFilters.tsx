'use client';

import { useState, type FormEvent } from 'react';
import { auditFilterSchema } from '@/server/audit/audit.schema';
import { validate } from '../../forms/validate';
import type { FieldErrors } from '../../trpc/errors';
import { Button } from '../../ui/Button';
import { TextInput } from '../../ui/Field';
import { EMPTY_AUDIT_FILTER, toAuditQuery, type AuditFilterForm } from './audit-filter';

const KNOWN_TARGET_TYPES = ['user', 'api_token', 'team', 'service', 'cluster', 'slo', 'incident', 'change'];

export function AuditFilters({ onApply }: { onApply: (form: AuditFilterForm) => void }) {
  const [form, setForm] = useState<AuditFilterForm>(EMPTY_AUDIT_FILTER);
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (field: keyof AuditFilterForm) => (event: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [field]: event.target.value }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const checked = validate(auditFilterSchema, toAuditQuery(form));
    const problems: FieldErrors = checked.ok ? {} : { ...checked.errors };
    // ISO dates (yyyy-mm-dd) compare correctly as strings.
    if (form.from && form.to && form.from > form.to) problems.to = '“To” must be on or after “From”';
    setErrors(problems);
    if (Object.keys(problems).length === 0) onApply(form);
  }

  function clear() {
    setForm(EMPTY_AUDIT_FILTER);
    setErrors({});
    onApply(EMPTY_AUDIT_FILTER);
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Filter audit log">
      <div className="form-row">
        <TextInput label="Action" name="action" value={form.action} onChange={set('action')} error={errors.action} placeholder="e.g. user.create" />
        <TextInput label="Actor" name="actor" value={form.actor} onChange={set('actor')} error={errors.actor} placeholder="E-mail or token name" />
        <TextInput
          label="Target type"
          name="targetType"
          list="audit-target-types"
          value={form.targetType}
          onChange={set('targetType')}
          error={errors.targetType}
          placeholder="e.g. user"
        />
        <TextInput label="From" name="from" type="date" value={form.from} onChange={set('from')} error={errors.from} />
        <TextInput label="To" name="to" type="date" value={form.to} onChange={set('to')} error={errors.to} />
      </div>
      <datalist id="audit-target-types">
        {KNOWN_TARGET_TYPES.map((type) => (
          <option key={type} value={type} />
        ))}
      </datalist>
      <div className="form-actions">
        <Button type="submit" variant="primary">
          Apply filters
        </Button>
        <Button onClick={clear}>Clear filters</Button>
      </div>
    </form>
  );
}
