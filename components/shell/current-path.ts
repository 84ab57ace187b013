// A nav entry is current on its own page and on every page below it
// (/settings is current on /settings/users), never on a mere prefix (/slo vs /slos).
export function isCurrentPath(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}
