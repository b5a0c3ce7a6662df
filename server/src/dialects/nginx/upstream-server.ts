/**
 * One `server` line inside an nginx `upstream` block, lowered to a model member. Parameter values
 * are validated the way nginx validates them at start-up; what nginx rejects is a problem.
 */
import type { ParseProblem } from '../../core/finding';
import type { Member, MemberLimits, MemberRole, MemberState, Param } from '../../core/model';
import { loc } from '../../core/span';
import { addressFacts } from './addresses';
import type { NginxArg, NginxDirective } from './syntax';

const FLAGS = new Set(['backup', 'down', 'resolve', 'drain']);
const VALUED = new Set(['weight', 'max_conns', 'max_fails', 'fail_timeout', 'slow_start', 'route', 'service']);
/** nginx parses times like `10s`, `1m30s`, `500ms`, or plain seconds. */
const TIME = /^(?:\d+(?:ms|s|m|h|d|w|M|y)?)+$/;

export function lowerUpstreamServer(
  directive: NginxDirective,
  file: string,
  problems: ParseProblem[],
): Member | undefined {
  const addressArg = directive.args[0];
  if (!addressArg) return undefined;
  const params: Param[] = [];
  let weight = 1;
  let weightExplicit = false;
  let weightLoc;
  let role: MemberRole = 'primary';
  let state: MemberState = 'up';
  const limits: { -readonly [K in keyof MemberLimits]: MemberLimits[K] } = {};

  const reject = (arg: NginxArg, why: string): void => {
    problems.push({
      kind: 'syntax',
      message: `invalid parameter "${arg.value}" in upstream server ${addressArg.value}: ${why}; nginx -t rejects it`,
      loc: loc(file, arg.span),
    });
  };

  for (const arg of directive.args.slice(1)) {
    const eq = arg.value.indexOf('=');
    const name = eq >= 0 ? arg.value.slice(0, eq) : arg.value;
    const value = eq >= 0 ? arg.value.slice(eq + 1) : '';
    const paramLoc = loc(file, arg.span);
    if (eq < 0 ? !FLAGS.has(name) : !VALUED.has(name)) {
      reject(arg, 'not a parameter nginx knows (weight=, max_conns=, max_fails=, fail_timeout=, backup, down, resolve, slow_start=)');
      continue;
    }
    params.push({ name, value, loc: paramLoc });
    switch (name) {
      case 'weight': {
        const n = integer(value);
        if (n === undefined || n < 1) reject(arg, 'the weight must be a whole number of 1 or more');
        else {
          weight = n;
          weightExplicit = true;
          weightLoc = paramLoc;
        }
        break;
      }
      case 'max_conns':
      case 'max_fails': {
        const n = integer(value);
        if (n === undefined) reject(arg, `${name} must be a whole number`);
        else if (name === 'max_conns') limits.maxConns = n;
        else limits.maxFails = n;
        break;
      }
      case 'fail_timeout':
      case 'slow_start':
        if (!TIME.test(value)) reject(arg, `${name} must be a time such as 10s or 1m`);
        else if (name === 'fail_timeout') limits.failTimeout = value;
        else limits.slowStart = value;
        break;
      case 'backup':
        role = 'backup';
        break;
      case 'down':
        state = 'down';
        break;
      case 'drain':
        state = 'drained';
        break;
    }
  }

  const facts = addressFacts(addressArg.value);
  return {
    address: addressArg.value,
    addressLoc: loc(file, addressArg.span),
    loc: loc(file, directive.span),
    weight,
    weightExplicit,
    ...(weightLoc ? { weightLoc } : {}),
    role,
    state,
    peers: 1,
    resolvesByName: facts.resolvesByName,
    limits,
    params,
  };
}

function integer(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) : undefined;
}
