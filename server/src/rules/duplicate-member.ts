import { percent, trafficUnit } from '../core/format';
import type { Fix } from '../core/fix';
import type { Member, Pool } from '../core/model';
import { checkKubernetesDuplicates } from './kubernetes/duplicates';
import { defineRule, type RuleContext } from '../core/rule';
import { addressKeys } from '../traffic';
import { plainIpv4PortKey } from '../traffic/address-key';
import { areSpareSlots, proxyLabel } from './haproxy/common';

/** Kept here too for callers that learnt it from this rule; it lives in traffic/address-key.ts. */
export { addressKeys };

const rule = defineRule({
  meta: {
    id: 'duplicate-member',
    scope: 'pool',
    title: 'The same backend is listed twice in one pool',
    severity: 'warning',
    dialects: ['nginx', 'kubernetes', 'haproxy'],
    fixable: 'safe',
    options: {},
    docs: {
      whatItDoes:
        'Compares the member addresses of each pool the way the balancer resolves them: host names without regard to case, IPv6 literals in any spelling, the default port 80 of an http upstream (`10.0.0.2` is `10.0.0.2:80`), and `localhost`, which nginx resolves to 127.0.0.1 and ::1, so `localhost:8080` repeats `127.0.0.1:8080` and `[::1]:8080`. It reports every repeat and says how much traffic the backend gets in total. 127.0.0.1 and ::1 are different sockets and are not treated as the same. Template placeholders (`server <IPADDR>;`, `server ${BACKEND}:80;`, `server {{ .Address }};`) are filled in before nginx reads the file, so two of them are never taken for the same backend.',
      whyItMatters:
        'nginx does not reject a repeated `server` line: it makes one more peer of it, so the backend silently gets two shares of the traffic. A pool of two servers where one is listed twice sends 67% of requests to it instead of 50%, and when someone later edits one copy (a weight, `down` during maintenance) the other copy keeps sending traffic.',
      example: 'upstream app {\n    server 10.0.0.1:8080;\n    server 10.0.0.2:8080;\n    server 10.0.0.2:8080;\n}',
      fix: 'Remove the repeated line. The quick fix does it, and is safe when both lines carry the same parameters; when they differ (another weight, `backup`), it is offered as unsafe, because the parameters of the removed line go with it.',
      references: ['https://nginx.org/en/docs/http/ngx_http_upstream_module.html#server'],
    },
  },
  check(context) {
    checkKubernetesDuplicates(context);
    for (const pool of context.model.pools) {
      // The lowering may have found the addresses plain and distinct while it read them.
      if (pool.kind !== 'members' || pool.distinctPlainAddresses === true || plainAndDistinct(pool)) continue;
      // Each address key maps to the first member listed with it (by position, so the earliest
      // wins when a spelling like localhost matches two earlier members): linear in pool size.
      // Groups are made only for members that repeat one, keyed by the first member's position:
      // most pools have none, and a group per member was most of this rule's cost.
      const firstByKey = new Map<string, number>();
      let groups: Map<number, Member[]> | undefined;
      pool.members.forEach((member, index) => {
        // A placeholder (`<IPADDR>`, `${UPSTREAM}`, a masked template value) is filled in later:
        // two of them are two backends as far as anyone can tell.
        if (isPlaceholder(member.address)) return;
        // Members expanded from one HAProxy server-template line share their line and address.
        if (expandedFromPrevious(pool, index)) return;
        const keys = addressKeys(member.address, pool.context);
        let first = -1;
        for (const key of keys) {
          const found = firstByKey.get(key);
          if (found !== undefined && (first < 0 || found < first)) first = found;
        }
        if (first < 0) {
          for (const key of keys) firstByKey.set(key, index);
          return;
        }
        groups ??= new Map();
        const group = groups.get(first);
        if (group) group.push(member);
        else groups.set(first, [pool.members[first]!, member]);
      });
      if (!groups) continue;
      const ordered = [...groups].sort(([a], [b]) => a - b).map(([, group]) => group);
      for (const group of ordered) if (!areSpareSlots(pool, group)) reportGroup(context, pool, group);
    }
  },
});

/**
 * Most pools list a few plain `a.b.c.d:port` addresses, none twice: such a pool repeats no backend,
 * which comparing the addresses' numbers (`plainIpv4PortKey`: equal exactly when the texts are)
 * tells without making a key per member. The servers a HAProxy `server-template` line expands into
 * share its address and are skipped as `check` skips them; their first is compared, so a template
 * pool takes this path too. An nginx pool usually comes with the lowering's verdict instead.
 */
function plainAndDistinct(pool: Pool): boolean {
  const members = pool.members;
  if (members.length > MAX_PLAIN) return false;
  for (let i = 0; i < members.length; i++) {
    const key = plainIpv4PortKey(members[i]!.address);
    if (key < 0) return false;
    for (let j = 0; j < i; j++) {
      if (keys[j] !== key) continue;
      // The same address twice: a repeat, unless this member was expanded from its predecessor's line.
      if (!expandedFromPrevious(pool, i)) return false;
      break;
    }
    keys[i] = key;
  }
  return true;
}

const MAX_PLAIN = 16;
/** The numbers of the members `plainAndDistinct` has read. */
const keys = new Float64Array(MAX_PLAIN);

/**
 * Whether the member at `index` was expanded from the same HAProxy `server-template` line as the
 * one before it (they share their line and address). An nginx member is a server line of its own,
 * so its location is not made for this.
 */
function expandedFromPrevious(pool: Pool, index: number): boolean {
  if (pool.dialect === 'nginx' || index === 0) return false;
  const previous = pool.members[index - 1]!.loc;
  const member = pool.members[index]!.loc;
  return previous.start === member.start && previous.file === member.file;
}

function reportGroup(context: RuleContext, pool: Pool, group: readonly Member[]): void {
  const [first, ...repeats] = group as [Member, ...Member[]];
  const index = (m: Member) => pool.members.indexOf(m);
  const shares = context.shares(pool).members;
  const together = group.reduce((sum, m) => sum + (shares[index(m)]?.share ?? 0), 0);
  const deduplicated = { ...pool, members: pool.members.filter((m) => !repeats.includes(m)) };
  const alone = context.shares(deduplicated).members[deduplicated.members.indexOf(first)]?.share ?? 0;
  const unit = trafficUnit(pool.algorithm);
  const times = group.length === 2 ? 'twice' : `${group.length} times`;
  const effect =
    Math.abs(together - alone) < 0.0005
      ? `the repeat adds no traffic today (${percent(alone)} of ${unit} either way), but one copy is easily edited without the other`
      : `together its lines get ${percent(together)} of ${unit}, where one line would get ${percent(alone)}`;
  for (const repeat of repeats) {
    const spelling = repeat.address === first.address ? '' : ` (as ${repeat.address}${why(first.address, repeat.address)})`;
    const fix: Fix = {
      title: `Remove the repeated ${repeat.address} line${sameParams(first, repeat) ? '' : ' (and its different parameters)'}`,
      safety: sameParams(first, repeat) ? 'safe' : 'unsafe',
      intents: [{ kind: 'remove-member', member: repeat.loc }],
    };
    context.report({
      message: `${first.address} appears ${times} in ${pool.dialect === 'haproxy' ? proxyLabel(pool) : `upstream ${pool.name}`}${spelling}; ${effect}. Remove the duplicate.`,
      loc: repeat.addressLoc,
      related: [{ loc: first.addressLoc, message: `first listed here as ${first.address}` }],
      fixes: [fix],
    });
  }
}

/**
 * nginx takes no variable in an upstream `server` address, so `$`, `<...>` or a brace there means
 * a template placeholder, not a backend.
 */
function isPlaceholder(address: string): boolean {
  return /[$<>{}]/.test(address);
}

/** Why two different spellings name the same backend. */
function why(a: string, b: string): string {
  if (/^localhost(?::|$)/i.test(a) || /^localhost(?::|$)/i.test(b)) return '; nginx resolves localhost to 127.0.0.1 and ::1';
  if (!/:\d+$/.test(a) || !/:\d+$/.test(b)) return '; port 80 is the default';
  return '';
}

function sameParams(a: Member, b: Member): boolean {
  const text = (m: Member) => m.params.map((p) => `${p.name}=${p.value}`).sort().join(' ');
  return text(a) === text(b);
}

export default rule;
