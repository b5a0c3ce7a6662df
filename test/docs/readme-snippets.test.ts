/**
 * The Neovim tests run the set-up snippets from test/neovim/readme/; these must be exactly the
 * README's, so what a reader copies is what the tests ran. (The Emacs test reads its snippet from
 * README.md directly.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The first ```lua block after `heading` in the README. */
function luaBlockAfter(heading: string): string {
  const at = README.indexOf(heading);
  expect(at, heading).toBeGreaterThanOrEqual(0);
  const start = README.indexOf('```lua\n', at) + '```lua\n'.length;
  return README.slice(start, README.indexOf('\n```', start));
}

describe('README editor snippets', () => {
  it.each([
    ['**Neovim 0.8+**', 'nvim-0.8.lua'],
    ['**Neovim 0.7**', 'nvim-0.7.lua'],
  ])('%s is the snippet the Neovim test runs (%s)', (heading, file) => {
    expect(luaBlockAfter(heading)).toBe(readFileSync(join(ROOT, 'test/neovim/readme', file), 'utf8').replace(/\n$/, ''));
  });
});
