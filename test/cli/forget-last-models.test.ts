/**
 * `check` analyses each file once, so it forgets what rules remember of the last model for a next
 * version before it prints (rules/haproxy/common.ts forgetLastHaproxyModels, issue 12).
 */
import { PassThrough } from 'node:stream';
import { expect, it, vi } from 'vitest';
import type { CliIo } from '../../server/src/cli/io';
import { main } from '../../server/src/cli/main';
import { plainStyle } from '../../server/src/cli/style';
import { forgetLastHaproxyModels } from '../../server/src/rules/haproxy/common';
import { backendsConfig } from '../helpers/haproxy-backends';
import { tmpTree } from '../helpers/tmp';

vi.mock('../../server/src/rules/haproxy/common', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../server/src/rules/haproxy/common')>();
  return { ...actual, forgetLastHaproxyModels: vi.fn(actual.forgetLastHaproxyModels) };
});

it('forgets the last HAProxy model after analysing, before printing', async () => {
  const dir = tmpTree({ 'haproxy.cfg': backendsConfig(3, (i) => `    server s1 10.0.${i}.1:80 check\n    server s2 10.0.${i}.2:80 check\n`) });
  const written: string[] = [];
  const io: CliIo = {
    stdin: new PassThrough(),
    write: (text) => {
      // Nothing is printed before the memos are forgotten.
      expect(vi.mocked(forgetLastHaproxyModels)).toHaveBeenCalledTimes(1);
      written.push(text);
    },
    error: () => {},
    style: plainStyle,
    errorStyle: plainStyle,
  };
  expect(await main(['check', '--format', 'json', '--threads', '1', `${dir}/haproxy.cfg`], io)).toBeLessThan(2);
  expect(JSON.parse(written.join('')).files[0].pools.length).toBe(3);
  expect(vi.mocked(forgetLastHaproxyModels)).toHaveBeenCalledTimes(1);
});
