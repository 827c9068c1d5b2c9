import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The page title. It takes focus when the page mounts, so after client-side navigation keyboard
 * and screen-reader users start at the new page, and it sets document.title.
 */
export function PageHeader({
  title,
  description,
  actions,
  meta,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  meta?: ReactNode;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Keel`;
    ref.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <header className="page-header">
      <div className="page-header-text">
        <h1 ref={ref} tabIndex={-1}>
          {title}
        </h1>
        {meta ? <div className="page-meta">{meta}</div> : null}
        {description ? <p className="page-description">{description}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}
