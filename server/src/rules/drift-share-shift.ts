import { percent, percentFixed, percents } from '../core/format';
import type { TextEdit } from '../core/fix';
import type { Pool } from '../core/model';
import { defineRule, numberOption } from '../core/rule';
import { methodText, ownChanges, sameMethod } from '../drift/describe';
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
        "Predicts every member's share of traffic in the current file and at the stable revision, exactly as the balancer distributes it, matches members by address (not by line) and reports each member whose share moved, with both numbers and what changed: its own weight, state or role, the pool's balancing method, or other members. A shift of `driftThreshold` percentage points or more is a warning, a smaller one is info; shifts under half a point are not reported unless the member's own weight changed.",
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
      for (const m of pair.members) {
        if (!m.current || !m.stable) continue;
        const from = before[m.stableIndex!]?.share ?? 0;
        const to = after[m.currentIndex!]?.share ?? 0;
        const points = Math.abs(to - from) * 100;
        const own = ownChanges(pools, m.stable, m.current);
        const weightMoved = own.some((c) => c.kind === 'weight');
        if (points < 1e-9 || (points < 0.5 && !weightMoved)) continue;
        let cause = 'other members changed';
        let edits: TextEdit[];
        if (own.length > 0) {
          cause = own.map((c) => c.text).join(', ');
          edits = memberSettingEdits(view, pools, { current: m.current, stable: m.stable }, own.map((c) => c.kind));
        } else if (!sameMethod(then, now)) {
          cause = `${methodText(then)} -> ${methodText(now)}`;
          edits = methodEdits(view, now, then);
        } else edits = memberListEdits(view, pair);
        // Whole percents can read the same on both sides of a small shift; then show a decimal.
        const [a, b] = percent(from) === percent(to) ? [percentFixed(from), percentFixed(to)] : percents(from, to);
        context.report({
          message: `${m.current.address}: share ${a} -> ${b} ${since(view)} (${cause})`,
          loc: (weightMoved ? m.current.weightLoc : undefined) ?? m.current.addressLoc,
          severity: points >= threshold ? 'warning' : 'info',
          fixes: driftFixes(view, pair, edits),
        });
      }
    }
  },
});

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
