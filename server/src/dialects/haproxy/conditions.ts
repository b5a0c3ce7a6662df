/**
 * `.if` conditions as HAProxy 2.6 evaluates them (cfgcond.c): terms such as
 * `version_atleast(2.4)`, `defined(VAR)`, `streq(a,b)`, numbers, combined with `!`, `&&`, `||`
 * and parentheses. lb-drift knows the target version but not the environment or the build, so a
 * term that depends on them is unknown; an unknown condition counts as true (the block is read),
 * because a configuration's author writes blocks to be used.
 */

export type Truth = boolean | undefined;

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

export function evaluateCondition(expression: string, targetVersion: string): Truth {
  const tokens = expression.match(/\|\||&&|!|\(|\)|[^\s!()&|]+(?:\([^)]*\))?/g) ?? [];
  let at = 0;
  const peek = (): string | undefined => tokens[at];

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
    if (!call) return /^-?\d+$/.test(token) ? Number(token) !== 0 : token !== '' && token !== 'false' ? undefined : false;
    const [, name, args] = call;
    const parts = args!.split(',');
    switch (name) {
      case 'version_atleast':
        return compareVersions(targetVersion, args!) >= 0;
      case 'version_before':
        return compareVersions(targetVersion, args!) < 0;
      case 'streq':
        return parts.length === 2 && !parts.some((p) => p.includes('$')) ? parts[0] === parts[1] : undefined;
      case 'strneq':
        return parts.length === 2 && !parts.some((p) => p.includes('$')) ? parts[0] !== parts[1] : undefined;
      default:
        return undefined;
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

  return or();
}
