import { it } from 'vitest';
import { tmpTree } from '../helpers/tmp';
import { ProjectConfigCache } from '../../server/src/host/project-config';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
it('prints', () => {
  const dir = tmpTree({ 'x': '' });
  writeFileSync(join(dir, 'big.yaml'), '#'.repeat(1024 * 1024 + 5));
  writeFileSync(join(dir, 'utf.yaml'), Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\nrules:\n  weight-skew: off\n')]));
  writeFileSync(join(dir, 'deep.yaml'), 'a: ' + '['.repeat(200000) + ']'.repeat(200000) + '\n');
  writeFileSync(join(dir, 'dup.yaml'), 'rules: {}\nignore: []\nrules: {}\n');
  writeFileSync(join(dir, 'bom.yaml'), '\uFEFFrules:\n  weight-skew: ofs\n');
  const cache = new ProjectConfigCache();
  for (const k of ['big', 'utf', 'deep', 'dup', 'missing', 'bom']) {
    const t = Date.now();
    const r = cache.load(join(dir, k + '.yaml'));
    console.log(k, Date.now() - t, JSON.stringify(r.config));
    for (const p of r.problems) console.log(`  ${p.line}:${p.column}-${p.endLine}:${p.endColumn} ${p.severity} ${p.message.slice(0, 300)}`);
  }
});
