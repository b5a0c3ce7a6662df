/**
 * A folder holding an executable `lb-drift-language-server`, the command name the README's
 * snippets use, for the front of PATH, as `npm install` would link the bin entry. It is a shell
 * script that execs the bundle under test with this Node, so the server's pid is the script's pid
 * and no install is needed. The Neovim and Emacs tests share it.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpTree } from './tmp';

export const SERVER = join(__dirname, '../../server/out/server.js');

/** Single-quotes `text` for sh. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Makes the folder (removed after the test file) and returns its path. */
export function serverBinFolder(): string {
  const bin = join(tmpTree({}), 'bin');
  mkdirSync(bin);
  const script = join(bin, 'lb-drift-language-server');
  writeFileSync(script, `#!/bin/sh\nexec ${shellQuote(process.execPath)} ${shellQuote(SERVER)} "$@"\n`);
  chmodSync(script, 0o755);
  return bin;
}
