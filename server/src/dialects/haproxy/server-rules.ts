/**
 * `use-server NAME if|unless CONDITION` lines -> member references: the server a request is sent
 * to before balancing when the condition holds. HAProxy resolves the name among the servers of
 * the same proxy when it loads the configuration and refuses to start when none has it.
 */
import type { Member, MemberReference } from '../../core/model';
import { joinedWordValues, lineKeyword, wordCount, wordEnd, wordStart, wordValue, type HaLine } from './syntax';

const NO_RULES: { memberReferences?: MemberReference[] } = Object.freeze({});

/** The pool's `memberReferences`, left out when the backend has no `use-server` line. */
export function serverRulesOf(own: readonly HaLine[], members: readonly Member[], file: string): { memberReferences?: MemberReference[] } {
  let rules: MemberReference[] | undefined;
  for (const line of own) {
    // Every line of the backend comes here: its words are read only for use-server lines.
    if (lineKeyword(line) !== 'use-server' || wordCount(line) < 2) continue;
    const target = wordValue(line, 1)!;
    const index = members.findIndex((m) => m.name === target);
    (rules ??= []).push({
      keyword: 'use-server',
      name: target,
      loc: { file, start: line.start, end: line.end },
      nameLoc: { file, start: wordStart(line, 1), end: wordEnd(line, 1) },
      condition: joinedWordValues(line, 3),
      negated: wordValue(line, 2) === 'unless',
      ...(index >= 0 ? { member: index } : {}),
    });
  }
  return rules ? { memberReferences: rules } : NO_RULES;
}
