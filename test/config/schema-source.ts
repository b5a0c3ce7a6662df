/**
 * The parts of schemas/lb-drift.schema.json that come from code: one property of `rules` per rule
 * of the registry (with its options from `meta.options`) and one property of `files` per dialect.
 * The rest of the schema is written by hand; the schema test splices these parts into it and
 * compares the result with the file (update with: npx vitest run test/config/schema.test.ts -u).
 */
import type { RuleMeta, RuleOptionSpec } from '../../server/src/core/rule';
import { DIALECTS } from '../../server/src/dialects';
import { RULES } from '../../server/src/rules';
import { ruleDocsUrl } from '../../server/src/rules/docs/url';

export const SCHEMA_SEVERITIES = ['error', 'warning', 'info', 'hint', 'off'] as const;

type JsonSchema = { readonly [key: string]: unknown };

export function rulesProperties(): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const rule of [...RULES].sort((a, b) => a.meta.id.localeCompare(b.meta.id))) out[rule.meta.id] = ruleSchema(rule.meta);
  return out;
}

function ruleSchema(meta: RuleMeta): JsonSchema {
  const options = Object.entries(meta.options);
  const optionNames = options.map(([name]) => name).join(', ');
  return {
    description: `${plain(meta.title)}. Default severity: ${meta.severity}.${options.length > 0 ? ` Options: ${optionNames}.` : ''} Docs: ${ruleDocsUrl(meta.id)}`,
    anyOf: [
      {
        type: 'string',
        enum: SCHEMA_SEVERITIES,
        description: `The severity of ${meta.id} findings, or off to turn the rule off (default: ${meta.severity}).`,
      },
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          severity: {
            type: 'string',
            enum: SCHEMA_SEVERITIES,
            default: meta.severity,
            description: `The severity of ${meta.id} findings, or off to turn the rule off (default: ${meta.severity}).`,
          },
          options: {
            type: 'object',
            additionalProperties: false,
            description: options.length > 0 ? `Options of ${meta.id}: ${optionNames}.` : `${meta.id} takes no options.`,
            properties: Object.fromEntries(options.map(([name, spec]) => [name, optionSchema(spec)])),
          },
        },
      },
    ],
  };
}

function optionSchema(spec: RuleOptionSpec): JsonSchema {
  return {
    type: spec.type,
    default: spec.default,
    ...(spec.minimum !== undefined ? { minimum: spec.minimum } : {}),
    description: spec.description,
  };
}

export function filesProperties(): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const dialect of DIALECTS) {
    out[dialect.id] = {
      type: 'array',
      description: `Extra files to read as ${dialect.id} configs, besides those lb-drift recognises by name and content: globs relative to this file's folder, e.g. deploy/lb/*.cfg.`,
      items: { type: 'string', minLength: 1, pattern: '^(?!!)', description: `A glob of files to read as ${dialect.id}, relative to this file's folder.` },
    };
  }
  return out;
}

/** The schema text the file should hold: the hand-written parts of `current` and the generated ones. */
export function regenerateSchema(current: string): string {
  const schema = JSON.parse(current) as { properties: Record<string, Record<string, unknown>> };
  schema.properties.rules!.properties = rulesProperties();
  schema.properties.files!.properties = filesProperties();
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** Rule titles are Markdown; in a schema description the backticks are noise. */
function plain(markdown: string): string {
  return markdown.replace(/`/g, '');
}
