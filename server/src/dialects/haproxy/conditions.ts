/**
 * `.if` conditions as HAProxy 2.6 evaluates them (cfgcond.c): terms such as
 * `version_atleast(2.4)`, `defined(VAR)`, `streq(a,b)`, numbers, combined with `!`, `&&`, `||`
 * and parentheses. Version terms are judged against the project's target release
 * (`haproxy: { version }`): `2.8` means any 2.8.x, `2.8.3` that release, and no version means
 * 2.6 or newer. A term the target does not settle (`version_atleast(2.8)` for "2.6 or newer")
 * is read as the oldest release of the target would read it, which is also the release the
 * removed-keyword rule judges keywords against. Terms that depend on the environment or the
 * build (`defined(VAR)`, `streq("${VAR}",x)`, `feature(...)`) are unknown and count as true
 * (the block is read), because a configuration's author writes blocks to be used. Every such
 * guess is returned, so the reader can say which branch it took and why.
 */

export type Truth = boolean | undefined;

/** The HAProxy release lb-drift assumes when the project does not name one: this or newer. */
export const DEFAULT_TARGET_VERSION = '2.6';

/** The releases a configuration may run on. */
export interface VersionTarget {
  /** The oldest release. */
  readonly low: string;
  /** The first release past the target, when it is bounded (`2.8` -> `2.9`). */
  readonly below?: string;
  /** Whether the target is one release (`2.8.3`). */
  readonly exact: boolean;
  /** How messages name the target. */
  readonly label: string;
}

/** The target a `haproxy.version` setting means; no setting means 2.6 or newer. */
export function versionTarget(version: string | undefined): VersionTarget {
  const parts = version?.trim().match(/^(\d+)\.(\d+)(?:\.(\d+))?$/);
  if (!parts) return { low: DEFAULT_TARGET_VERSION, exact: false, label: `${DEFAULT_TARGET_VERSION} or newer (haproxy.version is not set)` };
  const [text, major, minor, patch] = parts;
  if (patch !== undefined) return { low: text, exact: true, label: text };
  return { low: text, below: `${major}.${Number(minor) + 1}`, exact: false, label: `${text} (any ${text}.x)` };
}

/** Compares dotted versions numerically: `2.10` is newer than `2.9`. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((p) => parseInt(p, 10));
  const pb = b.split(/[.-]/).map((p) => parseInt(p, 10));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = Number.isFinite(pa[i]) ? pa[i]! : 0;
    const y = Number.isFinite(pb[i]) ? pb[i]! : 0;
    if (x !== y) return x - y;
  }
  return 0;
}

export interface ConditionValue {
  readonly truth: Truth;
  /** What was assumed, one sentence per term the target or the file alone does not settle. */
  readonly guesses: readonly string[];
}

/** Whether every release of the target is at least `version`, none is, or some are (undefined). */
function atLeast(target: VersionTarget, version: string): Truth {
  if (compareVersions(target.low, version) >= 0) return true;
  if (target.exact || (target.below !== undefined && compareVersions(target.below, version) <= 0)) return false;
  return undefined;
}

export function evaluateCondition(expression: string, target: VersionTarget | string): ConditionValue {
  const range = typeof target === 'string' ? { low: target, exact: true, label: target } : target;
  const guesses: string[] = [];
  const tokens = expression.match(/\|\||&&|!|\(|\)|[^\s!()&|]+(?:\([^)]*\))?/g) ?? [];
  let at = 0;
  const peek = (): string | undefined => tokens[at];

  function version(token: string, wanted: string, before: boolean): Truth {
    const settled = atLeast(range, wanted);
    if (settled !== undefined) return settled !== before;
    const assumed = compareVersions(range.low, wanted) >= 0 !== before;
    guesses.push(`${token} depends on the release (it holds ${before ? 'before' : 'from'} HAProxy ${wanted}${before ? '' : ' on'}) and the target is ${range.label}, so lb-drift reads it as HAProxy ${range.low} would: ${assumed ? 'true' : 'false'}`);
    return assumed;
  }

  function unknown(token: string, why: string): Truth {
    guesses.push(`${token} depends on ${why}, which lb-drift cannot see, so it counts as true`);
    return undefined;
  }

  function term(): Truth {
    const token = tokens[at++];
    if (token === undefined) return false;
    if (token === '!') {
      const value = term();
      return value === undefined ? undefined : !value;
    }
    if (token === '(') {
      const value = or();
      if (peek() === ')') at++;
      return value;
    }
    const call = /^([\w-]+)\((.*)\)$/.exec(token);
    if (!call) {
      if (/^-?\d+$/.test(token)) return Number(token) !== 0;
      return token === '' || token === 'false' ? false : unknown(token, 'the environment HAProxy starts with');
    }
    const [, name, args] = call;
    const parts = args!.split(',');
    switch (name) {
      case 'version_atleast':
        return version(token, args!, false);
      case 'version_before':
        return version(token, args!, true);
      case 'streq':
      case 'strneq':
        if (parts.length !== 2 || parts.some((p) => p.includes('$'))) return unknown(token, 'the environment HAProxy starts with');
        return (parts[0] === parts[1]) === (name === 'streq');
      case 'defined':
        return unknown(token, 'the environment HAProxy starts with');
      default:
        return unknown(token, 'how HAProxy was built');
    }
  }

  function and(): Truth {
    let value = term();
    while (peek() === '&&') {
      at++;
      const right = term();
      value = value === false || right === false ? false : value === undefined || right === undefined ? undefined : true;
    }
    return value;
  }

  function or(): Truth {
    let value = and();
    while (peek() === '||') {
      at++;
      const right = and();
      value = value === true || right === true ? true : value === undefined || right === undefined ? undefined : false;
    }
    return value;
  }

  return { truth: or(), guesses };
}
