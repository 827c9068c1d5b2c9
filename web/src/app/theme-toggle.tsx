import { useTheme } from './theme.js';

/** Switches between light and dark; aria-pressed tells whether dark is on. */
export function ThemeToggle() {
  const { theme, toggle } = useTheme();
  const dark = theme === 'dark';
  return (
    <button
      type="button"
      className="btn btn-ghost btn-sm theme-toggle"
      aria-pressed={dark}
      onClick={toggle}
      title="Toggle dark theme"
    >
      <span aria-hidden="true">{dark ? '☾' : '☀'}</span> Dark theme
    </button>
  );
}
