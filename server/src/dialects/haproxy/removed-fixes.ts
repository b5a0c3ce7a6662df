/**
 * The quick fix of a removed keyword whose replacement is a plain rename (`contimeout 5s` ->
 * `timeout connect 5s`, `option forceclose` -> `option httpclose`): attached to the syntax error,
 * since HAProxy refuses to start with the old keyword. `nbproc` -> `nbthread` changes processes
 * into threads, so it is offered as unsafe.
 */
import type { Fix } from '../../core/fix';
import { REMOVED_KEYWORDS, REMOVED_OPTIONS } from './keywords';
import type { HaLine } from './syntax';

export function removedKeywordFix(line: HaLine, file: string): Fix | undefined {
  const [keyword, second, third] = line.words;
  if (!keyword) return undefined;
  const removed = REMOVED_KEYWORDS.get(keyword.value);
  if (removed?.rename) return renameFix(keyword.value, removed.rename, keyword, file, keyword.value !== 'nbproc');
  const option = keyword.value === 'option' ? second : keyword.value === 'no' && second?.value === 'option' ? third : undefined;
  const renamed = option ? REMOVED_OPTIONS.get(option.value)?.rename : undefined;
  if (!option || !renamed) return undefined;
  // The replacement is written `option NAME`; only the name after `option` changes.
  return renameFix(`option ${option.value}`, renamed, option, file, true, renamed.replace(/^option /, ''));
}

function renameFix(old: string, replacement: string, at: { start: number; end: number }, file: string, safe: boolean, newText = replacement): Fix {
  return {
    title: `Rename ${old} to ${replacement}`,
    safety: safe ? 'safe' : 'unsafe',
    intents: [{ kind: 'edit', edits: [{ loc: { file, start: at.start, end: at.end }, newText }] }],
  };
}
