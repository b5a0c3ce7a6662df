/**
 * The `id` parameter of `server` lines, judged as HAProxy 2.6 judges it (atol into a signed int):
 * an integer from 1 to 2^31-1 (0, a word or a larger number: "custom id has to be > 0"), and no
 * two servers of a backend with the same id ("custom id N already used"). Consistent hashing keys its tree by these ids, so
 * a refused id is also a tree lb-drift would draw wrong. `server-template` lines are left alone:
 * HAProxy numbers the servers a template makes itself.
 */
import type { ParseProblem } from '../../core/finding';
import { isDigits } from './digits';
import { ID, paramText, valueSpan } from './server-params';
import type { HaproxyMember } from './servers';
import { lineKeyword } from './syntax';

const MAX_ID = 2 ** 31 - 1;

export function reportServerIdProblems(members: readonly HaproxyMember[], file: string, problems: ParseProblem[]): void {
  let taken: Map<number, HaproxyMember> | undefined;
  for (const member of members) {
    const param = member.slotParam(ID);
    const at = param && valueSpan(param);
    if (!at || lineKeyword(member.line) !== 'server') continue;
    const written = paramText(param);
    const report = (message: string) => problems.push({ kind: 'syntax', message, loc: { file, start: at.start, end: at.end } });
    const id = isDigits(written) ? Number(written) : 0;
    if (id < 1 || id > MAX_ID) {
      report(`server ${member.name}: id "${written}" is refused by HAProxy: a custom id is an integer from 1 to ${MAX_ID}`);
      continue;
    }
    const earlier = taken?.get(id);
    if (earlier) report(`server ${member.name}: id ${id} is already used by server ${earlier.name}: HAProxy refuses two servers with the same id in a backend; give each its own`);
    else (taken ??= new Map()).set(id, member);
  }
}
