import { useEffect, useState } from 'react';

/**
 * Light/dark theme. Follows the OS (prefers-color-scheme) until the person picks one; the pick is
 * kept in localStorage under `keel.theme`. public/theme-init.js applies it before first paint.
 */
export type Theme = 'light' | 'dark';
const storageKey = 'keel.theme';
const media = window.matchMedia('(prefers-color-scheme: dark)');

function stored(): Theme | null {
  try {
    const v = localStorage.getItem(storageKey);
    return v === 'light' || v === 'dark' ? v : null;
  } catch {
    return null;
  }
}

function effective(): Theme {
  return stored() ?? (media.matches ? 'dark' : 'light');
}

export function useTheme(): { theme: Theme; toggle: () => void } {
  const [theme, setTheme] = useState<Theme>(effective);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    const follow = (): void => {
      if (!stored()) setTheme(effective());
    };
    media.addEventListener('change', follow);
    return () => media.removeEventListener('change', follow);
  }, []);

  const toggle = (): void => {
    const next: Theme = theme === 'dark' ? 'light' : 'dark';
    try {
      localStorage.setItem(storageKey, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    setTheme(next);
  };
  return { theme, toggle };
}
