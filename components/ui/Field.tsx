'use client';

import { useId, type ComponentProps, type ReactNode } from 'react';

type FieldText = { label: ReactNode; hint?: ReactNode; error?: string | null };

// The hint sits under the control so that inputs in one form row line up.
// Wires label, hint and error to the control (for=, aria-describedby,
// aria-invalid), so every input has an accessible name and its error is read out.
function useFieldIds(id: string | undefined, hint: unknown, error: unknown) {
  const auto = useId();
  const controlId = id ?? auto;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return { controlId, hintId, errorId, describedBy };
}
type FieldIds = ReturnType<typeof useFieldIds>;

function FieldShell({
  label,
  hint,
  error,
  ids,
  children,
}: FieldText & { ids: FieldIds; children: ReactNode }) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={ids.controlId}>
        {label}
      </label>
      {children}
      <FieldNotes hint={hint} error={error} ids={ids} />
    </div>
  );
}

// The hint and the error under a control or group, with the ids aria-describedby points at.
function FieldNotes({ hint, error, ids }: Omit<FieldText, 'label'> & { ids: FieldIds }) {
  return (
    <>
      {hint && (
        <span className="field-hint" id={ids.hintId}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={ids.errorId}>
          {error}
        </span>
      )}
    </>
  );
}

// What every control shares: its id, its class (`base` plus the caller's), and the invalid/description wiring.
function controlProps(ids: FieldIds, base: string, className: string | undefined, error: unknown) {
  return {
    id: ids.controlId,
    className: [base, className].filter(Boolean).join(' '),
    'aria-invalid': error ? true : undefined,
    'aria-describedby': ids.describedBy,
  };
}

export function TextInput({ label, hint, error, id, className, ...rest }: FieldText & ComponentProps<'input'>) {
  const ids = useFieldIds(id, hint, error);
  return (
    <FieldShell label={label} hint={hint} error={error} ids={ids}>
      <input {...controlProps(ids, 'input', className, error)} {...rest} />
    </FieldShell>
  );
}

export function Select({ label, hint, error, id, className, children, ...rest }: FieldText & ComponentProps<'select'>) {
  const ids = useFieldIds(id, hint, error);
  return (
    <FieldShell label={label} hint={hint} error={error} ids={ids}>
      <select {...controlProps(ids, 'select', className, error)} {...rest}>
        {children}
      </select>
    </FieldShell>
  );
}

export function Textarea({ label, hint, error, id, className, ...rest }: FieldText & ComponentProps<'textarea'>) {
  const ids = useFieldIds(id, hint, error);
  return (
    <FieldShell label={label} hint={hint} error={error} ids={ids}>
      <textarea {...controlProps(ids, 'textarea', className, error)} {...rest} />
    </FieldShell>
  );
}

export function Checkbox({ label, ...rest }: { label: ReactNode } & Omit<ComponentProps<'input'>, 'type'>) {
  return (
    <label className="check">
      <input type="checkbox" {...rest} />
      <span>{label}</span>
    </label>
  );
}

// A group of checkboxes or radios: the legend names the group, the error is tied to it.
export function Fieldset({ legend, hint, error, children }: { legend: ReactNode; hint?: ReactNode; error?: string | null; children: ReactNode }) {
  const ids = useFieldIds(undefined, hint, error);
  return (
    <fieldset className="fieldset" aria-describedby={ids.describedBy}>
      <legend className="field-label">{legend}</legend>
      {children}
      <FieldNotes hint={hint} error={error} ids={ids} />
    </fieldset>
  );
}

/** A Select's options for records picked by id: `first`, when given, is the empty choice ("All teams", "Default data source"), then one per item by name. */
export function NamedOptions({ items, first }: { items: readonly { id: string; name: string }[] | undefined; first?: ReactNode }) {
  return (
    <>
      {first !== undefined && <option value="">{first}</option>}
      {(items ?? []).map((item) => (
        <option key={item.id} value={item.id}>
          {item.name}
        </option>
      ))}
    </>
  );
}
