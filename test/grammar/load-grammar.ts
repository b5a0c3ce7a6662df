/**
 * Loads one TextMate grammar of syntaxes/ into the engine VS Code uses (vscode-textmate on the
 * oniguruma WebAssembly build). Only that grammar is known: embedded languages (Lua in nginx)
 * are absent, as in an editor without them.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const ROOT = resolve(__dirname, '../..');
const WASM_PATH = resolve(ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm');
let wasm: Promise<void> | undefined;

export async function loadGrammar(scopeName: string, file: string): Promise<textmate.IGrammar> {
  const path = resolve(ROOT, 'syntaxes', file);
  wasm ??= oniguruma.loadWASM({ data: readFileSync(WASM_PATH) });
  await wasm;
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => oniguruma.createOnigScanner(patterns),
      createOnigString: (text: string) => oniguruma.createOnigString(text),
    }),
    loadGrammar: async (name: string) => (name === scopeName ? textmate.parseRawGrammar(readFileSync(path, 'utf8'), path) : null),
  });
  const loaded = await registry.loadGrammar(scopeName);
  if (!loaded) throw new Error(`the grammar ${scopeName} (syntaxes/${file}) did not load`);
  return loaded;
}
