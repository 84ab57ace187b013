'use client';

import { useLayoutEffect } from 'react';
import { initialTheme, THEME_STORAGE_KEY } from './theme';

// Pages answered with notFound() or forbidden() (404 for a missing incident,
// 403) are rendered by Next.js in the browser from an empty error shell: the
// bootstrap <script> in the root layout is then inserted by React, and
// browsers never run inserted inline scripts, so the stored theme was lost
// (light, or the CSS prefers-color-scheme fallback). This applies it from the
// bundle instead (allowed by the CSP), before that render is painted.
// Wherever the bootstrap script ran, data-theme is already set and this does nothing.
export function ThemeSync() {
  useLayoutEffect(() => {
    const root = document.documentElement;
    if (root.hasAttribute('data-theme')) return;
    let stored: string | null = null;
    try {
      stored = localStorage.getItem(THEME_STORAGE_KEY);
    } catch {
      // storage disabled: follow the system setting
    }
    root.setAttribute('data-theme', initialTheme(stored, window.matchMedia('(prefers-color-scheme: dark)').matches));
  }, []);
  return null;
}
