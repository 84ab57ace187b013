'use client';

import { useEffect, useState } from 'react';
import { THEME_STORAGE_KEY, type Theme } from './theme';

function readTheme(): Theme {
  return document.documentElement.getAttribute('data-theme') === 'dark' ? 'dark' : 'light';
}

export function ThemeToggle() {
  // Unknown until mounted: the server cannot know what the bootstrap script chose.
  const [theme, setTheme] = useState<Theme | null>(null);
  useEffect(() => setTheme(readTheme()), []);

  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  function toggle() {
    document.documentElement.setAttribute('data-theme', next);
    try {
      localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Private mode or storage disabled: the choice lasts for this page only.
    }
    setTheme(next);
  }

  return (
    <button type="button" className="btn btn-sm" onClick={toggle} aria-label={`Switch to ${next} theme`}>
      {theme === 'dark' ? '☀ Light' : '☾ Dark'}
    </button>
  );
}
