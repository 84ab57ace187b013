import type { ReactNode } from 'react';

type AlertProps = { tone?: 'info' | 'success' | 'warning' | 'danger'; title?: ReactNode; children?: ReactNode };

// Errors are announced at once (role=alert); everything else politely.
export function Alert({ tone = 'info', title, children }: AlertProps) {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'danger' ? 'alert' : 'status'}>
      {title && <p className="alert-title">{title}</p>}
      {children && <div>{children}</div>}
    </div>
  );
}
