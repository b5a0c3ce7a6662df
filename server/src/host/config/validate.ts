/**
 * Validates parsed project-config data against schemas/lb-drift.schema.json (bundled: esbuild
 * inlines the JSON import) and checks what a schema cannot: that a stable ref and a tag pattern
 * are safe to hand to git. Every problem points at the offending key or value.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import type { Document, LineCounter } from 'yaml';
import schema from '../../../../schemas/lb-drift.schema.json';
import { validateRevision, validateTagPattern } from '../git/revision';
import { createLocator } from './locate';
import { schemaMessages } from './messages';
import { problemAt, type ConfigProblem } from './problem';

let compiled: ValidateFunction | undefined;

/** Compiled on first use: most editor sessions and CLI runs on repositories without a config never need it. */
function validator(): ValidateFunction {
  // `verbose` puts the offending value and its schema on each error, which the messages quote.
  compiled ??= new Ajv({ allErrors: true, verbose: true, strict: true }).compile(schema);
  return compiled;
}

export function validateConfigData(data: unknown, document: Document.Parsed, text: string, lines: LineCounter): ConfigProblem[] {
  const locate = createLocator(document, text);
  const problems: ConfigProblem[] = [];
  const validate = validator();
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
