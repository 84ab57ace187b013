export type Theme = 'light' | 'dark';
export const THEME_STORAGE_KEY = 'runwell.theme';

// Runs inline in <head> before first paint, so a dark-theme user never sees a
// white flash. Kept tiny and dependency-free; it is serialised as a string.
export const THEME_BOOTSTRAP_SCRIPT = `(function(){try{var t=localStorage.getItem('${THEME_STORAGE_KEY}');if(t!=='light'&&t!=='dark'){t=window.matchMedia('(prefers-color-scheme: dark)').matches?'dark':'light'}document.documentElement.setAttribute('data-theme',t)}catch(e){document.documentElement.setAttribute('data-theme','light')}})();`;

/** The theme a page starts in: the stored choice, else the system setting (what the bootstrap script decides). */
export function initialTheme(stored: string | null, prefersDark: boolean): Theme {
  return stored === 'light' || stored === 'dark' ? stored : prefersDark ? 'dark' : 'light';
}
