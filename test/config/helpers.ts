/**
 * Loads a project config written from a string (or bytes) and renders its problems one per line,
 * `line:column-endLine:endColumn severity message`, so tests read like the CLI's output.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProjectConfigCache, type ProjectConfigResult } from '../../server/src/host/project-config';
import { tmpTree } from '../helpers/tmp';

export function loadConfigText(content: string | Uint8Array, name = '.lb-drift.yaml'): ProjectConfigResult {
  const dir = tmpTree({});
  const path = join(dir, name);
  writeFileSync(path, content);
  return new ProjectConfigCache().load(path);
}

export function rendered(result: ProjectConfigResult): string[] {
  return result.problems.map((p) => `${p.line}:${p.column}-${p.endLine}:${p.endColumn} ${p.severity} ${p.message}`);
}

export function problemsOf(content: string | Uint8Array): string[] {
  return rendered(loadConfigText(content));
}
