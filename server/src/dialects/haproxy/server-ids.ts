/**
 * The `id` parameter of `server` lines, judged as HAProxy 2.6 judges it (atol into a signed int):
 * an integer from 1 to 2^31-1 (0, a word or a larger number: "custom id has to be > 0"), and no
 * two servers of a backend with the same id ("custom id N already used"). Consistent hashing keys its tree by these ids, so
 * a refused id is also a tree lb-drift would draw wrong. `server-template` lines are left alone:
 * HAProxy numbers the servers a template makes itself.
 */
import type { ParseProblem } from '../../core/finding';
import { isDigits } from './digits';
import type { ServerDraft } from './servers';

const MAX_ID = 2 ** 31 - 1;

export function reportServerIdProblems(drafts: readonly ServerDraft[], file: string, problems: ParseProblem[]): void {
  const taken = new Map<number, ServerDraft>();
  for (const draft of drafts) {
    const word = draft.params.get('id')?.value;
    if (!word || draft.line.words[0]!.value !== 'server') continue;
    const report = (message: string) => problems.push({ kind: 'syntax', message, loc: { file, start: word.start, end: word.end } });
    const id = isDigits(word.value) ? Number(word.value) : 0;
    if (id < 1 || id > MAX_ID) {
      report(`server ${draft.name}: id "${word.value}" is refused by HAProxy: a custom id is an integer from 1 to ${MAX_ID}`);
      continue;
    }
    const earlier = taken.get(id);
    if (earlier) report(`server ${draft.name}: id ${id} is already used by server ${earlier.name}: HAProxy refuses two servers with the same id in a backend; give each its own`);
    else taken.set(id, draft);
  }
}
