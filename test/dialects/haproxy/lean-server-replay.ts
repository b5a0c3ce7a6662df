/**
 * The reference reading of a server's parameters for the lean lowering tests: every parameter
 * (the inherited default-server lines first, then the server's own) applied in order to one map,
 * a later setting replacing an earlier one and a `no-X` flag removing `X`; and the slot of each
 * parameter lowering reads of every server.
 */
import { BACKUP, CHECK, COOKIE, DISABLED, ID, MAXCONN, OBSERVE, SLOWSTART, TRACK, WEIGHT } from '../../../server/src/dialects/haproxy/server-params';

export const SERVER_SLOTS: Readonly<Record<string, number>> = { weight: WEIGHT, backup: BACKUP, disabled: DISABLED, maxconn: MAXCONN, slowstart: SLOWSTART, id: ID, check: CHECK, observe: OBSERVE, track: TRACK, cookie: COOKIE };
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
