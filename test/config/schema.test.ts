/**
 * schemas/lb-drift.schema.json: valid draft-07 under ajv's strict mode, and in step with the rule
 * registry (every rule id, every option with its type, default, minimum and description) and the
 * dialect list, and the precompiled validator in step with the schema. Update the generated parts with: npx vitest run test/config/schema.test.ts -u
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../server/src/rules';
import { REPO } from '../architecture/imports';
import { regenerateSchema, SCHEMA_SEVERITIES, validatorSource } from './schema-source';

const SCHEMA_PATH = join(REPO, 'schemas', 'lb-drift.schema.json');
const VALIDATOR_PATH = join(REPO, 'server', 'src', 'host', 'config', 'schema-validator.generated.js');
const text = readFileSync(SCHEMA_PATH, 'utf8');
const schema = JSON.parse(text) as SchemaNode;

interface SchemaNode {
  readonly [key: string]: unknown;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly anyOf?: readonly SchemaNode[];
  readonly items?: SchemaNode;
}

describe('the project config schema', () => {
  it('is valid draft-07 and compiles under ajv strict mode', () => {
    const ajv = new Ajv({ strict: true, allErrors: true });
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
    expect(() => ajv.compile(schema)).not.toThrow();
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  it('lists exactly the registered rules and dialects (update with: npx vitest run test/config/schema.test.ts -u)', async () => {
    await expect(regenerateSchema(text)).toMatchFileSnapshot(SCHEMA_PATH);
  });

  it('ships a precompiled validator of exactly this schema (update with: npx vitest run test/config/schema.test.ts -u)', async () => {
    // From the schema as it should be, so that one update run brings both files in step.
    await expect(validatorSource(regenerateSchema(text))).toMatchFileSnapshot(VALIDATOR_PATH);
  });

  it('gives each rule its options with type, default, minimum and description', () => {
    const rules = schema.properties!.rules!.properties!;
    expect(Object.keys(rules).sort()).toEqual(RULES.map((r) => r.meta.id).sort());
    for (const { meta } of RULES) {
      const entry = rules[meta.id]!;
      const [shorthand, full] = entry.anyOf!;
      expect(shorthand!.enum, meta.id).toEqual(SCHEMA_SEVERITIES);
      const options = full!.properties!.options!;
      expect(options.additionalProperties, meta.id).toBe(false);
      expect(Object.keys(options.properties!).sort(), meta.id).toEqual(Object.keys(meta.options).sort());
      for (const [name, spec] of Object.entries(meta.options)) {
        const option = options.properties![name]!;
        expect(option.type, `${meta.id}.${name}`).toBe(spec.type);
        expect(option.default, `${meta.id}.${name}`).toBe(spec.default);
        expect(option.minimum, `${meta.id}.${name}`).toBe(spec.minimum);
        expect(option.description, `${meta.id}.${name}`).toBe(spec.description);
      }
    }
  });

  it('describes every property, so the YAML extension can show it', () => {
    const missing: string[] = [];
    const walk = (node: SchemaNode, path: string, isProperty: boolean): void => {
      if (isProperty && typeof node.description !== 'string') missing.push(path);
      for (const [key, child] of Object.entries(node.properties ?? {})) walk(child, `${path}.${key}`, true);
      node.anyOf?.forEach((branch, i) => walk(branch, `${path}[anyOf ${i}]`, false));
      if (node.items) walk(node.items, `${path}[]`, true);
    };
    walk(schema, '$', true);
    expect(missing).toEqual([]);
  });

  it('refuses unknown keys everywhere except where none can be known', () => {
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties!.rules!.additionalProperties).toBe(false);
    expect(schema.properties!.files!.additionalProperties).toBe(false);
  });
});
