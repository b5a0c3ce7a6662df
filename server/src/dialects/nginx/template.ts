/**
 * Config templates: files that become nginx configs only after a tool fills them in. Go templates
 * (ingress-nginx's `nginx.tmpl`, Helm), Jinja (Ansible's `*.j2`), envsubst (the official nginx
 * image renders `/etc/nginx/templates/*.conf.template` with `${VAR}`) and hand-written
 * `<PLACEHOLDER>`s. Parsed as they are, a Go template yields an error per `{{` (1,015 in
 * ingress-nginx's template), while nginx would stop at the first.
 *
 * So the template tags are masked before parsing, with text of the same length (spans stay exact
 * and the editor's ranges point at the real text; line breaks are kept):
 * - statements (`{% if %}`, `{{ end }}`, `{{ $x := . }}`, `{# comments #}`) and any tag that is
 *   alone on its line (it expands to whole directives, which cannot be known) become spaces;
 * - an expression inside a directive (`server {{ .Address }}:80;`) becomes one nginx variable
 *   word of the same length (`$___Address__`): a value known only when the file is rendered,
 *   which is what nginx variables already mean to every rule (no pool lookup, no duplicate).
 * envsubst `${VAR}` and `<PLACEHOLDER>` are words nginx reads as they are, so they are not masked,
 * only recognised, so that the file is reported once as a template and placeholders never count as
 * the same member.
 */

export type TemplateKind = 'go' | 'jinja' | 'envsubst' | 'placeholder';

export interface TemplateInfo {
  /** The kinds found, the strongest first (a Jinja file may also hold `${VAR}`). */
  readonly kinds: readonly TemplateKind[];
  /** The text to parse: tags masked (same length, same line breaks); the original when nothing was masked. */
  readonly masked: string;
  /** How many `{{ }}` / `{% %}` / `{# #}` tags were masked. */
  readonly tags: number;
  /** How many envsubst or `<PLACEHOLDER>` words were recognised. */
  readonly placeholders: number;
  /** Where the first template tag or placeholder is, for the note that says the file is a template. */
  readonly first: { readonly start: number; readonly end: number };
  /** The tags masked as values (`$___`): what nginx would say of such a value is about the template's output. */
  readonly values: readonly { readonly start: number; readonly end: number }[];
  /** The bodies of sub-template definitions, whose context is known only where they are used. */
  readonly definitions: readonly { readonly start: number; readonly end: number }[];
}

/** The longest tag looked for: a `{{` with no `}}` within this many characters is not a tag. */
const MAX_TAG = 4096;

const GO_STATEMENT = /^\{\{-?\s*(?:if|else|end|range|with|define|template|block|break|continue)\b|^\{\{-?\s*\/\*|:=/;
/** A `{{` that starts a Go or Jinja expression, not a Lua table in a table (`{{1, 2}}`, `{{a = 1}}`). */
const TAG_START = /\{\{-?\s*(?:[.$("]|(?:if|else|end|range|with|define|template|block)\b|\/\*|[A-Za-z_][\w.]*(?:\[[^\]]*\])*\s*(?:\||\}\}|-\}\}|\(|\s+[A-Za-z_.$'"(]))|\{%-?\s*[a-z]/g;
const JINJA_HINT = /\{%-?\s*[a-z]/;
/** envsubst: an upper-case `${NAME}`, which no nginx variable is (nginx's own are lower case). */
const ENVSUBST = /\$\{[A-Z_][A-Z0-9_]*\}/g;
/** Directives where nginx takes no variable, so a `${name}` there is filled in by envsubst. */
const NO_VARIABLE_DIRECTIVE = /^[ \t]*(?:listen|server|server_name|worker_processes|worker_connections|include|keepalive|user|pid)[ \t]+[^;{#\n]*?(\$\{\w+\})/gm;
/** `<IPADDR>`, `<your_domain>`: a bracketed name as a whole word (upper case, `_` or `-` tell it from an HTML tag). */
const ANGLE_PLACEHOLDER = /(?<=^|[\s:/@])<[A-Za-z][\w.-]*>(?=[\s;:/]|$)/gm;

/** Recognises a template and masks its tags; undefined for an ordinary nginx file (the common case costs a few scans). */
export function readTemplate(text: string): TemplateInfo | undefined {
  const tags = text.includes('{{') || text.includes('{%') ? maskTags(text) : undefined;
  const placeholders = findPlaceholders(text);
  if (!tags && placeholders.count === 0) return undefined;
  const kinds: TemplateKind[] = [];
  if (tags) kinds.push(tags.jinja ? 'jinja' : 'go');
  if (placeholders.envsubst) kinds.push('envsubst');
  if (placeholders.angle) kinds.push('placeholder');
  const first = tags && (placeholders.first === undefined || tags.first.start <= placeholders.first.start) ? tags.first : placeholders.first!;
  return {
    kinds,
    masked: tags?.masked ?? text,
    tags: tags?.count ?? 0,
    placeholders: placeholders.count,
    first,
    values: tags?.values ?? [],
    definitions: tags?.definitions ?? [],
  };
}

/** A readable list of what the template holds, such as "Go template tags and envsubst ${VAR} placeholders". */
export function describeTemplate(info: TemplateInfo): string {
  const names: Record<TemplateKind, string> = {
    go: `${info.tags} Go template tags ({{ }})`,
    jinja: `${info.tags} Jinja tags ({{ }}, {% %})`,
    envsubst: 'envsubst ${VAR} placeholders',
    placeholder: '<PLACEHOLDER> values',
  };
  const parts = info.kinds.map((kind) => names[kind]);
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0]!;
}

interface MaskResult {
  readonly masked: string;
  readonly count: number;
  readonly jinja: boolean;
  readonly first: Range;
  readonly values: Range[];
  readonly definitions: Range[];
}

interface Range {
  readonly start: number;
  readonly end: number;
}

interface Tag {
  readonly start: number;
  readonly end: number;
  readonly statement: boolean;
  /** The first word of a statement: `if`, `else`, `end`, `define`, `endmacro`... ('' for an expression). */
  readonly keyword: string;
}

const OPENS = new Set(['if', 'range', 'with', 'for', 'define', 'block', 'macro', 'call', 'filter']);
const ELSE = new Set(['else', 'elif']);
const DEFINES = new Set(['define', 'macro']);

function maskTags(text: string): MaskResult | undefined {
  const tags = findTags(text);
  if (tags.length === 0) return undefined;
  const out = text.split('');
  const values: Range[] = [];
  const blank = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (out[i] !== '\n' && out[i] !== '\r') out[i] = ' ';
  };
  tags.forEach((tag, index) => {
    if (tag.statement || aloneOnLine(text, tags, index) || spansLines(text, tag)) {
      blank(tag.start, tag.end);
    } else {
      values.push({ start: tag.start, end: tag.end });
      for (let i = tag.start + 1; i < tag.end; i++) out[i] = /\w/.test(text[i]!) ? text[i]! : '_';
      const before = lineBefore(text, tag.start);
      if (/^[ \t]*include[ \t]/.test(before)) {
        // nginx never expands variables in include: the file is known only once rendered. A glob
        // that matches nothing is what nginx accepts silently, so the include is not followed.
        out[tag.start] = '*';
      } else if (/^[ \t]*[A-Za-z_]\w*$/.test(before)) {
        // Glued to a directive name (`access_log{{ ' off' if x }}`), the value starts with a space.
        out[tag.start] = ' ';
        out[tag.start + 1] = '$';
      } else out[tag.start] = '$';
    }
  });
  // `on{{ else }}off{{ end }}` on one line would leave both values: keep the first branch only.
  for (const [from, to] of inlineElseBranches(text, tags)) blank(from, to);
  return {
    masked: out.join(''),
    count: tags.length,
    jinja: JINJA_HINT.test(text),
    first: { start: tags[0]!.start, end: tags[0]!.end },
    values,
    definitions: definitionBodies(tags),
  };
}

/** The ranges from an `else` to its `end` when the whole conditional sits on one line. */
function inlineElseBranches(text: string, tags: readonly Tag[]): [number, number][] {
  const ranges: [number, number][] = [];
  let open: { line: number; elseAt: number }[] = [];
  let line = -1;
  for (const tag of tags) {
    const tagLine = text.lastIndexOf('\n', tag.start - 1);
    if (tagLine !== line) {
      open = [];
      line = tagLine;
    }
    if (OPENS.has(tag.keyword)) open.push({ line, elseAt: -1 });
    else if (ELSE.has(tag.keyword) && open.length > 0 && open[open.length - 1]!.elseAt < 0) open[open.length - 1]!.elseAt = tag.start;
    else if (tag.keyword.startsWith('end')) {
      const closed = open.pop();
      if (closed && closed.elseAt >= 0) ranges.push([closed.elseAt, tag.end]);
    }
  }
  return ranges;
}

/**
 * The bodies of sub-template definitions (`{{ define "x" }}`, `{% macro x() %}`): nginx text whose
 * block is known only where it is used, so the context it sits in is not checked.
 */
function definitionBodies(tags: readonly Tag[]): Range[] {
  const bodies: Range[] = [];
  const stack: { keyword: string; end: number }[] = [];
  for (const tag of tags) {
    if (OPENS.has(tag.keyword)) stack.push({ keyword: tag.keyword, end: tag.end });
    else if (tag.keyword.startsWith('end')) {
      const opened = stack.pop();
      if (opened && DEFINES.has(opened.keyword)) bodies.push({ start: opened.end, end: tag.start });
    }
  }
  return bodies;
}

/** Every `{{ }}`, `{% %}` and `{# #}` tag, in order; a tag's quoted strings may hold its closing delimiter. */
function findTags(text: string): Tag[] {
  const tags: Tag[] = [];
  const jinja = JINJA_HINT.test(text);
  const opener = jinja ? /\{\{|\{%|\{#/g : /\{\{/g;
  let match: RegExpExecArray | null;
  while ((match = opener.exec(text)) !== null) {
    const start = match.index;
    // In a Jinja file every `{{` is a tag; elsewhere a `{{` must look like a Go template action.
    if (match[0] === '{{' && !jinja) {
      TAG_START.lastIndex = start;
      const valid = TAG_START.exec(text);
      if (!valid || valid.index !== start) continue;
    }
    const close = match[0] === '{{' ? '}}' : match[0] === '{%' ? '%}' : '#}';
    const end = closingOf(text, start + 2, close, match[0] !== '{#');
    if (end < 0) continue;
    const body = text.slice(start, end);
    const statement = match[0] !== '{{' || (!jinja && GO_STATEMENT.test(body));
    const keyword = statement ? (/^\{[{%]-?\s*([a-z]+)/.exec(body)?.[1] ?? '') : '';
    tags.push({ start, end, statement, keyword });
    opener.lastIndex = end;
  }
  return tags;
}

/** The index after `close`, skipping quoted strings when `strings`; -1 when it does not come within MAX_TAG. */
function closingOf(text: string, from: number, close: string, strings: boolean): number {
  const limit = Math.min(text.length, from + MAX_TAG);
  for (let i = from; i < limit; i++) {
    const c = text[i]!;
    if (strings && (c === '"' || c === "'" || c === '`')) {
      const endQuote = text.indexOf(c, i + 1);
      if (endQuote < 0 || endQuote >= limit) return -1;
      i = endQuote;
      continue;
    }
    if (c === close[0] && text[i + 1] === close[1]) return i + 2;
  }
  return -1;
}

/** The text of the line before `at`. */
function lineBefore(text: string, at: number): string {
  return text.slice(text.lastIndexOf('\n', at - 1) + 1, at);
}

function spansLines(text: string, tag: Tag): boolean {
  const newline = text.indexOf('\n', tag.start);
  return newline >= 0 && newline < tag.end;
}

/** Whether nothing but blanks and other tags shares the tag's line. */
function aloneOnLine(text: string, tags: readonly Tag[], index: number): boolean {
  const tag = tags[index]!;
  const lineStart = text.lastIndexOf('\n', tag.start - 1) + 1;
  let lineEnd = text.indexOf('\n', tag.end);
  if (lineEnd < 0) lineEnd = text.length;
  let i = lineStart;
  // Tags are sorted, so the ones on this line are found from the current one both ways.
  let k = index;
  while (k > 0 && tags[k - 1]!.end > lineStart) k--;
  while (i < lineEnd) {
    const next = tags[k];
    if (next && next.start <= i) {
      i = Math.max(i, next.end);
      k++;
      continue;
    }
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
    i++;
  }
  return true;
}

interface Placeholders {
  count: number;
  envsubst: boolean;
  angle: boolean;
  first: { start: number; end: number } | undefined;
}

function findPlaceholders(text: string): Placeholders {
  const found: Placeholders = { count: 0, envsubst: false, angle: false, first: undefined };
  const note = (start: number, end: number, kind: 'envsubst' | 'angle') => {
    found.count++;
    found[kind] = true;
    if (found.first === undefined || start < found.first.start) found.first = { start, end };
  };
  if (text.includes('${')) {
    const seen = new Set<number>();
    for (const match of text.matchAll(ENVSUBST)) {
      seen.add(match.index);
      note(match.index, match.index + match[0].length, 'envsubst');
    }
    for (const match of text.matchAll(NO_VARIABLE_DIRECTIVE)) {
      const at = match.index + match[0].length - match[1]!.length;
      if (!seen.has(at)) note(at, at + match[1]!.length, 'envsubst');
    }
  }
  if (text.includes('<')) {
    for (const match of text.matchAll(ANGLE_PLACEHOLDER)) {
      if (/[A-Z_-]/.test(match[0]) && !inComment(text, match.index)) note(match.index, match.index + match[0].length, 'angle');
    }
  }
  return found;
}

/** Whether `at` is inside a `#` comment (a documentation line showing a placeholder is not one). */
function inComment(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  return /^[ \t]*#/.test(text.slice(lineStart, at));
}
