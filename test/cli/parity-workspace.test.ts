/**
 * Issue 14, point 2, invariant 8 across files: for every file of a workspace, the diagnostics the
 * language server publishes (with the workspace open, so fragments are analysed in the
 * configurations that include them) equal the findings `lb-drift check` reports for that file
 * when it checks the whole workspace: same rules, positions, severities and messages. Over the
 * repository's examples and a multi-file workspace with a typo'd proxy_pass in a fragment, an
 * unused upstream in a fragment and a fragment nothing includes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { tmpTree } from '../helpers/tmp';
import { MULTI_FILE_WORKSPACE } from '../workspace/multi-file';
import { SEVERITIES, workspaceSession } from '../lsp/workspace-session';

const EXAMPLES = resolve(__dirname, '../../examples/nginx');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** `rule|severity|line|column|endLine|endColumn|message` rows per absolute path, from one `check` of the folder. */
function cliFindings(folder: string): Map<string, string[]> {
  const run = runCli(['check', '--format', 'json', folder]);
  const json = JSON.parse(run.stdout) as {
    files: { path: string; findings: { rule: string; severity: string; line: number; column: number; endLine: number; endColumn: number; message: string }[] }[];
  };
  const out = new Map<string, string[]>();
  for (const file of json.files) {
    const rows = file.findings.map((f) => [f.rule, f.severity, f.line, f.column, f.endLine, f.endColumn, f.message].join('|'));
    out.set(resolve(file.path), [...(out.get(resolve(file.path)) ?? []), ...rows]);
  }
  return out;
}

async function expectParity(folder: string): Promise<void> {
  const expected = cliFindings(folder);
  const { client } = await workspaceSession(folder);
  try {
    const files = filesUnder(folder).filter((p) => /\.(conf|nginx)$/.test(p));
    const actual = new Map<string, string[]>();
    for (const path of files) {
      const uri = pathToFileURL(path).href;
      await client.open(uri, readFileSync(path, 'utf8'));
      const published = await client.diagnostics(uri, 1);
      actual.set(
        path,
        published.diagnostics.map((d) =>
          [d.code, SEVERITIES[d.severity ?? 0], d.range.start.line + 1, d.range.start.character + 1, d.range.end.line + 1, d.range.end.character + 1, d.message].join('|'),
        ),
      );
    }
    for (const path of files) {
      expect({ file: relative(folder, path), findings: actual.get(path)!.sort() }).toEqual({ file: relative(folder, path), findings: (expected.get(path) ?? []).sort() });
    }
  } finally {
    await client.shutdown();
  }
}

describe('language server with the workspace open and `lb-drift check` of the workspace agree', () => {
  it('on the examples', async () => {
    await expectParity(EXAMPLES);
  });

  it('on a multi-file workspace', async () => {
    await expectParity(tmpTree(MULTI_FILE_WORKSPACE));
  });
});
