/**
 * Finds the git repository a file belongs to. The answer is per file: a workspace may hold several
 * repositories side by side, and a file inside a submodule belongs to the submodule.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { firstErrorLine, runGit } from './run-git';

export interface Repository {
  /** The top of the working tree, as git reports it (symbolic links resolved). */
  readonly root: string;
  /** The absolute path of the repository's git directory (`.git`, or `.git/modules/<name>`). */
  readonly gitDir: string;
}

export type RepositoryFailure = { readonly kind: 'not-a-repository' | 'git-missing'; readonly message: string };

export async function repositoryOf(filePath: string): Promise<Repository | RepositoryFailure> {
  const folder = existingFolder(resolve(filePath));
  if (folder === undefined) return { kind: 'not-a-repository', message: `${filePath} is not in a git repository: none of its folders exists` };
  const result = await runGit(['rev-parse', '--show-toplevel', '--absolute-git-dir'], folder);
  if (result.ok) {
    const [root, gitDir] = result.stdout.toString('utf8').split('\n');
    if (root && gitDir) return { root, gitDir };
    return { kind: 'not-a-repository', message: `${folder} is not inside the working tree of a git repository` };
  }
  if (result.kind === 'git-missing') return { kind: 'git-missing', message: result.message };
  return { kind: 'not-a-repository', message: notARepository(filePath, result.stderr, result.message) };
}

/** The nearest folder that exists: the path itself, or its parent for a file (or a deleted file). */
function existingFolder(path: string): string | undefined {
  let current = path;
  for (;;) {
    if (existsSync(current)) {
      try {
        return statSync(current).isDirectory() ? current : dirname(current);
      } catch {
        return dirname(current);
      }
    }
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

function notARepository(filePath: string, stderr: string, fallback: string): string {
  if (/dubious ownership/.test(stderr)) {
    return (
      `git refuses to read the repository of ${filePath} because the folder belongs to another user; ` +
      'if you trust it, add it with git config --global --add safe.directory <folder>'
    );
  }
  if (/not a git repository/i.test(stderr)) {
    return `${filePath} is not in a git repository, so there is no stable revision to compare with; commit the config to git (git init) to track drift`;
  }
  if (/must be run in a work tree/.test(stderr)) {
    return `${filePath} is inside a git directory or a bare repository, not a working tree; open the file from a checkout`;
  }
  return `cannot tell which git repository ${filePath} belongs to: ${firstErrorLine(stderr) || fallback}`;
}
