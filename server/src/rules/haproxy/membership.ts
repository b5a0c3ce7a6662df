/**
 * The HAProxy branches of no-active-members and no-health-check: HAProxy starts with a backend
 * that cannot serve and answers 503, and its health checks are the `check` server parameter.
 */
import { percent, trafficUnit } from '../../core/format';
import type { FixIntent } from '../../core/fix';
import { deferredReport, type ReportWords } from '../../core/deferred-report';
import type { Member, Pool } from '../../core/model';
import { predictHaproxyShares } from '../../traffic/haproxy/shares';
import type { PoolPair } from '../../drift/match';
import type { RuleContext } from '../../core/rule';
import { hasParam, proxyLabel, serverLabel } from './common';

const serving = (m: Member) => m.state === 'up' && m.weight > 0;
/** An enabled server that HAProxy never checks: no `check` and no `track` of another server's checks. */
const unchecked = (m: Member) => m.state === 'up' && !hasParam(m, 'check') && !hasParam(m, 'track');

function outReason(member: Member): string {
  return member.state === 'down' ? 'disabled' : member.weight === 0 ? 'at weight 0' : 'a backup';
}

export function checkNoActiveMembersHaproxy(context: RuleContext): void {
  for (const pool of context.model.pools) {
    if (pool.members.some((m) => m.role === 'primary' && serving(m))) continue;
    const backups = pool.members.filter((m) => m.role === 'backup' && serving(m));
    const where = proxyLabel(pool);
    if (pool.members.length === 0) {
      // A backend without servers is legal (a redirect, a stats page); one that balances is not.
      if (!pool.algorithmText) continue;
      context.report({ message: `${where} has a balance line but no server: every request it gets is answered 503. Add a server line.`, loc: pool.nameLoc });
      continue;
    }
    const related = pool.members.filter((m) => !serving(m) || m.role === 'backup').map((m) => ({ loc: m.loc, message: `${serverLabel(m)} is ${m.role === 'backup' && serving(m) ? 'a backup' : outReason(m)}` }));
    if (backups.length === 0) {
      context.report({ message: `No server of ${where} can serve (${pool.members.length} declared, every one disabled or at weight 0): HAProxy starts, and answers every request with 503. Enable a server.`, loc: pool.nameLoc, related });
    } else {
      const all = pool.facts['option allbackups'] !== undefined;
      const gets = all || backups.length === 1 ? backups.map((m) => m.name ?? m.address).join(', ') : `${backups[0]!.name ?? backups[0]!.address} (the first backup; option allbackups would use all ${backups.length})`;
      context.report({
        message: `${where} has no primary server that can serve: all of its traffic goes to the backup ${gets}. Bring a primary server back.`,
        loc: pool.nameLoc,
        related,
        severity: 'warning',
      });
    }
  }
}

export function checkNoHealthCheckHaproxy(context: RuleContext): void {
  for (const pool of context.model.pools) {
    // Counted and looked for before any list is made: most backends check every server.
    let up = 0;
    let anyUnchecked = false;
    for (const m of pool.members) {
      if (serving(m)) up++;
      if (!anyUnchecked && unchecked(m)) anyUnchecked = true;
    }
    if (up < 2 || !anyUnchecked) continue;
    const members = pool.members.filter(unchecked);
    // A server line HAProxy rejects (a keyword missing its value) takes no appended parameter.
    const fixable = !members.some((m) => brokenLine(context, m));
    // The words (the largest share among them, the related servers and the fix) are made when the
    // finding is listed; every location they name is a server line of the backend.
    context.report(deferredReport(pool.nameLoc, { related: true, fixes: true }, () => noHealthCheckWords(pool, members, fixable)));
  }
}

function noHealthCheckWords(pool: Pool, unchecked: readonly Member[], fixable: boolean): ReportWords {
  const shares = predictHaproxyShares(pool).members;
  const largest = Math.max(...unchecked.map((m) => shares[pool.members.indexOf(m)]?.share ?? 0));
  const intents: FixIntent[] = unchecked.map((m) => ({ kind: 'set-param', member: m.loc, name: 'check', value: '' }));
  const all = unchecked.length === pool.members.length;
  const count = all ? `No server of ${proxyLabel(pool)} has check` : `${unchecked.length} of the ${pool.members.length} servers of ${proxyLabel(pool)} have no check`;
  // Members expanded from one server-template line share one fix (their line).
  const lines = new Set(unchecked.map((m) => m.loc.start)).size;
  return {
    message:
      count +
      `: HAProxy never marks ${unchecked.length === 1 ? 'it' : 'them'} down, so a dead server keeps its share (up to ${percent(largest)} of ${trafficUnit(pool.algorithm)}) and those requests fail or wait for timeout connect. Add check.`,
    related: unchecked.map((m) => ({ loc: m.loc, message: `${serverLabel(m)}: no check` })),
    fixes: fixable ? [{ title: `Add check to ${lines === 1 ? 'the server line' : `the ${lines} server lines`} of ${proxyLabel(pool)}`, safety: 'safe', intents: dedupe(intents) }] : [],
  };
}

function brokenLine(context: RuleContext, member: Member): boolean {
  return context.problems.some((p) => p.kind === 'syntax' && p.loc.file === member.loc.file && p.loc.start >= member.loc.start && p.loc.end <= member.loc.end);
}

function dedupe(intents: FixIntent[]): FixIntent[] {
  const seen = new Set<number>();
  return intents.filter((i) => i.kind !== 'set-param' || (!seen.has(i.member.start) && (seen.add(i.member.start), true)));
}

/** ` (check removed from web2 (10.0.0.2:80))`: the servers checked at stable and not now. */
export function checksRemovedHaproxy(pair: PoolPair): string {
  const lost = pair.members.filter((m) => m.current && m.stable && hasParam(m.stable, 'check') && !hasParam(m.current, 'check')).map((m) => serverLabel(m.current!));
  return lost.length > 0 ? ` (check removed from ${lost.join(', ')})` : '';
}
