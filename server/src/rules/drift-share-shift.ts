import { percent, percentFixed, percents } from '../core/format';
import type { Related } from '../core/finding';
import type { TextEdit } from '../core/fix';
import type { Member, Pool } from '../core/model';
import type { Loc } from '../core/span';
import { defineRule, numberOption } from '../core/rule';
import { listChanges, memberChanges, methodText, ownChanges, poolLabel, sameMethod } from '../drift/describe';
import type { PoolPair } from '../drift/match';
import { driftFixes, memberListEdits, memberSettingEdits, methodEdits } from '../drift/revert';
import { driftView, since } from '../drift/view';

const rule = defineRule({
  meta: {
    id: 'drift-share-shift',
    title: "A member's predicted share of traffic changed since the stable revision",
    severity: 'warning',
    dialects: 'all',
    fixable: 'unsafe',
    needsStable: true,
    options: {
      driftThreshold: {
        type: 'number',
        default: 10,
        minimum: 0,
        description:
          'A shift of at least this many percentage points is a warning; smaller ones are info (from 0.5 points, or any shift when the weight itself changed).',
      },
    },
    docs: {
      whatItDoes:
        "Predicts every member's share of traffic in the current file and at the stable revision, exactly as the balancer distributes it, matches members by address (not by line) and reports each member whose own weight, state or role changed with both shares. Members that only moved because others changed are told once: in the changed member's finding (message and related locations), or in one finding on the pool when no member changed itself (a member added or removed, a new balancing method). A shift of `driftThreshold` percentage points or more is a warning, a smaller one is info; shifts under half a point are not reported unless the member's own weight changed.",
      whyItMatters:
        'A weight edit reads like a small change and is not: raising one of three servers from `weight=1` to `weight=5` moves it from 33% to 71% of requests. Reviews see the diff of a line; the balancer sees a new distribution. Saying the distribution in numbers, next to the line, is how a risky change is noticed before it ships.',
      stableExample: 'upstream backend {\n    server 127.0.0.1:8081;\n    server 127.0.0.1:8082;\n    server 127.0.0.1:8083;\n}',
      example: 'upstream backend {\n    server 127.0.0.1:8081 weight=5;\n    server 127.0.0.1:8082;\n    server 127.0.0.1:8083;\n}',
      fix: 'If the shift is intended, mark the new revision as stable. Otherwise "Revert to stable value" puts back the setting that caused it (the weight, `down`, `backup`, the algorithm, or the other members) and "Revert pool to stable" the whole block. Both move traffic, so both are unsafe.',
      references: ['https://nginx.org/en/docs/http/ngx_http_upstream_module.html#server', 'https://nginx.org/en/docs/http/load_balancing.html'],
    },
  },
  check(context) {
    const view = driftView(context);
    if (!view) return;
    const threshold = numberOption(context, rule.meta, 'driftThreshold');
    for (const pair of view.pairs) {
      const { current: now, stable: then } = pair;
      if (!now || !then || !mayShift(pair)) continue;
      const after = context.shares(now).members;
      const before = view.stable.shares(then).members;
      const pools = { current: now, stable: then };
      const own: OwnShift[] = [];
      const others: Shift[] = [];
      for (const m of pair.members) {
        if (!m.current || !m.stable) continue;
        const from = before[m.stableIndex!]?.share ?? 0;
        const to = after[m.currentIndex!]?.share ?? 0;
        const points = Math.abs(to - from) * 100;
        const changes = ownChanges(pools, m.stable, m.current);
        const weightMoved = changes.some((c) => c.kind === 'weight');
        if (points < 1e-9 || (points < 0.5 && !weightMoved)) continue;
        const shift = { member: m.current, from, to, points };
        if (changes.length === 0) others.push(shift);
        else {
          const edits = memberSettingEdits(view, pools, { current: m.current, stable: m.stable }, changes.map((c) => c.kind));
          own.push({ ...shift, cause: changes.map((c) => c.text).join(', '), loc: (weightMoved ? m.current.weightLoc : undefined) ?? m.current.addressLoc, edits });
        }
      }
      // The members that only moved because others changed are one consequence, told once: on
      // the member whose own change moved most, or in one finding on the pool when none did.
      const carrier = own.reduce<OwnShift | undefined>((best, s) => (!best || s.points > best.points ? s : best), undefined);
      for (const shift of own) {
        const attached = shift === carrier ? others : [];
        const points = Math.max(shift.points, ...attached.map((s) => s.points));
        context.report({
          message: `${shift.member.address}: share ${shareChange(shift)} ${since(view)} (${shift.cause})${consequence(attached)}`,
          loc: shift.loc,
          severity: points >= threshold ? 'warning' : 'info',
          fixes: driftFixes(view, pair, shift.edits),
          ...(attached.length > 0 ? { related: attached.map(relatedShift) } : {}),
        });
      }
      if (carrier || others.length === 0) continue;
      const methodMoved = !sameMethod(then, now);
      const cause = methodMoved ? `${methodText(then)} -> ${methodText(now)}` : listChanges(memberChanges(pair)) || 'other members changed';
      context.report({
        message: `${poolLabel(now)}: ${others.length === 1 ? 'a share' : 'shares'} moved ${since(view)} (${cause}): ${listShifts(others)}`,
        loc: now.nameLoc,
        severity: Math.max(...others.map((s) => s.points)) >= threshold ? 'warning' : 'info',
        fixes: driftFixes(view, pair, methodMoved ? methodEdits(view, now, then) : memberListEdits(view, pair)),
        related: others.map(relatedShift),
      });
    }
  },
});

interface Shift {
  readonly member: Member;
  readonly from: number;
  readonly to: number;
  readonly points: number;
}

interface OwnShift extends Shift {
  readonly cause: string;
  readonly loc: Loc;
  readonly edits: TextEdit[];
}

/** `25% -> 71%`; whole percents can read the same on both sides of a small shift, then a decimal. */
function shareChange({ from, to }: Shift): string {
  const [a, b] = percent(from) === percent(to) ? [percentFixed(from), percentFixed(to)] : percents(from, to);
  return `${a} -> ${b}`;
}

/** `; the 2 other members 25% -> 14% each`, or the list when they moved differently. */
function consequence(others: readonly Shift[]): string {
  if (others.length === 0) return '';
  const first = shareChange(others[0]!);
  if (others.length > 1 && others.every((s) => shareChange(s) === first)) return `; the ${others.length} other members ${first} each`;
  return `; ${others.length === 1 ? 'the other member' : 'the other members'} ${listShifts(others)}`;
}

/** `10.0.0.1:80 50% -> 33%, 10.0.0.2:80 50% -> 33% and 4 more`. */
function listShifts(shifts: readonly Shift[]): string {
  const shown = shifts.slice(0, 3).map((s) => `${s.member.address} ${shareChange(s)}`).join(', ');
  return shifts.length > 3 ? `${shown} and ${shifts.length - 3} more` : shown;
}

function relatedShift(shift: Shift): Related {
  return { loc: shift.member.addressLoc, message: `${shift.member.address}: share ${shareChange(shift)} (other members changed)` };
}

/** Whether anything that decides shares differs, so unchanged pools cost no share prediction. */
function mayShift(pair: PoolPair): boolean {
  const now = pair.current!;
  const then = pair.stable!;
  if (!sameMethod(then, now) || now.members.length !== then.members.length) return true;
  return pair.members.some((m) => !m.current || !m.stable || differs(then, now, m.stableIndex!, m.currentIndex!));
}

function differs(then: Pool, now: Pool, s: number, c: number): boolean {
  const a = then.members[s]!;
  const b = now.members[c]!;
  return s !== c || a.weight !== b.weight || a.state !== b.state || a.role !== b.role || a.peers !== b.peers || a.address !== b.address;
}

export default rule;
