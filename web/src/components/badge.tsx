import type { ReactNode } from 'react';
import { roleLabels } from '../lib/format.js';

export function Badge({
  tone = 'neutral',
  children,
  title,
}: {
  tone?: 'neutral' | 'sample' | 'good' | 'warn' | 'bad' | 'info';
  children: ReactNode;
  title?: string;
}) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

/** Marks rows created by "Load sample data", on every list and detail page. */
export function SampleBadge({ show }: { show: boolean }) {
  return show ? (
    <Badge tone="sample" title="Created by sample data; removed when you remove sample data">
      Sample
    </Badge>
  ) : null;
}

export function RoleBadge({ role }: { role: string }) {
  return (
    <Badge tone={role === 'owner' || role === 'admin' ? 'info' : 'neutral'}>{roleLabels[role] ?? role}</Badge>
  );
}
