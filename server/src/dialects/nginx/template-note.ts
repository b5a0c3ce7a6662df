/**
 * What a template file adds to its analysis: one note that says it is a template and what was
 * checked (the `template-file` rule reports it), and a short list of syntax errors instead of one
 * per template tag (error-cap.ts).
 */
import type { ParseProblem } from '../../core/finding';
import { loc } from '../../core/span';
import { capTemplateErrors } from './error-cap';
import { inferContext } from './infer-context';
import { parseNginxTree } from './parser';
import type { NginxContext } from './syntax';
import { describeTemplate, type TemplateInfo } from './template';

/**
 * Caps the syntax problems this file added to `problems` (those from index `from` on) and puts
 * the template note before them.
 */
export function noteTemplate(problems: ParseProblem[], from: number, path: string, info: TemplateInfo): void {
  dropTemplateArtifacts(problems, from, info);
  const left = capTemplateErrors(problems, from, (first, message): ParseProblem => ({ kind: 'syntax', message, loc: first.loc }));
  const errors = problems.length - from;
  problems.splice(from, 0, { kind: 'template', message: templateMessage(info, errors, left), loc: loc(path, info.first) });
}

/**
 * The context a template is read in, inferred from its text outside sub-template definitions
 * (ingress-nginx's template is a main nginx.conf followed by dozens of `{{ define }}` bodies full
 * of locations, which would otherwise outvote it); undefined when it has no definitions.
 */
export function inferTemplateContext(info: TemplateInfo): NginxContext | undefined {
  if (info.definitions.length === 0) return undefined;
  let outside = '';
  let at = 0;
  for (const body of info.definitions) {
    outside += info.masked.slice(at, body.start) + info.masked.slice(body.start, body.end).replace(/[^\r\n]/g, ' ');
    at = body.end;
  }
  outside += info.masked.slice(at);
  return inferContext(parseNginxTree(outside).tree);
}

/**
 * Removes what is about the template rather than the nginx text: a complaint about a value the
 * template fills in (`proxy_buffering {{ .On }};` is not "on" or "off" until rendered), and the
 * context of a directive inside a sub-template definition, which is known only where it is used.
 */
function dropTemplateArtifacts(problems: ParseProblem[], from: number, info: TemplateInfo): void {
  if (info.values.length === 0 && info.definitions.length === 0) return;
  let kept = from;
  for (let i = from; i < problems.length; i++) {
    const problem = problems[i]!;
    const inValue = problem.kind === 'syntax' && within(info.values, problem.loc);
    const misplaced = problem.kind === 'syntax' && NOT_ALLOWED_HERE.test(problem.message) && within(info.definitions, problem.loc);
    const counted = problem.kind === 'syntax' && ARGUMENT_COUNT.test(problem.message) && valueInDirective(info, problem.loc.start);
    if (!inValue && !misplaced && !counted) problems[kept++] = problem;
  }
  problems.length = kept;
}

/** The context checker's message for a directive in the wrong block (contexts.ts). */
const NOT_ALLOWED_HERE = /^"[^"]*" directive is not allowed here/;

/** The context checker's message for a wrong number of arguments: a template value may be several words. */
const ARGUMENT_COUNT = /^invalid number of arguments in /;

/** Whether a masked value sits in the directive that starts at `start` (up to its `;`, `{` or `}`). */
function valueInDirective(info: TemplateInfo, start: number): boolean {
  const text = info.masked;
  let end = start;
  while (end < text.length && text[end] !== ';' && text[end] !== '{' && text[end] !== '}') end++;
  return info.values.some((value) => value.start >= start && value.start < end);
}

function within(ranges: readonly { start: number; end: number }[], at: { start: number; end: number }): boolean {
  // Ranges are sorted and disjoint: binary search for the last one starting at or before `at`.
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (ranges[mid]!.start <= at.start) low = mid + 1;
    else high = mid - 1;
  }
  const range = ranges[high];
  return range !== undefined && at.start >= range.start && at.end <= range.end;
}

function templateMessage(info: TemplateInfo, errors: number, left: number): string {
  const masked =
    info.tags > 0
      ? 'lb-drift read it with the tags blanked out (a tag inside a directive stands for a value known only once the file is rendered, like an nginx variable) and checked the nginx text around them'
      : 'lb-drift checked it as written, and placeholder members are never taken for the same backend';
  const listed = errors - (left > 0 ? 1 : 0);
  const outcome =
    errors === 0
      ? 'that text has no syntax error'
      : left > 0
        ? `that text has ${listed + left} syntax errors, of which the first ${listed} are listed`
        : `that text has ${errors} syntax ${errors === 1 ? 'error' : 'errors'}`;
  return (
    `This file is a template with ${describeTemplate(info)}: ${masked}; ${outcome}. ` +
    'What the template fills in is not checked: run nginx -t on the rendered config too.'
  );
}
