/**
 * Validates parsed project-config data against schemas/lb-drift.schema.json and checks what a
 * schema cannot: that a stable ref and a tag pattern are safe to hand to git. Every problem points
 * at the offending key or value.
 *
 * The validator is ajv's, precompiled from the schema (schema-validator.generated.js, kept in step
 * by test/config/schema.test.ts): compiling this schema at run time takes ~150 ms, which every
 * CLI run and the first analysis in the editor would pay.
 */
import type { Document, LineCounter } from 'yaml';
import { validateRevision, validateTagPattern } from '../git/revision';
import { createLocator } from './locate';
import { schemaMessages } from './messages';
import { problemAt, type ConfigProblem } from './problem';
import validate from './schema-validator.generated';

export function validateConfigData(data: unknown, document: Document.Parsed, text: string, lines: LineCounter): ConfigProblem[] {
  const locate = createLocator(document, text);
  const problems: ConfigProblem[] = [];
  if (!validate(data)) {
    for (const { pointer, key, message } of schemaMessages(validate.errors ?? [])) {
      const range = key === undefined ? locate.value(pointer) : locate.key(pointer, key);
      problems.push(problemAt(lines, range.start, range.end, message));
    }
  }
  if (isRecord(data)) {
    const { stableRef, stableTagPattern } = data;
    if (typeof stableRef === 'string' && stableRef !== 'auto' && stableRef !== '') {
      const check = validateRevision(stableRef);
      if (!check.ok) problems.push(at(locate.value('/stableRef'), `stableRef: ${check.message}, or auto`));
    }
    if (typeof stableTagPattern === 'string' && stableTagPattern !== '') {
      const check = validateTagPattern(stableTagPattern);
      if (!check.ok) problems.push(at(locate.value('/stableTagPattern'), `stableTagPattern: ${check.message}`));
    }
  }
  return problems.sort((a, b) => a.offset - b.offset);

  function at(range: { start: number; end: number }, message: string): ConfigProblem {
    return problemAt(lines, range.start, range.end, message);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
