import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
const schema = JSON.parse(readFileSync('/work/main/schemas/lb-drift.schema.json','utf8'));
schema.definitions = { severity: { type: 'string', enum: ['error','warning','info','hint','off'] } };
for (const r of Object.values(schema.properties.rules.properties)) {
  r.anyOf[0] = { $ref: '#/definitions/severity', description: r.anyOf[0].description };
  r.anyOf[1].properties.severity = { $ref: '#/definitions/severity', description: 'x' };
}
const mode = process.argv[2];
const opts = { allErrors: true, verbose: true, strict: false, validateSchema: false, meta: false, inlineRefs: mode === 'inline' };
let t = performance.now();
const v = new Ajv(opts).compile(schema);
console.log(mode, 'big', (performance.now() - t).toFixed(1));
v({rules: {'weight-skew': {severity: 'err'}}}); console.log(JSON.stringify(v.errors.map(e => [e.keyword, e.schemaPath])));
