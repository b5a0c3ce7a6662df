/**
 * The real-world Kubernetes set (test/real-world/kubernetes): one subfolder per configuration, as
 * applied upstream, so routes resolve against the DestinationRules, Services and main Ingresses
 * beside them. The shared judged-set tests keep JUDGEMENT.md equal to the CLI's default findings
 * and hold the precision target; here, also that every manifest sits in a subfolder (one at the
 * top would take every subfolder's objects for its own configuration) under a permissive licence.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { committedFiles, describeJudgedSet, type JudgedSet } from './judged-set';

const set: JudgedSet = { label: 'Kubernetes', dir: join(__dirname, 'kubernetes'), extension: /\.ya?ml$/, minFiles: 25, nested: true };

describeJudgedSet(set);

describe('real-world Kubernetes set, layout', () => {
  it('keeps every manifest in a configuration subfolder, under Apache-2.0, MIT or BSD', () => {
    const sources = readFileSync(join(set.dir, 'SOURCES.md'), 'utf8');
    for (const file of committedFiles(set)) {
      expect(file, 'manifests live in a subfolder').toContain('/');
      const row = sources.split('\n').find((line) => line.startsWith(`| \`${file}\` |`));
      expect(row?.split('|')[5]?.trim(), file).toMatch(/^(?:Apache-2\.0|MIT|BSD-[23]-Clause)$/);
    }
  });
});
