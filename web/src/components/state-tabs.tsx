import { Link } from '../app/router.js';

/**
 * Views of one list by state (Active / Pending / Expired), as links: the state lives in the URL,
 * so a view can be bookmarked and survives a reload. The current one is marked aria-current.
 */
export function StateTabs<T extends string>({
  label,
  tabs,
  current,
  hrefFor,
}: {
  label: string;
  tabs: readonly { value: T; label: string }[];
  current: T;
  hrefFor: (value: T) => string;
}) {
  return (
    <nav aria-label={label} className="state-tabs">
      {tabs.map((t) => (
        <Link
          key={t.value}
          to={hrefFor(t.value)}
          className="state-tab"
          aria-current={t.value === current ? 'page' : undefined}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
