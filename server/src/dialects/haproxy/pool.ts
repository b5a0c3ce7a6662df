/**
 * One `backend` or `listen` section -> a model pool: its members (default-server inheritance and
 * server-template expansion), its balance algorithm and hash, health checks, stickiness, and the
 * facts rules and the traffic engine read, each with where it is written (the defaults section
 * when inherited).
 */
import type { ParseProblem } from '../../core/finding';
import type { FactValue, HealthCheck, Member, Pool, Stickiness } from '../../core/model';
import type { Loc } from '../../core/span';
import { readBalance } from './balance';
import { readServerParams } from './server-params';
import { serverRulesOf } from './server-rules';
import { assignServerIds, memberHas, readServerLine, toMember, type ServerDraft } from './servers';
import { reportServerIdProblems } from './server-ids';
import { optionOn, type ProxySettings } from './settings';
import type { HaLine, HaSection } from './syntax';

/** Options a rule or the traffic engine needs, exposed as `option NAME` facts when on. */
const OPTION_FACTS = ['allbackups', 'redispatch', 'httpchk', 'persist', 'prefer-last-server', 'tcp-check', 'ssl-hello-chk', 'mysql-check', 'pgsql-check', 'redis-check', 'smtpchk', 'ldap-check'];

export function buildPool(section: HaSection, settings: ProxySettings, own: readonly HaLine[], file: string, problems: ParseProblem[]): Pool {
  const lineLoc = (line: HaLine): Loc => ({ file, start: line.start, end: line.end });
  const words = (line: HaLine): string => line.words.slice(1).map((w) => w.value).join(' ');
  const facts: Record<string, FactValue> = {};
  const fact = (name: string, line: HaLine | undefined, value = line ? words(line) : '') => {
    if (line) facts[name] = { value, loc: lineLoc(line) };
  };

  // default-server lines apply to the servers written after them.
  const serverDefaults = [...settings.defaultServer];
  const drafts: ServerDraft[] = [];
  for (const line of own) {
    const keyword = line.words[0]!.value;
    if (keyword === 'server' || keyword === 'server-template') drafts.push(...readServerLine(line, serverDefaults, file, problems));
    else if (keyword === 'default-server') serverDefaults.push(...readServerParams(line.words.slice(1)).params);
    else if (keyword === 'stick-table' || keyword === 'stick' || keyword === 'use-server') fact(keyword, line);
  }
  const ids = assignServerIds(drafts);
  reportDuplicateNames(drafts, section, file, problems);
  reportServerIdProblems(drafts, file, problems);
  const members: Member[] = drafts.map((d, i) => toMember(d, ids[i]!, file));

  const reading = readBalance(settings.balance, settings.hashType, file);
  const mode = settings.mode?.words[1]?.value ?? 'tcp';
  fact('mode', settings.mode);
  fact('balance', settings.balance);
  fact('hash-type', settings.hashType);
  fact('hash-balance-factor', settings.hashBalanceFactor);
  fact('retries', settings.retries);
  fact('cookie', settings.cookie);
  fact('http-check', settings.httpCheck);
  for (const [name, line] of settings.timeouts) fact(`timeout ${name}`, line, line.words.slice(2).map((w) => w.value).join(' '));
  for (const name of OPTION_FACTS) fact(`option ${name}`, optionOn(settings, name)?.line);
  if (reading.draws !== undefined && settings.balance) fact('random-draws', settings.balance, String(reading.draws));

  // HAProxy falls back to round-robin when a layer-7 hash is asked for outside `mode http`.
  const fallback = reading.needsHttp && mode !== 'http';
  if (fallback && settings.balance) fact('layer7-fallback', settings.balance, `balance ${words(settings.balance)} needs mode http; mode is ${mode}, so HAProxy balances round-robin`);
  const algorithm = fallback ? 'round-robin' : reading.algorithm;
  const balanceLoc = settings.balance ? lineLoc(settings.balance) : undefined;

  const kind = section.kind;
  const name = section.name!.value;
  let health: HealthCheck | undefined;
  return {
    key: `${kind} ${name}`,
    name,
    dialect: 'haproxy',
    kind: 'members',
    context: kind,
    loc: { file, start: section.start, end: section.end },
    nameLoc: { file, start: section.name!.start, end: section.name!.end },
    algorithm,
    algorithmText: settings.balance ? `balance ${words(settings.balance)}` : '',
    ...(balanceLoc ? { algorithmLoc: balanceLoc } : {}),
    ...(reading.hash && !fallback ? { hash: reading.hash } : {}),
    members,
    get health() {
      return (health ??= healthOf(members));
    },
    ...stickinessOf(settings, facts, file),
    facts,
    ...serverRulesOf(own, members, file),
  };
}

/** Built when a rule asks: `check` on every server that can serve is active checking. */
function healthOf(members: readonly Member[]): HealthCheck {
  const serving = members.filter((m) => m.state === 'up' && m.weight > 0);
  const checked = members.find((m) => memberHas(m, 'check'));
  const activeLoc = checked?.params.find((p) => p.name === 'check')?.loc;
  return {
    active: serving.length > 0 && serving.every((m) => memberHas(m, 'check')),
    ...(activeLoc ? { activeLoc } : {}),
    passive: members.some((m) => memberHas(m, 'observe')),
    passiveDisabledAt: [],
  };
}

function stickinessOf(settings: ProxySettings, facts: Record<string, FactValue>, file: string): { stickiness?: Stickiness } {
  if (settings.cookie) {
    return { stickiness: { kind: `cookie ${settings.cookie.words.slice(1).map((w) => w.value).join(' ')}`, loc: { file, start: settings.cookie.start, end: settings.cookie.end } } };
  }
  const stick = facts.stick;
  return stick ? { stickiness: { kind: `stick ${stick.value}`, loc: stick.loc } } : {};
}

/** HAProxy refuses two servers of one proxy with the same name unless they have explicit ids. */
function reportDuplicateNames(drafts: readonly ServerDraft[], section: HaSection, file: string, problems: ParseProblem[]): void {
  const seen = new Map<string, ServerDraft>();
  drafts.forEach((draft) => {
    if (draft.params.has('id')) return;
    const earlier = seen.get(draft.name);
    if (earlier && earlier.line !== draft.line) {
      const at = draft.nameWord ?? draft.line;
      problems.push({
        kind: 'syntax',
        message: `${section.kind} ${section.name?.value ?? ''}: another server named "${draft.name}" is already defined; use distinct names`,
        loc: { file, start: at.start, end: at.end },
      });
    } else seen.set(draft.name, draft);
  });
}
