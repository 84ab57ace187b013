import Link from 'next/link';
import type { ButtonHTMLAttributes, ComponentProps } from 'react';

type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';
type Look = { variant?: ButtonVariant; size?: 'md' | 'sm'; block?: boolean };

function buttonClass({ variant = 'secondary', size = 'md', block = false }: Look = {}, extra?: string): string {
  return ['btn', variant !== 'secondary' && `btn-${variant}`, size === 'sm' && 'btn-sm', block && 'btn-block', extra]
    .filter(Boolean)
    .join(' ');
}

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & Look & { busy?: boolean };

// Always a real <button>; `busy` keeps the label (stable accessible name) and
// only disables it, so tests and screen readers find the same button.
export function Button({ variant, size, block, busy, className, type = 'button', disabled, ...rest }: ButtonProps) {
  return (
    <button
      type={type}
      className={buttonClass({ variant, size, block }, className)}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    />
  );
}

export function ButtonLink({ variant, size, block, className, ...rest }: ComponentProps<typeof Link> & Look) {
  return <Link className={buttonClass({ variant, size, block }, className)} {...rest} />;
}
