/**
 * The peer lists the ring helper (ring-helper.ts) builds rings for: the primary peers of every
 * consistent-hash upstream of a file, as `expandPeers` gives them on the main thread's model.
 *
 * The helper needs them before it can build anything, and its time is worth most at the start,
 * while the main thread is still parsing. Parsing the upstreams with the real parser costs a
 * cold thread about a quarter of a second (most of it compiling the parser), so the common shape
 * is read directly: an upstream block without comments or quotes whose lines are `server` lines
 * with an address and the parameters `weight=`, `down`, `backup` (and limits, which do not change
 * peers), `hash KEY consistent`, `keepalive*` and `zone`. Any other block is parsed as before. A
 * list read wrongly could only be one the main thread never asks for (its key would differ), so
 * the reading can cost time but never change a result; a test holds both readings equal.
 */
import { noIncludes } from '../core/dialect';
import { analyzeNginx } from '../dialects/nginx/lower';
import { expandPeers, type Peer } from '../traffic/nginx/peers';

/** The `upstream NAME { ... }` blocks of the text that mention `consistent`, as written. */
export function consistentBlocks(text: string): string[] {
  const blocks: string[] = [];
  const start = /(^|[\s;{}])upstream\s+[^\s{;]+\s*\{/g;
  for (let match = start.exec(text); match; match = start.exec(text)) {
    const open = match.index + match[0].length;
    const close = text.indexOf('}', open);
    if (close < 0) break;
    const block = text.slice(match.index + match[1]!.length, close + 1);
    if (block.includes('consistent')) blocks.push(block);
    start.lastIndex = close + 1;
  }
  return blocks;
}

const ASCII_SPACE = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20]);
const blockDecoder = new TextDecoder('utf-8', { fatal: false });

/**
 * `consistentBlocks` of a file's bytes, decoding only those blocks: the helper then never holds
 * a string of the whole file, which it would keep to its end (a large string leaves memory only at
 * a full collection, which a helper that allocates little may never run). The same blocks for
 * ASCII white space; a block set apart by another kind of space is missed, which only costs time.
 */
export function consistentBlocksOfBytes(bytes: Buffer): string[] {
  const blocks: string[] = [];
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let nextConsistent = -1;
  for (let at = bytes.indexOf('upstream', bom, 'latin1'); at >= 0; at = bytes.indexOf('upstream', at + 1, 'latin1')) {
    if (at > bom && !ASCII_SPACE.has(bytes[at - 1]!) && !';{}'.includes(String.fromCharCode(bytes[at - 1]!))) continue;
    const open = blockOpen(bytes, at + 8);
    if (open < 0) continue;
    const close = bytes.indexOf(0x7d /* } */, open);
    if (close < 0) break;
    if (nextConsistent < at) nextConsistent = bytes.indexOf('consistent', at, 'latin1');
    if (nextConsistent < 0) break;
    if (nextConsistent + 10 <= close + 1) blocks.push(blockDecoder.decode(bytes.subarray(at, close + 1)));
    at = close;
  }
  return blocks;
}

/** After `upstream`: white space, a name, optional white space and `{`; the index after `{`, or -1. */
function blockOpen(bytes: Buffer, from: number): number {
  let i = from;
  while (i < bytes.length && ASCII_SPACE.has(bytes[i]!)) i++;
  if (i === from) return -1;
  const name = i;
  while (i < bytes.length && !ASCII_SPACE.has(bytes[i]!) && bytes[i] !== 0x7b /* { */ && bytes[i] !== 0x3b /* ; */) i++;
  if (i === name) return -1;
  while (i < bytes.length && ASCII_SPACE.has(bytes[i]!)) i++;
  return bytes[i] === 0x7b ? i + 1 : -1;
}

/** The blocks inside an http block, as the real parser reads them. */
export function consistentUpstreams(text: string): string {
  return wrapped(consistentBlocks(text));
}

function wrapped(blocks: readonly string[]): string {
  return `http {\n${blocks.join('\n')}\n}\n`;
}

/**
 * The primary peer lists of the consistent-hash pools of `text` that reach a ring (a single peer
 * without backups does not: round-robin takes it), the directly read ones in file order, then
 * those the parser read.
 */
export function ringPeerLists(text: string): Peer[][] {
  return peerListsOfBlocks(consistentBlocks(text));
}

/** `ringPeerLists` of the blocks `consistentBlocks` gives. */
export function peerListsOfBlocks(blocks: readonly string[]): Peer[][] {
  const lists: Peer[][] = [];
  const unread: string[] = [];
  for (const block of blocks) {
    const read = readSimpleUpstream(block);
    if (read === undefined) unread.push(block);
    else if (read !== NOT_A_RING) lists.push(read);
  }
  if (unread.length > 0) lists.push(...parsedPeerLists(wrapped(unread)));
  return lists;
}

/** The lists the real parser and `expandPeers` give for the upstreams in `config`. */
export function parsedPeerLists(config: string): Peer[][] {
  const { model } = analyzeNginx({ path: '/lb-drift/ring-helper.conf', text: config }, noIncludes);
  const lists: Peer[][] = [];
  for (const pool of model.pools) {
    if (pool.algorithm !== 'consistent-hash') continue;
    const { primary, backup } = expandPeers(pool);
    if (primary.length === 1 && backup.length === 0) continue;
    lists.push([...primary]);
  }
  return lists;
}

/** A block read directly that is not a ring (not consistent-hash, or a single peer). */
export const NOT_A_RING: Peer[] = [];

/** Directives of an upstream block that change no peer and no algorithm. */
const NEUTRAL = new Set(['keepalive', 'keepalive_requests', 'keepalive_time', 'keepalive_timeout', 'zone']);
/** Parameters whose value does not change a peer, valid or not (an invalid one is skipped alike). */
const LIMITS = ['max_fails=', 'fail_timeout=', 'max_conns=', 'slow_start='];
const WORD = /^[A-Za-z0-9_.:\-[\]/]+$/;
const WEIGHT = /^weight=[1-9][0-9]{0,8}$/;

/**
 * The primary peers of an upstream block of the common shape (see the top), NOT_A_RING when it
 * has that shape but reaches no ring, undefined when it has another shape.
 */
export function readSimpleUpstream(block: string): Peer[] | undefined {
  const open = block.indexOf('{');
  if (open < 0 || !block.endsWith('}')) return undefined;
  const body = block.slice(open + 1, -1);
  if (/["'#\\{]/.test(body)) return undefined;
  const statements = body.split(';');
  if (statements.pop()!.trim() !== '') return undefined;
  const primary: Peer[] = [];
  let backups = 0;
  let members = 0;
  let consistent = false;
  for (const statement of statements) {
    const words = statement.trim().split(/\s+/);
    const name = words[0]!;
    if (name === 'server') {
      const server = words[1];
      if (server === undefined || !WORD.test(server)) return undefined;
      let weight = 1;
      let up = true;
      let backup = false;
      for (let i = 2; i < words.length; i++) {
        const word = words[i]!;
        if (WEIGHT.test(word)) weight = Number(word.slice(7));
        else if (word === 'down') up = false;
        else if (word === 'backup') backup = true;
        else if (!LIMITS.some((limit) => word.startsWith(limit))) return undefined;
      }
      const peer: Peer = { member: members++, weight, up, server };
      if (backup) backups++;
      else primary.push(peer);
    } else if (name === 'hash') {
      if (words.length !== 3 || words[2] !== 'consistent' || consistent) return undefined;
      consistent = true;
    } else if (!NEUTRAL.has(name)) return undefined;
  }
  if (!consistent || (primary.length === 1 && backups === 0)) return NOT_A_RING;
  return primary;
}
