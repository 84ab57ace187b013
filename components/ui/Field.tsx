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

function FieldShell({
  label,
  hint,
  error,
  ids,
  children,
}: FieldText & { ids: ReturnType<typeof useFieldIds>; children: ReactNode }) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={ids.controlId}>
        {label}
      </label>
      {children}
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
    </div>
  );
}

export function TextInput({ label, hint, error, id, className, ...rest }: FieldText & ComponentProps<'input'>) {
  const ids = useFieldIds(id, hint, error);
  return (
    <FieldShell label={label} hint={hint} error={error} ids={ids}>
      <input
        id={ids.controlId}
        className={['input', className].filter(Boolean).join(' ')}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        {...rest}
      />
    </FieldShell>
  );
}

export function Select({ label, hint, error, id, className, children, ...rest }: FieldText & ComponentProps<'select'>) {
  const ids = useFieldIds(id, hint, error);
  return (
    <FieldShell label={label} hint={hint} error={error} ids={ids}>
      <select
        id={ids.controlId}
        className={['select', className].filter(Boolean).join(' ')}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        {...rest}
      >
        {children}
      </select>
    </FieldShell>
  );
}

export function Textarea({ label, hint, error, id, className, ...rest }: FieldText & ComponentProps<'textarea'>) {
  const ids = useFieldIds(id, hint, error);
  return (
    <FieldShell label={label} hint={hint} error={error} ids={ids}>
      <textarea
        id={ids.controlId}
        className={['textarea', className].filter(Boolean).join(' ')}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        {...rest}
      />
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
    </fieldset>
  );
}
