/**
 * One `server` line inside an nginx `upstream` block, lowered to a model member. Parameter values
 * are validated the way nginx validates them at start-up; what nginx rejects is a problem.
 *
 * This runs once per upstream server, tens of thousands of times for a large config, so it keeps
 * allocation to what the model needs: no closures, no locations until someone asks (see
 * upstream-member.ts).
 */
import type { ParseProblem } from '../../core/finding';
import type { Member } from '../../core/model';
import { resolvesByName } from './addresses';
import type { NginxTree } from './tree';
import { NginxMember, type MemberFields } from './upstream-member';
import { editDistance } from '../../core/text';

const FLAGS = ['backup', 'down', 'resolve', 'drain'];
const VALUED = ['weight', 'max_conns', 'max_fails', 'fail_timeout', 'slow_start', 'route', 'service'];
/** nginx parses times like `10s`, `1m30s`, `500ms`, or plain seconds. */
const TIME = /^(?:\d+(?:ms|s|m|h|d|w|M|y)?)+$/;

export function lowerUpstreamServer(tree: NginxTree, d: number, file: string, problems: ParseProblem[]): Member | undefined {
  const count = tree.argCount(d);
  if (count === 0) return undefined;
  const address = tree.argValue(d, 0);
  const fields: MemberFields = {
    weight: 1,
    weightArg: -1,
    role: 'primary',
    state: 'up',
    maxConns: undefined,
    maxFails: undefined,
    failTimeout: undefined,
    slowStart: undefined,
    paramMask: 0,
    resolvesByName: resolvesByName(address),
  };

  // Parameters past the 30th cannot be recorded in the mask; nginx has fewer than ten kinds.
  for (let i = 1; i < count && i < 31; i++) {
    const text = tree.argValue(d, i);
    const eq = text.indexOf('=');
    const name = eq >= 0 ? text.slice(0, eq) : text;
    const value = eq >= 0 ? text.slice(eq + 1) : '';
    const problem = eq < 0 ? (FLAGS.includes(name) ? undefined : unknownParameter(name)) : checkValue(name, value);
    if (problem) {
      problems.push({
        kind: 'syntax',
        message: `invalid parameter "${text}" in upstream server ${address}: ${problem}; nginx -t rejects it`,
        loc: { file, start: tree.argStart(d, i), end: tree.argEnd(d, i) },
      });
      continue;
    }
    fields.paramMask |= 1 << i;
    switch (name) {
      case 'weight':
        fields.weight = Number(value);
        fields.weightArg = i;
        break;
      case 'max_conns':
        fields.maxConns = Number(value);
        break;
      case 'max_fails':
        fields.maxFails = Number(value);
        break;
      case 'fail_timeout':
        fields.failTimeout = value;
        break;
      case 'slow_start':
        fields.slowStart = value;
        break;
      case 'backup':
        fields.role = 'backup';
        break;
      case 'down':
        fields.state = 'down';
        break;
      case 'drain':
        fields.state = 'drained';
        break;
    }
  }
  return new NginxMember(tree, d, file, address, fields);
}

/** Why nginx rejects `name=value`, or undefined when it accepts it. */
function checkValue(name: string, value: string): string | undefined {
  switch (name) {
    case 'weight':
      return isWholeNumber(value) && Number(value) >= 1 ? undefined : 'the weight must be a whole number of 1 or more';
    case 'max_conns':
    case 'max_fails':
      return isWholeNumber(value) ? undefined : `${name} must be a whole number`;
    case 'fail_timeout':
    case 'slow_start':
      return TIME.test(value) ? undefined : `${name} must be a time such as 10s or 1m`;
    case 'route':
    case 'service':
      return undefined;
    default:
      return unknownParameter(name);
  }
}

/** Names the closest parameter nginx knows, for a typo such as `max_fail=3`. */
function unknownParameter(name: string): string {
  const close = [...VALUED, ...FLAGS].find((k) => editDistance(k, name) <= 2);
  if (close) return `not a parameter nginx knows; did you mean ${VALUED.includes(close) ? `${close}=` : close}?`;
  return 'not a parameter nginx knows (weight=, max_conns=, max_fails=, fail_timeout=, backup, down, resolve, slow_start=)';
}

function isWholeNumber(text: string): boolean {
  if (text.length === 0 || text.length > 15) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
