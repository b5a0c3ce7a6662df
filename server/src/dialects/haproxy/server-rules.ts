/**
 * `use-server NAME if|unless CONDITION` lines -> member references: the server a request is sent
 * to before balancing when the condition holds. HAProxy resolves the name among the servers of
 * the same proxy when it loads the configuration and refuses to start when none has it.
 */
import type { Member, MemberReference } from '../../core/model';
import type { HaLine, HaWord } from './syntax';

/** The pool's `memberReferences`, left out when the backend has no `use-server` line. */
export function serverRulesOf(own: readonly HaLine[], members: readonly Member[], file: string): { memberReferences?: MemberReference[] } {
  const rules: MemberReference[] = [];
  for (const line of own) {
    // Every line of the backend comes here: the words are split only for use-server lines.
    if (line.words[0]?.value !== 'use-server' || !line.words[1]) continue;
    const [, target, conditionWord, ...condition] = line.words as [HaWord, HaWord, ...HaWord[]];
    const index = members.findIndex((m) => m.name === target.value);
    rules.push({
      keyword: 'use-server',
      name: target.value,
      loc: { file, start: line.start, end: line.end },
      nameLoc: { file, start: target.start, end: target.end },
      condition: condition.map((w) => w.value).join(' '),
      negated: conditionWord?.value === 'unless',
      ...(index >= 0 ? { member: index } : {}),
    });
  }
  return rules.length > 0 ? { memberReferences: rules } : {};
}
