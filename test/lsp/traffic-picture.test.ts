/**
 * The traffic view's data (issue 14, point 4): pools that drifted first, one-sided pools named,
 * changes coloured by meaning (toward an uneven split or away from it, not by sign), and a backend
 * listed twice grouped with its combined share. Real server over stdio, in a repository.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import type { TrafficPictureRequest } from '../../server/src/protocol/messages';
import { gitRepo } from '../helpers/git-repo';
import { LspTestClient } from '../helpers/lsp-client';

const pool = (name: string, servers: string) => `upstream ${name} {\n${servers}}\n`;
const STABLE = [
  pool('steady', '    server 10.0.9.1:80;\n    server 10.0.9.2:80;\n'),
  pool('app', '    server 10.0.0.1:80 weight=5;\n    server 10.0.0.2:80;\n    server 10.0.0.3:80;\n'),
  pool('old', '    server 10.0.8.1:80;\n'),
].join('\n');
const CURRENT = [
  pool('steady', '    server 10.0.9.1:80;\n    server 10.0.9.2:80;\n'),
  // The skew is cut from 5 to 2: every change evens the split out, whatever its sign.
  pool('app', '    server 10.0.0.1:80 weight=2;\n    server 10.0.0.2:80;\n    server 10.0.0.3:80;\n'),
  // 10.0.7.1 is listed twice (once without its default port): one backend with two thirds.
  pool('twice', '    server 10.0.7.1:80;\n    server 10.0.7.2:80;\n    server 10.0.7.1;\n'),
].join('\n');

let client: LspTestClient | undefined;
afterEach(async () => {
  await client?.shutdown();
  client = undefined;
});

it('orders, labels and groups the traffic picture', async () => {
  const repo = gitRepo({ 'lb/site.nginx': STABLE });
  repo.tag('lb-stable/1', { message: 'stable' });
  writeFileSync(repo.path('lb/site.nginx'), CURRENT);
  const uri = pathToFileURL(repo.path('lb/site.nginx')).href;
  client = new LspTestClient();
  await client.initialize();
  await client.open(uri, CURRENT);
  await client.notification<{ uri: string; stable?: { state: string } }>('lbDrift/status', (s) => s.uri === uri && s.stable?.state === 'resolved');
  const picture = await client.connection.sendRequest<TrafficPictureRequest.Result>('lbDrift/trafficPicture', { uri });
  if (!picture.ok) throw new Error(picture.message);
  expect(picture.pools.map((p) => [p.name, p.drifted, p.only])).toEqual([
    ['app', true, undefined],
    ['old', true, 'stable'],
    ['twice', true, 'current'],
    ['steady', false, undefined],
  ]);
  const app = picture.pools[0]!.members;
  expect(app.map((m) => [m.address, Math.round(m.change! * 1000), m.trend])).toEqual([
    ['10.0.0.1:80', -214, 'even'],
    ['10.0.0.2:80', 107, 'even'],
    ['10.0.0.3:80', 107, 'even'],
  ]);
  const twice = picture.pools[2]!.members;
  expect(twice.map((m) => [m.address, m.repeat?.listing, m.repeat?.of, m.repeat?.current && Math.round(m.repeat.current * 1000)])).toEqual([
    ['10.0.7.1:80', 1, 2, 667],
    ['10.0.7.1', 2, 2, 667],
    ['10.0.7.2:80', undefined, undefined, undefined],
  ]);
  // Raising the skew again is the warning trend for the member that grows and for those that shrink.
  const skewed = CURRENT.replace('10.0.0.1:80 weight=2', '10.0.0.1:80 weight=9');
  await client.change(uri, 2, [{ text: skewed }]);
  // Requests answer from the newest finished analysis (invariant 12): wait until version 2 has one.
  await client.diagnostics(uri, 2);
  const again = await client.connection.sendRequest<TrafficPictureRequest.Result>('lbDrift/trafficPicture', { uri });
  if (!again.ok) throw new Error(again.message);
  expect(again.pools[0]!.members.map((m) => m.trend)).toEqual(['skew', 'skew', 'skew']);
});
