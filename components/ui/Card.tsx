import type { ReactNode } from 'react';

type CardProps = {
  title?: ReactNode;
  actions?: ReactNode;
  // Tables sit flush against the card edges.
  flush?: boolean;
  children: ReactNode;
  className?: string;
  /** An anchor other pages link to (/incidents/x#alerts). */
  id?: string;
  'aria-label'?: string;
};

export function Card({ title, actions, flush, children, className, id, ...rest }: CardProps) {
  return (
    <section id={id} className={['card', className].filter(Boolean).join(' ')} aria-label={rest['aria-label']}>
      {(title || actions) && (
        <div className="card-header">
          {title ? <h2>{title}</h2> : <span />}
          {actions}
        </div>
      )}
      <div className={flush ? 'card-body-flush' : 'card-body'}>{children}</div>
    </section>
  );
}

export function Metric({ value, label }: { value: ReactNode; label: ReactNode }) {
  return (
    <div className="metric">
      <span className="metric-value">{value}</span>
      <span className="metric-label">{label}</span>
    </div>
  );
}
