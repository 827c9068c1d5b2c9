import type { ReactNode, Ref } from 'react';

interface AlertProps {
  tone?: 'error' | 'info' | 'warn' | 'success';
  title?: ReactNode;
  children?: ReactNode;
  ref?: Ref<HTMLDivElement>;
}

/** A message block. Errors use role="alert" so they are announced when they appear. */
export function Alert({ tone = 'info', title, children, ref }: AlertProps) {
  return (
    <div
      ref={ref}
      tabIndex={-1}
      className={`alert alert-${tone}`}
      role={tone === 'error' ? 'alert' : 'status'}
    >
      {title ? <p className="alert-title">{title}</p> : null}
      {children ? <div className="alert-body">{children}</div> : null}
    </div>
  );
}
