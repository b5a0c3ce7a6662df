/**
 * The cap on listed syntax errors. A binary or badly broken file can produce an error per byte;
 * an editor or a CI log needs the first ones and a count, not a million diagnostics, and keeping
 * a million error objects until the end would cost more memory than the whole parse.
 */
import type { NginxSyntaxError } from './syntax';

/** At most this many syntax errors are listed, followed by one that counts the rest. */
export const MAX_REPORTED_ERRORS = 1000;

/** When this many errors are held, all but the first `MAX_REPORTED_ERRORS + 1` are dropped. */
export const ERROR_COMPACT_AT = 4 * MAX_REPORTED_ERRORS;

function byStart(a: NginxSyntaxError, b: NginxSyntaxError): number {
  return a.span.start - b.span.start;
}

/**
 * Keeps the first `MAX_REPORTED_ERRORS + 1` errors by position and returns how many it dropped.
 * The sort is stable and later errors are appended after the kept ones, so the errors finally
 * listed, and the one the count starts at, are those a sort of every error would give.
 */
export function compactErrors(errors: NginxSyntaxError[]): number {
  errors.sort(byStart);
  const dropped = errors.length - (MAX_REPORTED_ERRORS + 1);
  if (dropped <= 0) return 0;
  errors.length = MAX_REPORTED_ERRORS + 1;
  return dropped;
}

/**
 * The errors sorted by position, the first `MAX_REPORTED_ERRORS` of them, then one that counts
 * the rest (`dropped` of which `compactErrors` already let go).
 */
export function capErrors(errors: NginxSyntaxError[], dropped: number): NginxSyntaxError[] {
  if (errors.length > 1) errors.sort(byStart);
  const total = errors.length + dropped;
  if (total <= MAX_REPORTED_ERRORS) return errors;
  const first = errors[MAX_REPORTED_ERRORS]!;
  const listed = errors.slice(0, MAX_REPORTED_ERRORS);
  listed.push({
    message: `${total - MAX_REPORTED_ERRORS} more syntax errors from here on are not listed; is this an nginx configuration? Fix the errors above first`,
    span: first.span,
  });
  return listed;
}

/**
 * A template (see template.ts) is checked with its tags masked; what still fails to parse is
 * worth a look, but a template written for a tool nginx never sees can fail on every line, and
 * nginx itself stops at the first error. So a template lists its first few syntax errors, then
 * one that counts the rest, in the parser's words.
 */
export const MAX_TEMPLATE_ERRORS = 10;

const PARSER_COUNT = /^(\d+) more syntax errors from here on are not listed/;

/** The message of the finding that stands for `count` syntax errors not listed after the first `listed`. */
export function templateErrorsNotListed(count: number, listed: number): string {
  return (
    `${count} more syntax errors from here on are not listed (lb-drift lists the first ${listed} of a template); ` +
    'fix the errors above first, or check the rendered config instead of the template'
  );
}

/**
 * Keeps the first `MAX_TEMPLATE_ERRORS` problems of `problems` from index `from` on (one file's,
 * in position order) and puts one in place of the rest that counts them, including the errors the
 * parser's own cap had already counted. Returns how many were left out.
 */
export function capTemplateErrors<T extends { message: string; loc: { start: number } }>(
  problems: T[],
  from: number,
  summary: (first: T, message: string) => T,
): number {
  const own = problems.slice(from).sort((a, b) => a.loc.start - b.loc.start);
  if (own.length <= MAX_TEMPLATE_ERRORS) return 0;
  let left = 0;
  for (const problem of own.slice(MAX_TEMPLATE_ERRORS)) {
    const counted = PARSER_COUNT.exec(problem.message);
    left += counted ? Number(counted[1]) : 1;
  }
  const kept = own.slice(0, MAX_TEMPLATE_ERRORS);
  kept.push(summary(own[MAX_TEMPLATE_ERRORS]!, templateErrorsNotListed(left, MAX_TEMPLATE_ERRORS)));
  problems.splice(from, problems.length - from, ...kept);
  return left;
}
