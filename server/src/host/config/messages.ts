/**
 * Turns ajv's schema errors into messages a person can act on: where (a key path such as
 * `rules.weight-skew.severity`), what is wrong, and what to write instead. ajv's own messages
 * ("must be equal to one of the allowed values") name neither the value nor the fix.
 */
import type { ErrorObject } from 'ajv';
import { RULE_DOCS_BASE } from '../../rules/docs/url';
import { RULES } from '../../rules';
import { pointerSegments } from './locate';
import { andList, orList, suggest } from './suggest';

const SEVERITIES = ['error', 'warning', 'info', 'hint', 'off'];
const FAIL_ON = ['error', 'warning', 'info'];
const RULE_LIST_URL = RULE_DOCS_BASE.replace('/blob/', '/tree/');

type SchemaLike = Readonly<Record<string, unknown>>;

export interface SchemaMessage {
  readonly message: string;
  /** The JSON pointer of the value the message is about. */
  readonly pointer: string;
  /** Set when the message is about a key (an unknown property) rather than a value. */
  readonly key?: string;
}

/** The key path as people write it: `rules.weight-skew.options.skewRatio`, `ignore[2]`. */
export function keyPath(pointer: string): string {
  let out = '';
  for (const segment of pointerSegments(pointer)) out += /^\d+$/.test(segment) ? `[${segment}]` : out === '' ? segment : `.${segment}`;
  return out;
}

/** Reduces ajv's errors to one per mistake (see `pickAnyOfBranches`) and phrases each. */
export function schemaMessages(errors: readonly ErrorObject[]): SchemaMessage[] {
  const kept = dropTypeErrorsBesideEnums(pickAnyOfBranches(errors));
  return kept.map((error) => {
    const pointer = error.instancePath;
    if (error.keyword === 'additionalProperties') {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      return { pointer, key, message: unknownKey(pointer, key, error.parentSchema as SchemaLike | undefined) };
    }
    return { pointer, message: `${keyPath(pointer) || 'the file'}: ${describeError(error)}` };
  });
}

/**
 * ajv reports the failures of every `anyOf` branch. A rule setting is either a severity string or
 * a mapping, so the branch whose type matches the value is the one the person meant: keep its
 * errors and drop the others. When no branch's type matches, one message says both forms.
 */
function pickAnyOfBranches(errors: readonly ErrorObject[]): ErrorObject[] {
  let out = [...errors];
  for (const anyOf of errors.filter((e) => e.keyword === 'anyOf')) {
    const prefix = `${anyOf.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const error of out) {
      if (!error.schemaPath.startsWith(prefix)) continue;
      const branch = error.schemaPath.slice(prefix.length).split('/')[0]!;
      branches.set(branch, [...(branches.get(branch) ?? []), error]);
    }
    const typed = [...branches.values()].filter((list) => !list.some((e) => e.keyword === 'type' && e.instancePath === anyOf.instancePath));
    const keep = typed.length === 1 ? typed[0]! : [anyOf];
    out = [...out.filter((e) => e !== anyOf && !e.schemaPath.startsWith(prefix)), ...keep];
  }
  return out;
}

/** A value of the wrong type under an `enum` gets one message, the enum's, which lists the choices. */
function dropTypeErrorsBesideEnums(errors: readonly ErrorObject[]): ErrorObject[] {
  const enumPaths = new Set(errors.filter((e) => e.keyword === 'enum').map((e) => e.instancePath));
  return errors.filter((e) => !(e.keyword === 'type' && enumPaths.has(e.instancePath)));
}

function describeError(error: ErrorObject): string {
  const data: unknown = error.data;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'enum':
      return notAllowed(data, (params.allowedValues as unknown[]).map(String));
    case 'type':
      return wrongType(data, String(params.type));
    case 'anyOf':
      return notAnyOf(data, (error.schema as readonly SchemaLike[] | undefined) ?? []);
    case 'minimum':
    case 'exclusiveMinimum':
      return `${show(data)} is below the minimum of ${String(params.limit)}; use ${String(params.limit)} or more`;
    case 'maximum':
    case 'exclusiveMaximum':
      return `${show(data)} is above the maximum of ${String(params.limit)}; use ${String(params.limit)} or less`;
    case 'minLength':
      return 'is empty; give it a value or remove it';
    case 'pattern':
      if (typeof data === 'string' && data.trim() === '') return 'is empty; give it a value or remove it';
      if (typeof data === 'string' && data.startsWith('!')) return `${show(data)} starts with "!", but files globs cannot exclude; list exclusions under ignore instead`;
      return `${show(data)} does not match the pattern ${String(params.pattern)}`;
    default:
      return error.message ?? `is not valid (${error.keyword})`;
  }
}

function notAllowed(data: unknown, allowed: readonly string[]): string {
  const what = sameList(allowed, SEVERITIES) ? 'a severity' : sameList(allowed, FAIL_ON) ? 'a failure level' : 'one of the allowed values';
  const close = typeof data === 'string' ? suggest(data, allowed) : undefined;
  return `${show(data)} is not ${what}; use ${orList(allowed)}${close ? ` (did you mean ${close}?)` : ''}${yaml11Hint(data)}`;
}

function wrongType(data: unknown, expected: string): string {
  let hint = '';
  if (data === null) hint = '; give it a value or remove the key';
  else if (expected === 'number' && typeof data === 'string' && data.trim() !== '' && Number.isFinite(Number(data))) hint = '; remove the quotes';
  else if (expected === 'array' && typeof data === 'string') hint = `; write a list, such as [${JSON.stringify(data)}], or one "- item" line per entry`;
  else if (expected === 'string' && (typeof data === 'number' || typeof data === 'boolean')) hint = '; put it in quotes';
  return `expected ${typeName(expected)}, got ${show(data)}${hint}`;
}

/** Used for rule settings, the one `anyOf` of the schema: a severity string or a mapping. */
function notAnyOf(data: unknown, branches: readonly SchemaLike[]): string {
  const forms = branches.map((branch) => {
    if (Array.isArray(branch.enum)) return `${sameList(branch.enum.map(String), SEVERITIES) ? 'a severity' : 'one'} (${orList(branch.enum.map(String))})`;
    const properties = branch.properties && typeof branch.properties === 'object' ? Object.keys(branch.properties) : [];
    return properties.length > 0 ? `a mapping with ${andList(properties)}` : typeName(String(branch.type));
  });
  return `expected ${orList(forms)}, got ${show(data)}${yaml11Hint(data)}`;
}

function unknownKey(pointer: string, key: string, parent: SchemaLike | undefined): string {
  const known = parent && typeof parent.properties === 'object' && parent.properties ? Object.keys(parent.properties).filter((k) => k !== '$schema') : [];
  const segments = pointerSegments(pointer);
  const close = suggest(key, known);
  const didYouMean = close ? `; did you mean "${close}"?` : '';
  if (segments.length === 0) {
    if (RULES.some((rule) => rule.meta.id === key)) return `${key} is a rule id, not a key of its own; indent it under rules:`;
    return `unknown key "${key}"${didYouMean || `; the keys are ${andList(known)}`}`;
  }
  const where = keyPath(pointer);
  if (segments.length === 1 && segments[0] === 'rules') {
    return `rules: unknown rule id "${key}"${didYouMean || `; lb-drift's rules are listed at ${RULE_LIST_URL}`}`;
  }
  if (segments.length === 1 && segments[0] === 'files') {
    return `files: lb-drift does not read "${key}" files${didYouMean || `; it reads ${orList(known)}`}`;
  }
  if (segments.length === 2 && segments[0] === 'rules') return `${where}: unknown key "${key}"${didYouMean || '; a rule takes severity and options'}`;
  if (segments.length === 3 && segments[0] === 'rules' && segments[2] === 'options') {
    const rule = segments[1]!;
    if (known.length === 0) return `${where}: ${rule} takes no options, so "${key}" does nothing; remove it`;
    return `${where}: ${rule} has no option "${key}"${didYouMean || `; its options are ${andList(known)}`}`;
  }
  return `${where}: unknown key "${key}"${didYouMean}`;
}

function typeName(type: string): string {
  switch (type) {
    case 'object':
      return 'a mapping';
    case 'array':
      return 'a list';
    case 'integer':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    default:
      return `a ${type}`;
  }
}

/** The value as the message quotes it. */
function show(data: unknown): string {
  if (data === null || data === undefined) return 'nothing';
  if (typeof data === 'string') return JSON.stringify(data.length > 60 ? `${data.slice(0, 57)}...` : data);
  if (typeof data === 'number') return `the number ${data}`;
  if (typeof data === 'boolean') return String(data);
  return Array.isArray(data) ? 'a list' : 'a mapping';
}

/** `false` for a rule most likely means "turn it off", which is spelt `off`. */
function yaml11Hint(data: unknown): string {
  return data === false ? ' (to turn the rule off, write off)' : '';
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
