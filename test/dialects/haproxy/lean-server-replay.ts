/**
 * The reference reading of a server's parameters for the lean lowering tests: every parameter
 * (the inherited default-server lines first, then the server's own) applied in order to one map,
 * a later setting replacing an earlier one and a `no-X` flag removing `X`.
 */
const CANCELS: Record<string, string> = { 'no-backup': 'backup', enabled: 'disabled', 'no-check': 'check', 'no-ssl': 'ssl' };

export function replay(lines: readonly string[][]): Map<string, string> {
  const merged = new Map<string, string>();
  for (const params of lines) {
    for (const param of params) {
      const [name, value = ''] = param.split(' ') as [string, string?];
      if (CANCELS[name]) merged.delete(CANCELS[name]!);
      else merged.set(name, value);
    }
  }
  return merged;
}
