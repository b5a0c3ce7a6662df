/**
 * Whether a file an `include` names can be an nginx config at all, decided before it is parsed.
 *
 * A hostile config can `include` any readable file: `/etc/shadow` when run as root, a `.env`, a
 * private key, `~/.git-credentials`. Parsed as nginx, such a file yields syntax errors whose
 * messages and source snippets would print its lines (a CI token) into every output format. So
 * a file that is plainly something else is refused here: the include gets a finding that names
 * the path and what the file looks like, and no byte of its content is parsed, stored or quoted.
 *
 * The checks are cheap and err on the side of refusing formats that are never nginx:
 * - binary content (a NUL byte, many control characters or undecodable bytes);
 * - text with lines but not one `;`, `{` or `}`, which every nginx directive ends with;
 * - a first line in the shape of a well-known non-nginx format: `NAME=value` (environment,
 *   dotenv), `a:b:c` records (passwd, shadow, group), a PEM block, JSON, XML/HTML/PHP, INI
 *   sections, YAML keys, URLs with credentials.
 * An nginx file starts with a directive (or a map/geo entry), and none of those shapes is one.
 */

/** Why the text cannot be an nginx config, in words that quote nothing from it; undefined when it may be one. */
export function whyNotNginxConfig(text: string): string | undefined {
  const binary = binaryReason(text);
  if (binary) return binary;
  const shape = foreignShapeOf(text);
  if (shape) return `its first line looks like ${shape}`;
  const secret = secretLineReason(text);
  if (secret) return secret;
  let count = 0;
  // Stops at the first line that ends a directive: the whole text is scanned only when none does.
  for (const line of contentLines(text)) {
    if (/[;{}]/.test(line)) return undefined;
    count++;
  }
  if (count === 0) return undefined;
  return `${count === 1 ? 'its only line does not end' : `none of its ${count} lines ends`} with ";", "{" or "}", as every nginx directive does`;
}

/** The message for an include refused because of `reason`, naming the path only. */
export function notConfigMessage(path: string, reason: string): string {
  return (
    `${path} is not an nginx config (${reason}), so lb-drift does not check it and shows none of its content; ` +
    'include only nginx config files (if this is one, check that its directives end with ";")'
  );
}

const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f]/g;

/** Why the text is binary rather than a config, or undefined. */
export function binaryReason(text: string): string | undefined {
  if (text.includes('\u0000')) return 'it contains NUL bytes, as binary files and /proc-style listings do';
  // Sampling the start is enough to tell a binary file; configs have no control characters.
  const sample = text.slice(0, 64 * 1024);
  const controls = sample.match(CONTROL)?.length ?? 0;
  if (controls >= 8 && controls * 100 > sample.length) return 'it is binary: it is full of control characters';
  const replaced = sample.split('\uFFFD').length - 1;
  if (replaced >= 16 && replaced * 10 > sample.length) return 'it is binary: most of its bytes are not UTF-8 text';
  return undefined;
}

/** Lines with something other than blanks and `#` comments, trimmed, one at a time. */
function* contentLines(text: string): Generator<string> {
  const lineBreak = /\r\n|\r|\n/g;
  let start = 0;
  while (start <= text.length) {
    const match = lineBreak.exec(text);
    const end = match ? match.index : text.length;
    const line = text.slice(start, end).trim();
    if (line !== '' && !line.startsWith('#')) yield line;
    if (!match) return;
    start = lineBreak.lastIndex;
  }
}

/**
 * Lines that hold secrets in the usual formats, anywhere in the file (a shell profile exporting a
 * token, a key pasted in the middle): an uppercase `NAME=` or `export name=` at a line's start
 * (nginx parameters such as `weight=` or `keys_zone=` are lowercase), a PEM header, a URL with a
 * password. One regular expression over the whole text, so a large include costs one scan.
 */
const SECRET_LINE = /^[ \t]*(?:export[ \t]+[A-Za-z_]\w*=|[A-Z_][A-Z0-9_]*=|-----BEGIN [A-Z0-9 ]+-----|[a-z][a-z0-9+.-]*:\/\/[^\s/@]+:[^\s/@]*@)/m;

/** Why a line of the text looks like a secret, or undefined. */
export function secretLineReason(text: string): string | undefined {
  const secret = SECRET_LINE.exec(text);
  return secret ? `a line in it looks like ${secretKind(secret[0])}, which no config line does` : undefined;
}

function secretKind(match: string): string {
  const line = match.trim();
  if (line.startsWith('-----')) return 'a PEM key or certificate';
  if (line.includes('://')) return 'a URL with a password';
  return 'an environment variable assignment (NAME=value)';
}

/** Formats a config file is often confused with, or a secret is kept in; `yaml` and `json` are fine for a project config. */
export type ForeignShape = 'env' | 'pem' | 'records' | 'json' | 'ini' | 'markup' | 'yaml' | 'url';

const FOREIGN_SHAPES: readonly (readonly [ForeignShape, RegExp, string])[] = [
  ['env', /^(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*=/, 'environment variables (NAME=value), as in a .env file or a process environment'],
  ['pem', /^-----BEGIN [A-Z0-9 ]+-----/, 'a PEM key or certificate'],
  ['records', /^[^\s:;{}#"']+:[^\s:;{}]*:[^;{}]*$/, 'colon-separated records, as in /etc/passwd or /etc/shadow'],
  ['json', /^[{[]\s*["{[\]}]|^[{[]$/, 'JSON'],
  ['ini', /^\[[^\]\s]+\]$/, 'an INI section header'],
  ['markup', /^</, 'XML, HTML or PHP'],
  ['yaml', /^---(?:\s|$)|^[A-Za-z_][\w.-]*:(?:\s|$)/, 'YAML'],
  ['url', /^[a-z][a-z0-9+.-]*:\/\/[^\s/@]+:[^\s/@]*@/i, 'URLs with credentials, as in ~/.git-credentials'],
];

/** What the first content line of `text` looks like, among the shapes not in `allowed`; undefined for none. */
export function foreignShapeOf(text: string, allowed: readonly ForeignShape[] = []): string | undefined {
  for (const line of contentLines(text)) {
    return FOREIGN_SHAPES.find(([id, pattern]) => !allowed.includes(id) && pattern.test(line))?.[2];
  }
  return undefined;
}
