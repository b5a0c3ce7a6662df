/**
 * unused-pool keeps its last usage (which pools references resolve to) and its last verdict (which
 * pools are unused) while the references' targets and the pools' keys stay the same, as after most
 * edits. Any change in either is found again: a reference retargeted or removed, a pool renamed or
 * added, a dynamic `proxy_pass http://$var`, and another file checked in between.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeFile } from '../../server/src/engine/analyze';

const config = (uses: string, extra = '') => `events {}
http {
    upstream app { server 10.0.0.1:80; server 10.0.0.2:80; }
    upstream old { server 10.0.1.1:80; }
    ${extra}
    server {
        location / { proxy_pass http://${uses}; }
    }
}
`;

const unused = (text: string): string[] =>
  analyzeFile({ path: '/etc/nginx/nginx.conf', text }, noIncludes, { dialect: 'nginx' })
    .findings.filter((f) => f.rule === 'unused-pool')
    .map((f) => f.message.split(' ')[1]!);

describe('unused-pool remembered across analyses', () => {
  it('follows every change of targets and pools, checked in any order', () => {
    const cases: [string, string[]][] = [
      [config('app'), ['old']],
      [config('app'), ['old']],
      // The same targets, moved: the same pools, read at their new places.
      [`\n\n${config('app')}`, ['old']],
      [config('old'), ['app']],
      [config('app', 'upstream more { server 10.0.2.1:80; }'), ['old', 'more']],
      [config('app', 'upstream olx { server 10.0.2.1:80; }'), ['old', 'olx']],
      // The same targets and as many pools, in another order: other pools are unused.
      [config('app', 'upstream olx { server 10.0.2.1:80; }').replace(/( {4}upstream app .*\n)( {4}upstream old .*\n)/, '$2$1'), ['old', 'olx']],
      [config('$variant'), []],
      [config('nowhere'), ['app', 'old']],
      [config('app'), ['old']],
    ];
    for (const [text, expected] of [...cases, ...cases.reverse()]) expect(unused(text)).toEqual(expected);
  });
});
