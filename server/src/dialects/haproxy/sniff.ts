/**
 * Is this file HAProxy? Names settle it when they can (`haproxy.cfg`, `*.haproxy`, a `.cfg`
 * below a `haproxy` folder); otherwise a `.cfg` or extension-less file must read like HAProxy in
 * its first kilobytes: a section header (`backend NAME`, `frontend NAME`, `listen NAME`,
 * `defaults`, `global`) at the start of a line and a `server NAME ADDRESS` or `use_backend` /
 * `default_backend` / `balance` line. The look is a few regular expressions over a bounded
 * prefix, so it costs the same for any file size.
 */
const SNIFF_CHARS = 16 * 1024;
const NAMED = /(?:^|[\\/])(?:haproxy\.cfg|[^\\/]+\.haproxy)$/i;
const UNDER_HAPROXY = /(?:^|[\\/])haproxy[^\\/]*[\\/](?:[^\\/]+[\\/])*[^\\/]+\.cfg$/i;
const CFG = /\.cfg$/i;
const EXTENSIONLESS = /(?:^|[\\/])[^.\\/]+$/;
const SECTION = /^[ \t]*(?:(?:frontend|backend|listen)[ \t]+\S+|defaults\b|global\b)[^\n{;]*$/m;
const BALANCING = /^[ \t]*(?:server[ \t]+\S+[ \t]+\S+|server-template[ \t]+\S+|use_backend[ \t]+\S+|default_backend[ \t]+\S+|balance[ \t]+\S+)[^{;\n]*$/m;

export function sniffHaproxy(path: string, text: string): boolean {
  if (NAMED.test(path) || UNDER_HAPROXY.test(path)) return true;
  if (!CFG.test(path) && !EXTENSIONLESS.test(path)) return false;
  const head = text.length > SNIFF_CHARS ? text.slice(0, SNIFF_CHARS) : text;
  return SECTION.test(head) && BALANCING.test(head);
}
