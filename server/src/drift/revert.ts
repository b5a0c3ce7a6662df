/**
 * The two fixes every drift finding carries, as plain text edits: "Revert to stable value" puts
 * back the one setting that drifted (a weight, a flag, the algorithm directive, a member line) and
 * "Revert pool to stable" the whole pool block. New text is always copied verbatim from the stable
 * sources; ranges are always in the current sources. Both move traffic, so both are unsafe.
 */
import type { Fix, TextEdit } from '../core/fix';
import type { Member, Pool } from '../core/model';
import type { Loc } from '../core/span';
import { ownChanges } from './describe';
import { haproxyMethodEdits } from './haproxy-method';
import type { PoolPair } from './match';
import { removedPoolPlace } from './placement';
import { blankAfter, blankBefore, blankLineBetween, eolAt, lineEnd, lineStart, lineText, wholeLines } from './text';
import type { DriftView } from './view';

export const REVERT_VALUE = 'Revert to stable value';
export const REVERT_POOL = 'Revert pool to stable';
/** The value fix of drift-member-added and drift-member-removed, named for what it does. */
export const REMOVE_ADDED_MEMBER = 'Remove member added since stable';
export const RESTORE_REMOVED_MEMBER = 'Restore member removed since stable';

/** Member settings a fix can put back, and the parameters that spell them (any dialect). */
export type Setting = 'weight' | 'state' | 'role' | 'health' | 'address';
const PARAMS: Record<Exclude<Setting, 'weight' | 'address'>, readonly string[]> = {
  state: ['down', 'drain', 'disabled'],
  role: ['backup'],
  health: ['max_fails'],
};

const current = (view: DriftView, file: string): string => view.sources.get(file) ?? '';
const stableSource = (view: DriftView, file: string): string => view.stable.sources.get(file) ?? '';
const stableText = (view: DriftView, loc: Loc): string => stableSource(view, loc.file).slice(loc.start, loc.end);

/** Where a member's weight is written: split_clients parts always write theirs. */
function weightLoc(pool: Pool, member: Member): Loc | undefined {
  return pool.kind === 'split' || member.weightExplicit ? member.weightLoc : undefined;
}

/** Just after a member's last argument, where a parameter is added. */
function endOfArguments(member: Member): Loc {
  let end = member.addressLoc.end;
  for (const param of member.params) end = Math.max(end, param.loc.end);
  return { file: member.addressLoc.file, start: end, end };
}

/** Puts one written setting back: replaced, removed (with its leading space) or added. */
function settingEdits(view: DriftView, member: Member, now: Loc | undefined, then: Loc | undefined): TextEdit[] {
  if (now && then) {
    const text = stableText(view, then);
    return current(view, now.file).slice(now.start, now.end) === text ? [] : [{ loc: now, newText: text }];
  }
  if (now) {
    const text = current(view, now.file);
    let start = now.start;
    while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
    return [{ loc: { ...now, start }, newText: '' }];
  }
  if (then) return [{ loc: endOfArguments(member), newText: ` ${stableText(view, then)}` }];
  return [];
}

export function memberSettingEdits(
  view: DriftView,
  pools: { readonly current: Pool; readonly stable: Pool },
  members: { readonly current: Member; readonly stable: Member },
  settings: readonly Setting[],
): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const setting of settings) {
    if (setting === 'weight') {
      edits.push(...settingEdits(view, members.current, weightLoc(pools.current, members.current), weightLoc(pools.stable, members.stable)));
      continue;
    }
    if (setting === 'address') {
      edits.push(...settingEdits(view, members.current, members.current.addressLoc, members.stable.addressLoc));
      continue;
    }
    for (const name of PARAMS[setting]) {
      const now = members.current.params.find((p) => p.name === name)?.loc;
      const then = members.stable.params.find((p) => p.name === name)?.loc;
      edits.push(...settingEdits(view, members.current, now, then));
    }
  }
  return edits;
}

/** Deletes a declaration with its whole lines when it has them to itself. */
export function removeLinesEdit(view: DriftView, loc: Loc): TextEdit {
  return { loc: wholeLines(current(view, loc.file), loc), newText: '' };
}

/** Inserts lines after a declaration: on lines of their own when it ends its line. */
function insertAfter(view: DriftView, anchor: Loc, lines: readonly string[]): TextEdit {
  const text = current(view, anchor.file);
  if (!blankAfter(text, anchor.end)) {
    return { loc: { ...anchor, start: anchor.end }, newText: lines.map((line) => ` ${line.trim()}`).join('') };
  }
  const at = lineEnd(text, anchor.end);
  const eol = eolAt(text, at);
  return { loc: { file: anchor.file, start: at, end: at }, newText: lines.map((line) => eol + line).join('') };
}

/** Inserts lines at the start of a block's body, after its `{`. */
function insertAtBodyStart(view: DriftView, pool: Pool, lines: readonly string[]): TextEdit | undefined {
  const brace = current(view, pool.loc.file).indexOf('{', pool.nameLoc.end);
  if (brace < 0 || brace >= pool.loc.end) return undefined;
  return insertAfter(view, { file: pool.loc.file, start: brace, end: brace + 1 }, lines);
}

/**
 * Puts removed members back (stable indices, ascending): each after the member that preceded it
 * at stable and is still there, else at the start of the block, with its stable line's text.
 */
export function insertMembersEdits(view: DriftView, pair: PoolPair, stableIndices: readonly number[]): TextEdit[] {
  const stablePool = pair.stable!;
  const anchors = anchorsOf(pair);
  const groups = new Map<Member | undefined, string[]>();
  for (const index of stableIndices) {
    const anchor = anchors[index];
    const member = stablePool.members[index]!;
    const lines = groups.get(anchor) ?? [];
    lines.push(lineText(stableSource(view, member.loc.file), member.loc));
    groups.set(anchor, lines);
  }
  const edits: TextEdit[] = [];
  for (const [anchor, lines] of groups) {
    const edit = anchor ? insertAfter(view, anchor.loc, lines) : insertAtBodyStart(view, pair.current!, lines);
    if (edit) edits.push(edit);
  }
  return edits;
}

const anchorMemo = new WeakMap<PoolPair, readonly (Member | undefined)[]>();

/**
 * By stable index: the current member of the nearest earlier stable member that is still there,
 * which is where a removed member goes back. One pass per pool, however many were removed.
 */
function anchorsOf(pair: PoolPair): readonly (Member | undefined)[] {
  let anchors = anchorMemo.get(pair);
  if (!anchors) {
    const count = pair.stable?.members.length ?? 0;
    const survivors = new Array<Member | undefined>(count);
    for (const m of pair.members) if (m.stableIndex !== undefined && m.current) survivors[m.stableIndex] = m.current;
    const list = new Array<Member | undefined>(count);
    let last: Member | undefined;
    for (let s = 0; s < count; s++) {
      list[s] = last;
      if (survivors[s]) last = survivors[s];
    }
    anchors = list;
    anchorMemo.set(pair, anchors);
  }
  return anchors;
}

/** Puts the balancing method back: the algorithm directive, or a split's key. */
export function methodEdits(view: DriftView, now: Pool, then: Pool): TextEdit[] {
  if (now.dialect === 'haproxy') return haproxyMethodEdits(current(view, now.loc.file), now, then);
  // A canary's header and cookie annotations are several lines: "Revert pool to stable" puts them back.
  if (now.dialect === 'ingress-nginx' && now.kind === 'split') return [];
  if (now.kind === 'split' && now.hash?.keyLoc && then.hash?.keyLoc) {
    return [{ loc: now.hash.keyLoc, newText: stableText(view, then.hash.keyLoc) }];
  }
  if (now.algorithmLoc && then.algorithmLoc) return [{ loc: now.algorithmLoc, newText: stableText(view, then.algorithmLoc) }];
  if (now.algorithmLoc) return [removeLinesEdit(view, now.algorithmLoc)];
  if (!then.algorithmLoc) return [];
  const edit = insertAtBodyStart(view, now, [lineText(stableSource(view, then.algorithmLoc.file), then.algorithmLoc)]);
  return edit ? [edit] : [];
}

const memberListMemo = new WeakMap<PoolPair, TextEdit[]>();

/**
 * Puts every member back as it was: settings, added lines removed, removed lines restored. Every
 * member of a pool can shift when one changes, and each such finding offers these same edits, so
 * they are made once per pool.
 */
export function memberListEdits(view: DriftView, pair: PoolPair): TextEdit[] {
  const known = memberListMemo.get(pair);
  if (known) return known;
  const edits: TextEdit[] = [];
  const removed: number[] = [];
  const pools = { current: pair.current!, stable: pair.stable! };
  for (const m of pair.members) {
    if (m.current && m.stable) {
      const changed = ownChanges(pools, m.stable, m.current);
      if (changed.length > 0) edits.push(...memberSettingEdits(view, pools, { current: m.current, stable: m.stable }, changed.map((c) => c.kind)));
    } else if (m.current) edits.push(removeLinesEdit(view, m.current.loc));
    else if (m.stableIndex !== undefined) removed.push(m.stableIndex);
  }
  const all = [...edits, ...insertMembersEdits(view, pair, removed.sort((a, b) => a - b))];
  memberListMemo.set(pair, all);
  return all;
}

/** Puts a pool that only the stable revision has back where it was. */
function insertPoolEdit(view: DriftView, removed: Pool): TextEdit {
  const source = stableSource(view, removed.loc.file);
  const block = lineText(source, removed.loc);
  const place = removedPoolPlace(view, removed);
  if (place.kind === 'after') {
    const blank = blankLineBetween(source, place.stableNeighbour.loc.end, removed.loc.start);
    const edit = insertAfter(view, place.pool.loc, [block]);
    const eol = edit.newText.startsWith('\r\n') ? '\r\n' : '\n';
    return blank && edit.newText.startsWith(eol) ? { ...edit, newText: eol + edit.newText } : edit;
  }
  if (place.kind === 'before') {
    const text = current(view, place.pool.loc.file);
    const blank = blankLineBetween(source, removed.loc.end, place.stableNeighbour.loc.start);
    const ownLine = blankBefore(text, place.pool.loc.start);
    const at = ownLine ? lineStart(text, place.pool.loc.start) : place.pool.loc.start;
    const eol = eolAt(text, lineEnd(text, at));
    const newText = ownLine ? block + eol + (blank ? eol : '') : `${block.trim()} `;
    return { loc: { file: place.pool.loc.file, start: at, end: at }, newText };
  }
  const text = current(view, place.file);
  let at = 0;
  for (let line = 0; line < place.line && at < text.length; line++) at = lineEnd(text, at) + eolAt(text, lineEnd(text, at)).length;
  at = Math.min(at, text.length);
  const eol = eolAt(text, lineEnd(text, at));
  const lead = at > 0 && at === text.length && text.charCodeAt(at - 1) !== 10 ? eol : '';
  return { loc: { file: place.file, start: at, end: at }, newText: lead + block + eol };
}

/** "Revert pool to stable": the pool's block becomes exactly its stable text. */
export function poolRevertEdits(view: DriftView, pair: PoolPair): TextEdit[] {
  if (pair.current && pair.stable) return [{ loc: pair.current.loc, newText: stableText(view, pair.stable.loc) }];
  if (pair.current) return [removeLinesEdit(view, pair.current.loc)];
  return pair.stable ? [insertPoolEdit(view, pair.stable)] : [];
}

/** Joins insertions at one position into one edit, keeping their order. */
function joinInsertions(edits: readonly TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  const at = new Map<string, number>();
  for (const edit of edits) {
    const key = `${edit.loc.file}\u0000${edit.loc.start}`;
    const index = edit.loc.start === edit.loc.end ? at.get(key) : undefined;
    if (index === undefined) {
      if (edit.loc.start === edit.loc.end) at.set(key, out.length);
      out.push(edit);
    } else out[index] = { loc: out[index]!.loc, newText: out[index]!.newText + edit.newText };
  }
  return out;
}

/** The two revert fixes of a drift finding; the first is left out when there is nothing to edit. */
export function driftFixes(view: DriftView, pair: PoolPair, valueEdits: readonly TextEdit[], valueTitle = REVERT_VALUE): Fix[] {
  const fixes: Fix[] = [];
  // A revert that edits nothing is not offered: a pool whose own text is as it was (a main
  // Ingress whose canary changed in another file) has nothing to put back here.
  const changes = (edit: TextEdit) => current(view, edit.loc.file).slice(edit.loc.start, edit.loc.end) !== edit.newText;
  const values = valueEdits.filter(changes);
  if (values.length > 0) {
    fixes.push({ title: valueTitle, safety: 'unsafe', intents: [{ kind: 'edit', edits: joinInsertions(values) }] });
  }
  const poolEdits = poolRevertEdits(view, pair).filter(changes);
  if (poolEdits.length > 0) fixes.push({ title: REVERT_POOL, safety: 'unsafe', intents: [{ kind: 'edit', edits: poolEdits }] });
  return fixes;
}

/**
 * "Revert to stable value" for a route: the directive (`proxy_pass http://app;`) becomes exactly
 * its stable text, so the argument reads as it did, scheme, path and quotes included.
 */
export function routeRevertFix(view: DriftView, now: Loc, then: Loc): Fix {
  return { title: REVERT_VALUE, safety: 'unsafe', intents: [{ kind: 'edit', edits: [{ loc: now, newText: stableText(view, then) }] }] };
}
