import { useEffect, useRef, type ReactNode } from 'react';
import { ThemeToggle } from '../../app/theme-toggle.js';

/** The centred card used by sign-in, first-run setup and password reset. */
export function AuthLayout({
  title,
  subtitle,
  children,
  footer,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Keel`;
    ref.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <div className="auth-page">
      <div className="auth-top">
        <span className="brand brand-static">
          <img src="/favicon.svg" alt="" width="24" height="24" />
          <span>Keel</span>
        </span>
        <ThemeToggle />
      </div>
      <main className="auth-card" id="main">
        <h1 ref={ref} tabIndex={-1}>
          {title}
        </h1>
        {subtitle ? <p className="auth-subtitle">{subtitle}</p> : null}
        {children}
      </main>
      {footer ? <div className="auth-footer">{footer}</div> : null}
    </div>
  );
}
